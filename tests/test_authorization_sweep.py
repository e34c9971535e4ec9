"""Every URL, visited as anonymous, as every role and as another unit's staff.

SWEEP names, for each URL of the product, the object its kwargs point at (always town A's) and
who may GET it and who may POST to it. The sweep then asserts: anonymous visitors are sent to
log in (public URLs excepted); allowed users get a page, never a 500; everyone else gets 403 or
404 (another unit's staff on town A's objects: 404, the object is not visible to them); a POST
by a user who may not POST changes no row of the product's tables. A URL missing from SWEEP
fails `test_every_url_is_in_the_sweep`, so a new page cannot skip the sweep.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.tracker.test_security_csp import inline_code_in
from tracker.models import (
    Assignment,
    Bulletin,
    CalendarFeed,
    Evidence,
    ExtensionRequest,
    LedgerExport,
    Notification,
    ProgressReport,
    SupervisionForm,
    Task,
)

ADMINS = frozenset({"admin", "supervisor"})
READERS = ADMINS | {"leader"}
UNIT_A_MEMBERS = frozenset({"town_a_staff", "town_a_leader"})
EVERYONE = READERS | UNIT_A_MEMBERS | {"town_b_staff"}
UNIT_A_READERS = READERS | UNIT_A_MEMBERS  # see town A's objects
UNIT_A_ACTORS = ADMINS | UNIT_A_MEMBERS  # act on town A's objects (leaders only read)
NOBODY = frozenset()
PERSONAS = ("admin", "supervisor", "leader", "town_a_staff", "town_a_leader", "town_b_staff")


@dataclass(frozen=True)
class Access:
    """Who may use one URL, and which of the world's objects fills its kwargs."""

    kwargs: str | None = None  # key of World.kwargs, e.g. "speech"
    get: frozenset = NOBODY  # may GET (a page, a download or a redirect)
    post: frozenset = NOBODY  # may POST
    public: bool = False  # no login needed (login, healthz, token feeds)
    methods: tuple = ("GET", "POST")  # what the view answers at all (others get 405)
    extra: dict = field(default_factory=dict)  # extra POST fields
    get_writes: bool = False  # a GET that may create a row (a personal feed token on first visit)


