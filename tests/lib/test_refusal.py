"""One refusal type: review and workflow services refuse with ``Refused`` and its ``message``."""

from lib.refusal import Refused
from speeches.services.review import ReviewRefused
from tracker.services.assignments import STALE_VERSION, StaleVersion, WorkflowRefused


def test_every_service_refusal_is_a_refused_with_its_chinese_message():
    for refusal in (ReviewRefused("该候选已采纳"), WorkflowRefused("请填写进展情况")):
        assert isinstance(refusal, Refused)
    assert WorkflowRefused("请填写进展情况").message == "请填写进展情况"


def test_a_stale_form_is_told_apart_by_its_class():
    refusal = StaleVersion(STALE_VERSION, code="stale")
    assert isinstance(refusal, WorkflowRefused)
    assert refusal.message == STALE_VERSION
