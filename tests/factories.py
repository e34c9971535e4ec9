"""factory_boy factories that build consistent graphs."""

import datetime

import factory
from django.utils import timezone

from directory.models import Unit, UnitAlias, User
from speeches.models import Directive, Speech
from tracker.models import Assignment, Task

TEST_PASSWORD = "correct-horse-battery-staple"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试{n}镇")
    kind = Unit.Kind.TOWNSHIP


class UnitAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitAlias

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"别名{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.UNIT_STAFF
    unit = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in User.UNIT_ROLES),
        yes_declaration=factory.SubFactory(UnitFactory),
        no_declaration=None,
    )
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SpeechFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speech

    title = factory.Sequence(lambda n: f"在全区工作会议上的讲话（{n}）")
    delivered_on = datetime.date(2024, 3, 5)
    text = "各乡镇要在年底前完成村级活动场所建设。"
    content_hash = factory.Sequence(lambda n: f"{n:064d}")
    state = Speech.State.READY
    imported_at = factory.LazyFunction(timezone.now)


class DirectiveFactory(factory.django.DjangoModelFactory):
    """A candidate whose quote is the speech text at its offsets (the whole text by default)."""

    class Meta:
        model = Directive
        skip_postgeneration_save = True

    speech = factory.SubFactory(SpeechFactory)
    ordinal = factory.Sequence(lambda n: n + 1)
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.speech.text))
    quote = factory.LazyAttribute(lambda o: o.speech.text[o.start : o.end])
    task = factory.LazyAttribute(lambda o: o.quote)
    confidence = 0.9

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)


class TaskFactory(factory.django.DjangoModelFactory):
    """A task quoting its speech's whole text, created by a supervisor."""

    class Meta:
        model = Task

    speech = factory.SubFactory(SpeechFactory)
    title = factory.Sequence(lambda n: f"完成第{n}项重点工作")
    quote = factory.LazyAttribute(lambda o: o.speech.text if o.speech else "")
    quote_start = 0
    quote_end = factory.LazyAttribute(lambda o: len(o.quote))
    due_on = datetime.date(2024, 12, 31)
    created_by = factory.SubFactory(
        UserFactory, username="factory_supervisor", role=User.Role.SUPERVISOR
    )
    created_at = factory.LazyFunction(timezone.now)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """One unit's share of a task, due on the task's deadline."""

    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    due_on = factory.LazyAttribute(lambda o: o.task.due_on)
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)