SWEEP: dict[str, Access] = {
    "home": Access(get=EVERYONE, methods=("GET",)),
    "healthz": Access(get=EVERYONE, public=True, methods=("GET",)),
    "login": Access(public=True, post=EVERYONE),  # a signed-in user is sent home
    "logout": Access(get=NOBODY, post=EVERYONE, methods=("POST",)),
    "password-change": Access(get=EVERYONE, post=EVERYONE),  # one's own password
    "password-change-done": Access(get=EVERYONE, methods=("GET",)),
    # resetting town A's staff member's password: admins and supervisors
    "password-reset": Access(kwargs="member", get=ADMINS, post=ADMINS),
    "tracker:unit-list": Access(get=EVERYONE, methods=("GET",)),
    "tracker:unit-detail": Access(kwargs="town_a", get=EVERYONE, methods=("GET",)),
    "speeches:speech-list": Access(get=READERS, methods=("GET",)),
    "speeches:speech-import": Access(get=ADMINS, post=ADMINS),
    "speeches:upload-status": Access(kwargs="upload", get=ADMINS, methods=("GET",)),
    "speeches:speech-detail": Access(kwargs="speech", get=READERS, methods=("GET",)),
    "speeches:speech-state": Access(kwargs="speech", get=READERS, methods=("GET",)),
    "speeches:speech-edit": Access(kwargs="speech", post=ADMINS, methods=("POST",)),
    "speeches:speech-source": Access(kwargs="speech", get=READERS, methods=("GET",)),
    "speeches:speech-extract": Access(kwargs="speech", post=ADMINS, methods=("POST",)),
    # review of extracted candidates: supervisors only
    "speeches:speech-review": Access(kwargs="speech", get=ADMINS, methods=("GET",)),
    "speeches:candidate-list": Access(kwargs="speech", get=ADMINS, methods=("GET",)),
    "speeches:speech-facts": Access(
        kwargs="speech", post=ADMINS, methods=("POST",), extra={"kind": "notice"}
    ),
    "speeches:candidate-add": Access(kwargs="speech", post=ADMINS, methods=("POST",)),
    "speeches:candidate-bulk-accept": Access(kwargs="speech", post=ADMINS, methods=("POST",)),
    "speeches:candidate-row": Access(kwargs="candidate", get=ADMINS, methods=("GET",)),
    "speeches:candidate-edit": Access(kwargs="candidate", get=ADMINS, post=ADMINS),
    "speeches:candidate-accept": Access(kwargs="candidate", post=ADMINS, methods=("POST",)),
    "speeches:candidate-reject": Access(kwargs="candidate", post=ADMINS, methods=("POST",)),
    "speeches:candidate-restore": Access(kwargs="candidate", post=ADMINS, methods=("POST",)),
    "speeches:candidate-split": Access(kwargs="candidate", post=ADMINS, methods=("POST",)),
    "speeches:candidate-merge": Access(kwargs="candidate", post=ADMINS, methods=("POST",)),
    "speeches:candidate-units": Access(
        kwargs="candidate", post=ADMINS, methods=("POST",), extra={"action": "drop"}
    ),
    # dashboard and unit pages
    "tracker:dashboard": Access(get=READERS, methods=("GET",)),
    "tracker:my-tasks": Access(get=EVERYONE, methods=("GET",)),  # readers: sent to dashboard
    "tracker:unit-page": Access(kwargs="town_a", get=UNIT_A_READERS, methods=("GET",)),
    "tracker:unit-assignment-panel": Access(
        kwargs="unit_assignment", get=UNIT_A_READERS, methods=("GET",)
    ),
    "tracker:unit-assignment-transition": Access(
        kwargs="unit_assignment",
        post=UNIT_A_ACTORS,
        methods=("POST",),
        extra={"transition": "start"},
    ),
    "tracker:unit-assignment-report": Access(
        kwargs="unit_assignment", post=UNIT_A_ACTORS, methods=("POST",)
    ),
    # an assignment of town A and what hangs off it
    "tracker:assignment-detail": Access(kwargs="assignment", get=UNIT_A_READERS, methods=("GET",)),
    "tracker:assignment-transition": Access(
        kwargs="assignment", post=UNIT_A_ACTORS, methods=("POST",), extra={"transition": "start"}
    ),
    "tracker:report-progress": Access(kwargs="assignment", post=UNIT_A_ACTORS, methods=("POST",)),
    "tracker:request-extension": Access(kwargs="assignment", post=UNIT_A_ACTORS, methods=("POST",)),
    "tracker:decide-extension": Access(kwargs="assignment", post=ADMINS, methods=("POST",)),
    "tracker:change-due-date": Access(kwargs="assignment", post=ADMINS, methods=("POST",)),
    "tracker:reassign": Access(kwargs="assignment", post=ADMINS, methods=("POST",)),
    "tracker:assignment-urge": Access(kwargs="assignment", post=ADMINS, methods=("POST",)),
    # the 督查室 worklist and its one-click actions: supervisors only
    "tracker:worklist": Access(get=ADMINS, methods=("GET",)),
    "tracker:worklist-transition": Access(
        kwargs="assignment", post=ADMINS, methods=("POST",), extra={"transition": "close"}
    ),
    "tracker:worklist-urge": Access(kwargs="assignment", post=ADMINS, methods=("POST",)),
    "tracker:worklist-decide": Access(kwargs="extension", post=ADMINS, methods=("POST",)),
    "tracker:unit-urge": Access(kwargs="town_a", post=ADMINS, methods=("POST",)),
    # 督办单: seen with the assignment, issued by supervisors
    "tracker:assignment-forms": Access(kwargs="assignment", get=UNIT_A_READERS, post=ADMINS),
    "tracker:supervision-form-download": Access(
        kwargs="supervision_form", get=UNIT_A_READERS, methods=("GET",)
    ),
    "tracker:supervision-form-print": Access(
        kwargs="supervision_form", get=UNIT_A_READERS, methods=("GET",)
    ),
    # 督查通报: drafts for supervisors and leaders (units see issued ones), issued by supervisors
    "tracker:bulletin-list": Access(get=EVERYONE, methods=("GET",)),
    "tracker:bulletin-new": Access(
        post=ADMINS, methods=("POST",), extra={"period": "week", "named_after_days": "7"}
    ),
    "tracker:bulletin-detail": Access(kwargs="bulletin", get=READERS, methods=("GET",)),
    "tracker:bulletin-download": Access(kwargs="bulletin", get=READERS, methods=("GET",)),
    "tracker:bulletin-closing": Access(
        kwargs="bulletin", post=ADMINS, methods=("POST",), extra={"closing": "结尾"}
    ),
    "tracker:bulletin-issue": Access(kwargs="bulletin", post=ADMINS, methods=("POST",)),
    "tracker:bulletin-retry": Access(kwargs="bulletin", post=ADMINS, methods=("POST",)),
    # 考核: the ranking for everyone, the weights for administrators; 批示: leaders only
    "tracker:assessment": Access(get=EVERYONE, methods=("GET",)),
    "tracker:score-weights": Access(get=frozenset({"admin"}), post=frozenset({"admin"})),
    "tracker:task-instruction": Access(
        kwargs="private_task", post=frozenset({"leader"}), methods=("POST",)
    ),
    "tracker:evidence-download": Access(kwargs="evidence", get=UNIT_A_READERS, methods=("GET",)),
    "tracker:task-detail": Access(kwargs="private_task", get=UNIT_A_READERS, methods=("GET",)),
    "tracker:task-edit": Access(kwargs="private_task", post=ADMINS, methods=("POST",)),
    # the signed-in user's own notifications, feeds and exports
    "tracker:notification-list": Access(get=EVERYONE, methods=("GET",)),
    "tracker:notification-bell": Access(get=EVERYONE, methods=("GET",)),
    "tracker:notification-read": Access(
        kwargs="notification", post=frozenset({"town_a_staff"}), methods=("POST",)
    ),
    "tracker:notification-read-all": Access(post=EVERYONE, methods=("POST",)),
    "tracker:calendar-settings": Access(get=EVERYONE, methods=("GET",)),
    "tracker:calendar-reset": Access(post=EVERYONE, methods=("POST",), extra={"which": "user"}),
    "tracker:calendar-feed": Access(
        kwargs="user_feed_token", get=EVERYONE, public=True, methods=("GET",)
    ),
    "tracker:ledger-export": Access(post=READERS, methods=("POST",)),
    "tracker:ledger-print": Access(get=READERS, methods=("GET",)),
    "tracker:unit-ledger-export": Access(kwargs="town_a", post=UNIT_A_READERS, methods=("POST",)),
    "tracker:unit-ledger-print": Access(kwargs="town_a", get=UNIT_A_READERS, methods=("GET",)),
    "tracker:ledger-export-status": Access(
        kwargs="export", get=frozenset({"town_a_staff"}), methods=("GET",)
    ),
    "tracker:ledger-export-download": Access(
        kwargs="export", get=frozenset({"town_a_staff"}), methods=("GET",)
    ),
    "tracker:ledger-export-retry": Access(
        kwargs="export", post=frozenset({"town_a_staff"}), methods=("POST",)
    ),
    # directory administration
    "tracker:directory-import": Access(get=ADMINS, post=ADMINS),
    "tracker:directory-import-template": Access(
        kwargs="import_template", get=ADMINS, methods=("GET",)
    ),
}


