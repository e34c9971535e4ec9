from decimal import Decimal

import pytest

from tracker.services.scores import UnitFigures, Weights, rank, score_unit


def figures(name="甲镇", kind="township", **counts) -> UnitFigures:
    base = {
        "unit_id": hash(name) % 1000,
        "unit_name": name,
        "unit_kind": kind,
        "total": 10,
        "due": 10,
        "done_on_time": 10,
        "done_late": 0,
        "overdue": 0,
        "overdue_days": 0,
        "reports_due": 4,
        "reports_on_time": 4,
        "reports_late": 0,
        "urges": 0,
        "returns": 0,
    }
    return UnitFigures(**{**base, **counts})


def test_everything_on_time_scores_full_marks():
    score = score_unit(figures(), Weights())
    assert score.value == Decimal(100)
    assert score.explanation[-1] == "得分：100.0 分"


def test_each_part_of_the_score_is_explained_with_its_figures():
    score = score_unit(
        figures(done_on_time=8, due=10, reports_on_time=3, overdue_days=6, urges=2, returns=1),
        Weights(),
    )
    # 8/10 × 60 = 48, 3/4 × 40 = 30, − 6 × 0.5 − 2 × 2 − 1 × 3 = 68
    assert score.value == Decimal("68.0")
    assert score.explanation == (
        "按时办结：8/10 项，80.0% × 60 = 48.0 分",
        "按时报送：3/4 次，75.0% × 40 = 30.0 分",
        "逾期扣分：6 天 × 0.5 = −3.0 分",
        "催办扣分：2 次 × 2 = −4.0 分",
        "退回扣分：1 次 × 3 = −3.0 分",
        "得分：68.0 分",
    )


def test_deductions_stop_at_their_cap_and_the_score_at_zero():
    score = score_unit(figures(done_on_time=0, reports_on_time=0, overdue_days=400), Weights())
    assert "逾期扣分：400 天 × 0.5 = −20.0 分（已封顶）" in score.explanation
    assert score.value == Decimal(0)


def test_nothing_due_counts_as_full_marks_and_says_so():
    score = score_unit(figures(due=0, done_on_time=0, reports_due=0, reports_on_time=0), Weights())
    assert score.value == Decimal(100)
    assert score.explanation[0] == "按时办结：本期无到期任务，按满分计 60.0 分"
    assert score.on_time_rate is None


def test_weights_change_the_score():
    light = Weights(on_time=Decimal(50), reports=Decimal(50))
    assert score_unit(figures(done_on_time=5), light).value == Decimal("75.0")


def test_units_are_ranked_within_their_kind_and_ties_share_a_rank():
    rankings = {
        r.kind: r
        for r in rank(
            [
                figures("甲镇", done_on_time=9),
                figures("乙镇", done_on_time=10),
                figures("丙镇", done_on_time=9),
                figures("城关街道", kind="street", done_on_time=5),
                figures("无任务镇", total=0, due=0, done_on_time=0),
            ],
            Weights(),
        )
    }
    towns = [(s.figures.unit_name, s.rank) for s in rankings["township"].scores]
    assert towns == [("乙镇", 1), ("丙镇", 2), ("甲镇", 2)]
    assert [(s.figures.unit_name, s.rank) for s in rankings["street"].scores] == [("城关街道", 1)]


@pytest.mark.parametrize("field", ["urges", "returns", "overdue_days"])
def test_more_trouble_never_scores_higher(field):
    better = score_unit(figures(**{field: 1}), Weights()).value
    worse = score_unit(figures(**{field: 2}), Weights()).value
    assert worse < better
