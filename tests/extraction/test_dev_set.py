"""The scorer's own matching on the hand-annotated dev set: a regression turns CI red."""

import importlib.util
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from speeches.extraction import extract
from speeches.importers import read_document

REPO = Path(__file__).resolve().parents[2]
# ../shared beside the checkout (or beside the folder of clones it sits in)
SHARED = next(
    (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if (p / "eval").is_dir()),
    REPO.parent / "shared",
)
EVAL = SHARED / "eval"
# A little under the targets (F1 0.85, tier A 0.95, deadline 0.95, recurrence 0.95, units 0.80),
# so that noise passes and a real regression fails.
THRESHOLDS = {
    "f1": 0.80,
    "tierA_recall": 0.92,
    "deadline_accuracy": 0.92,
    "recurrence_accuracy": 0.92,
    "unit_f1": 0.78,
}

pytestmark = pytest.mark.skipif(
    not (EVAL / "score.py").exists(), reason="../shared/eval (the dev set and scorer) is absent"
)


def _scorer():
    spec = importlib.util.spec_from_file_location("luoshi_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures() -> dict[str, float]:
    score = _scorer()
    dates = json.loads((EVAL / "dev/dates.json").read_text(encoding="utf-8"))
    gold_by_doc = defaultdict(list)
    for path in sorted((EVAL / "dev").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                gold_by_doc[item["doc"]].append(item)
    tot = defaultdict(float)
    for doc, golds in sorted(gold_by_doc.items()):
        raw = (SHARED / "speeches" / doc).read_bytes()
        text = read_document(raw, doc, max_bytes=1 << 62).cleaned_text
        found = extract(text, reference_date=date.fromisoformat(dates[doc]))
        preds = [d.as_json_dict() for d in found]
        assert all(text[d.start : d.end] == d.quote for d in found)
        pairs = score.match(preds, golds)
        matched = {j: i for i, j in pairs}
        tot["pred"] += len(preds)
        tot["gold"] += len(golds)
        tot["hit"] += len(pairs)
        for j, gold in enumerate(golds):
            i = matched.get(j)
            if gold.get("tier") == "A":
                tot["goldA"] += 1
                tot["hitA"] += i is not None
            if i is None:
                continue
            if gold.get("deadline"):
                tot["matched_dl"] += 1
                tot["right_dl"] += preds[i]["deadline"] == gold["deadline"]
            tot["n"] += 1
            tot["rec_ok"] += (preds[i]["recurrence"] or None) == (gold.get("recurrence") or None)
            tot["unit_f1"] += score.unit_f1(preds[i]["units"], gold.get("units"))
    p, r = tot["hit"] / tot["pred"], tot["hit"] / tot["gold"]
    return {
        "f1": 2 * p * r / (p + r),
        "tierA_recall": tot["hitA"] / tot["goldA"],
        "deadline_accuracy": tot["right_dl"] / tot["matched_dl"],
        "recurrence_accuracy": tot["rec_ok"] / tot["n"],
        "unit_f1": tot["unit_f1"] / tot["n"],
    }


@pytest.fixture(scope="module")
def figures():
    return _figures()


@pytest.mark.parametrize("figure", sorted(THRESHOLDS))
def test_dev_set_figure_stays_above_threshold(figures, figure):
    assert figures[figure] >= THRESHOLDS[figure], figures