def _form_content() -> dict:
    return {
        "office": "区委督查室", "number": "督〔2026〕1号", "level_label": "一般督办",
        "issued_on": "2026-12-01", "task_title": "完成整顿", "source": "《讲话》",
        "quote": "各乡镇要在年底前完成整顿", "lead_units": ["甲镇"], "cooperating_units": [],
        "due": "2026年12月31日", "requirements": "按期完成", "feedback": "每月报送",
        "instructions": [],
    }  # fmt: skip


def _bulletin_content() -> dict:
    from tracker.services.documents import bulletin, bulletins

    content = bulletin.BulletinContent(
        office="区委督查室", number="督通〔2026〕　号", title="关于2026年第48周的通报",
        period_label="2026年第48周", issued_on=date(2026, 12, 1), overview="本期共1项。",
        rankings=(("乡镇", (bulletin.RankingLine(1, "甲镇", 1, 0, "—", 0, 0, "100.0"),)),),
        overdue=(), praised=(), named=(), instructions=(), closing="结尾",
    )  # fmt: skip
    return bulletins.to_json(bulletins.Draft(content=content, notify_unit_ids=()))


class World:
    """One speech, one task assigned to towns A and B, and town A's reports, files and feeds."""

    def __init__(self, *, district, town_a, town_b, supervisor, town_a_staff, town_b_staff):
        from speeches.models import Directive, Speech

        now = timezone.now()
        self.now = now
        self.speech = Speech.objects.create(
            title="在全区基层党建工作会议上的讲话",
            text="各乡镇要在年底前完成整顿。组织部门每半年召开1次专题会议。",
            content_hash="0" * 64,
            delivered_on=date(2026, 2, 4),
            imported_by=supervisor,
            imported_at=now,
            source_file=ContentFile("各乡镇要在年底前完成整顿。".encode(), name="讲话.txt"),
            source_name="讲话.txt",
        )
        self.directive = Directive.objects.create(
            speech=self.speech,
            ordinal=1,
            quote="各乡镇要在年底前完成整顿",
            start=0,
            end=12,
            task="完成整顿",
            deadline=date(2026, 12, 31),
            confidence=0.9,
        )
        self.task = Task.objects.create(
            speech=self.speech,
            title="完成整顿",
            created_by=supervisor,
            created_at=now,
            due_on=date(2026, 12, 31),
        )
        self.assignment = Assignment.objects.create(
            task=self.task, unit=town_a, created_at=now, updated_at=now, due_on=date(2026, 12, 31)
        )
        self.private_task = Task.objects.create(
            speech=self.speech,
            title="甲镇专项整治",
            created_by=supervisor,
            created_at=now,
        )
        Assignment.objects.create(
            task=self.private_task, unit=town_a, created_at=now, updated_at=now
        )
        self.other_assignment = Assignment.objects.create(
            task=self.task, unit=town_b, created_at=now, updated_at=now, due_on=date(2026, 12, 31)
        )
        self.report = ProgressReport.objects.create(
            assignment=self.assignment,
            author=town_a_staff,
            text="已部署",
            progress=30,
            created_at=now,
        )
        self.evidence = Evidence.objects.create(
            report=self.report,
            file=ContentFile(b"%PDF-1.4 evidence", name="证明.pdf"),
            original_name="证明.pdf",
            content_type="application/pdf",
            size=17,
        )
        self.extension = ExtensionRequest.objects.create(
            assignment=self.assignment,
            requested_by=town_a_staff,
            requested_at=now,
            old_due_on=date(2026, 12, 31),
            new_due_on=date(2027, 3, 31),
            reason="资金未到位",
        )
        self.notification = Notification.objects.create(
            recipient=town_a_staff,
            assignment=self.assignment,
            kind=Notification.Kind.DUE_SOON,
            for_date=date(2026, 12, 24),
            subject="任务即将到期",
            created_at=now,
            sent_at=now,
        )
        self.user_feed = CalendarFeed.objects.create(
            token="a" * 40, user=town_a_staff, created_at=now
        )
        self.unit_feed = CalendarFeed.objects.create(token="b" * 40, unit=town_a, created_at=now)
        self.export = LedgerExport.objects.create(
            requested_by=town_a_staff,
            unit=town_a,
            as_of=date(2026, 11, 25),
            created_at=now,
            status=LedgerExport.Status.DONE,
            total_rows=1,
            done_rows=1,
            file=ContentFile(b"PK\x03\x04 ledger", name="台账.xlsx"),
        )
        self.supervision_form = SupervisionForm.objects.create(
            assignment=self.assignment, year=2026, serial=1, number="督〔2026〕1号",
            requirements="按期完成", feedback="每月报送", issued_by=supervisor, issued_at=now,
            file=ContentFile(b"PK\x03\x04 form", name="督办单.docx"),
            content=_form_content(),
        )  # fmt: skip
        self.bulletin = Bulletin.objects.create(
            period_start=date(2026, 11, 23), period_end=date(2026, 11, 29),
            period_label="2026年第48周", requested_by=supervisor, created_at=now,
            status=Bulletin.Status.DRAFT, content=_bulletin_content(), closing="结尾",
        )  # fmt: skip
        self.town_a = town_a
        self.town_b = town_b
        self.member = town_a_staff
        from speeches.models import SpeechUpload

        self.upload = SpeechUpload.objects.create(
            filename="讲话.docx", uploaded_by=supervisor, created_at=now, state="done"
        )

    def kwargs(self, key: str | None) -> dict:
        if key is None:
            return {}
        if key == "user_feed_token":
            return {"token": self.user_feed.token}
        if key == "unit_feed_token":
            return {"token": self.unit_feed.token}
        if key == "candidate":
            return {"speech_pk": self.speech.pk, "pk": self.directive.pk}
        if key == "unit_assignment":
            return {"pk": self.town_a.pk, "assignment_pk": self.assignment.pk}
        if key == "import_template":
            from directory.imports import KIND_UNITS

            return {"kind": KIND_UNITS, "fmt": "csv"}
        return {"pk": getattr(self, key).pk}

    def post_data(self) -> dict:
        """Fields most forms of the product take, with values that would pass validation."""
        return {
            "status": Assignment.Status.DONE,
            "progress": "100",
            "version": str(self.assignment.version),
            "text": "已全部完成",
            "reason": "理由",
            "note": "说明",
            "title": "修改后的标题",
            "task": "修改后的任务",
            "due_on": (self.now.date() + timedelta(days=30)).isoformat(),
            "new_due_on": (self.now.date() + timedelta(days=60)).isoformat(),
            "delivered_on": "2026-02-04",
            "decision": "approve",
            "units": [str(self.town_a.pk)],
            "unit": str(self.town_a.pk),
            "pasted": "各乡镇要在年底前完成整顿。",
        }


