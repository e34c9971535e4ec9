import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speeches.extraction.detector import WEIGHTS_PATH

MAX_WEIGHTS_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Train the sentence detector (char n-gram TF-IDF + logistic regression) on the "
        "annotated evaluation sets and write its weights; needs requirements-dev.txt."
    )

    def add_arguments(self, parser):
        repo = Path(settings.BASE_DIR)
        # ../shared beside the checkout (or beside the folder of clones it sits in)
        shared = next(
            (p for p in (repo.parent / "shared", repo.parent.parent / "shared") if p.is_dir()),
            repo.parent / "shared",
        )
        parser.add_argument("--eval-dir", type=Path, default=shared / "eval")
        parser.add_argument("--speeches-dir", type=Path, default=shared / "speeches")
        parser.add_argument("--output", type=Path, default=WEIGHTS_PATH)
        parser.add_argument(
            "--evaluate",
            action="store_true",
            help="also print leave-one-genre-out, by-document and dev-vs-genres held-out figures",
        )

    def handle(self, *args, eval_dir, speeches_dir, output, evaluate, **options):
        try:
            from speeches.training import detector as training
        except ImportError as exc:
            raise CommandError(
                f"训练需要开发依赖（pip install -r requirements-dev.txt）：{exc}"
            ) from exc
        if not (eval_dir / "genres" / "gold.jsonl").exists():
            raise CommandError(f"找不到评测集：{eval_dir}")
        config = training.Config()
        docs = training.load_corpus(eval_dir, speeches_dir)
        texts = [s for d in docs for s in d.sentences]
        labels = [y for d in docs for y in d.labels]
        self.stdout.write(
            f"corpus: {len(docs)} documents, {len(texts)} sentences, "
            f"{sum(labels)} positive; {config}"
        )
        if evaluate:
            training.evaluate(docs, config, self.stdout.write)
            self.stdout.write("")
        started = time.perf_counter()
        model = training.fit(texts, labels, config)
        weights = training.export(model, config)
        size = training.write_weights(weights, output)
        self.stdout.write(
            f"trained in {time.perf_counter() - started:.1f}s: {len(weights['features'])} n-grams, "
            f"{output.name} {size / 1024:.0f} KiB"
        )
        if size > MAX_WEIGHTS_BYTES:
            raise CommandError(f"权重文件超过 5 MB：{size} 字节")
        gap = training.check_inference(model, weights, texts, self.stdout.write)
        if gap > 1e-6:
            raise CommandError(f"纯 Python 推理与 scikit-learn 不一致：{gap:.2e}")
