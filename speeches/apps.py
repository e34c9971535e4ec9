import logging

from django.apps import AppConfig
from django.conf import settings


class SpeechesConfig(AppConfig):
    name = "speeches"
    verbose_name = "讲话稿"

    def ready(self) -> None:
        # jieba sets its logger to DEBUG with a handler of its own when imported, overriding
        # LOGGING; import it now and apply the configured level again.
        import jieba  # noqa: F401

        jieba_level = settings.LOGGING.get("loggers", {}).get("jieba", {}).get("level", "WARNING")
        logging.getLogger("jieba").setLevel(jieba_level)