def _url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def product_url_names() -> list[str]:
    names = set(_url_names(get_resolver().url_patterns))
    return sorted(n for n in names if not n.startswith("admin:"))


def snapshot() -> str:
    """A fingerprint of every row of the product's tables."""
    digest = hashlib.sha256()
    for label in ("tracker", "speeches"):
        for model in apps.get_app_config(label).get_models():
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def world(district, town_a, town_b, supervisor, town_a_staff, town_b_staff):
    return World(
        district=district,
        town_a=town_a,
        town_b=town_b,
        supervisor=supervisor,
        town_a_staff=town_a_staff,
        town_b_staff=town_b_staff,
    )


@pytest.fixture
def personas(admin_user, supervisor, leader, town_a_staff, town_a_leader, town_b_staff):
    return {
        "admin": admin_user,
        "supervisor": supervisor,
        "leader": leader,
        "town_a_staff": town_a_staff,
        "town_a_leader": town_a_leader,
        "town_b_staff": town_b_staff,
    }


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302) and "HX-Redirect" not in response:
        return False
    location = response.get("Location") or response.get("HX-Redirect")
    return urlsplit(location).path == reverse("login")


TOWN_A_OBJECTS = {
    "supervision_form",
    "assignment",
    "unit_assignment",
    "evidence",
    "private_task",
    "notification",
    "export",
}


def _denied_statuses(access: Access, persona: str) -> set[int]:
    if persona == "town_b_staff" and access.kwargs in TOWN_A_OBJECTS:
        return {404}  # town A's object is invisible to another unit: not even its existence
    return {403, 404}


def test_every_url_is_in_the_sweep():
    missing = [name for name in product_url_names() if name not in SWEEP]
    assert missing == [], f"add these URLs to SWEEP in {__name__}: {missing}"


def test_sweep_has_no_stale_entries():
    assert sorted(set(SWEEP) - set(product_url_names())) == []


SWEPT = sorted(set(SWEEP) & set(product_url_names()))


@pytest.mark.django_db
@pytest.mark.parametrize("name", SWEPT)
def test_anonymous_is_sent_to_login(client, world, name):
    access = SWEEP[name]
    url = reverse(name, kwargs=world.kwargs(access.kwargs))
    before = snapshot()
    for method in access.methods:
        response = getattr(client, method.lower())(url, world.post_data())
        if access.public:
            assert response.status_code < 500, (method, url)
        else:
            assert _is_login_redirect(response), (method, url, response.status_code)
    assert snapshot() == before or access.public


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", SWEPT)
def test_get_as_every_role(client, world, personas, name, persona):
    access = SWEEP[name]
    url = reverse(name, kwargs=world.kwargs(access.kwargs))
    client.force_login(personas[persona])
    before = snapshot()

    response = client.get(url)

    if "GET" not in access.methods:
        assert response.status_code == 405, url
    elif persona in access.get:
        assert response.status_code in (200, 301, 302), (url, response.status_code)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            assert inline_code_in(response.content.decode()) == [], url
    elif name == "login":  # a signed-in user is sent home
        assert response.status_code == 302 and not _is_login_redirect(response)
    else:
        assert response.status_code in _denied_statuses(access, persona), (
            url,
            response.status_code,
        )
    assert access.get_writes or snapshot() == before, f"GET {url} changed data"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", [n for n in SWEPT if "POST" in SWEEP[n].methods])
def test_post_by_the_wrong_user_changes_nothing(client, world, personas, name, persona):
    access = SWEEP[name]
    url = reverse(name, kwargs=world.kwargs(access.kwargs))
    client.force_login(personas[persona])
    before = snapshot()

    response = client.post(url, {**world.post_data(), **access.extra})

    if persona in access.post:
        assert response.status_code < 500
        return
    assert response.status_code in _denied_statuses(access, persona) | {405}, (
        url,
        response.status_code,
    )
    assert snapshot() == before, f"POST {url} by {persona} changed data"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_site_is_for_staff_only(client, personas, persona):
    user = personas[persona]
    client.force_login(user)
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url)
        if user.is_staff:
            assert response.status_code in (200, 403), url
        else:
            assert response.status_code == 302, url
            assert urlsplit(response["Location"]).path == reverse("admin:login")


@pytest.mark.django_db
def test_media_files_are_not_served_by_url(client, world, town_b_staff):
    client.force_login(town_b_staff)
    response = client.get("/media/" + world.evidence.file.name)
    assert response.status_code == 404


@pytest.mark.django_db
def test_calendar_feed_answers_only_a_known_token(client, world):
    feed = client.get(reverse("tracker:calendar-feed", kwargs=world.kwargs("user_feed_token")))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    guessed = client.get(reverse("tracker:calendar-feed", kwargs={"token": "c" * 40}))
    assert guessed.status_code == 404


@pytest.mark.django_db
def test_the_snapshot_sees_an_allowed_post(client, world, town_a_staff):
    client.force_login(town_a_staff)
    before = snapshot()
    url = reverse("tracker:report-progress", kwargs=world.kwargs("assignment"))
    client.post(url, {"version": world.assignment.version, "text": "已完成一半", "progress": "50"})
    world.assignment.refresh_from_db()
    assert world.assignment.progress == 50
    assert snapshot() != before
