import gzip
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from speeches.extraction import detector
from speeches.extraction.detector import (
    WEIGHTS_PATH,
    char_ngrams,
    directive_probability,
    load_weights,
    probability,
    weights_from_dict,
)

REPO = Path(__file__).resolve().parents[2]

TINY = {
    "format": 1,
    "ngram_range": [1, 2],
    "lowercase": True,
    "sublinear_tf": False,
    "norm": "l2",
    "intercept": -0.5,
    "features": {"a": [1.0, 2.0], "b": [2.0, -1.0], "ab": [1.5, 0.5]},
}


def test_importing_the_detector_loads_no_django_or_numerical_library():
    code = (
        "import sys; from speeches.extraction.detector import directive_probability; "
        "directive_probability('各乡镇要抓好落实。'); "
        "roots = {m.split('.')[0] for m in sys.modules}; "
        "print(sorted(roots & {'django', 'numpy', 'scipy', 'sklearn'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_pure_inference_equals_a_hand_computed_example():
    weights = weights_from_dict(TINY)
    # "AAB" lowercased: a×2, b×1, aa×1 (unknown), ab×1 -> tf-idf (2, 2, 1.5)
    norm = math.sqrt(2**2 + 2**2 + 1.5**2)
    z = -0.5 + (2 * 2.0 + 2 * -1.0 + 1.5 * 0.5) / norm
    assert probability("AAB", weights) == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-12)


def test_sublinear_term_frequency_is_one_plus_log():
    weights = weights_from_dict({**TINY, "sublinear_tf": True, "features": {"a": [1.0, 1.0]}})
    # one feature only: the l2-normalised value is 1 whatever the count
    assert probability("aaa", weights) == pytest.approx(1 / (1 + math.exp(-0.5)))


def test_text_without_known_ngrams_scores_the_intercept():
    weights = weights_from_dict(TINY)
    assert probability("", weights) == pytest.approx(1 / (1 + math.exp(0.5)))
    assert probability("xyz", weights) == pytest.approx(1 / (1 + math.exp(0.5)))


def test_white_space_runs_fold_into_one_space_as_in_training():
    assert char_ngrams("a \n\tb", 1, 2) == ["a", " ", "b", "a ", " b"]
    assert char_ngrams("ab", 1, 3) == ["a", "b", "ab"]


def test_an_unknown_weights_format_is_refused():
    with pytest.raises(ValueError):
        weights_from_dict({**TINY, "format": 99})


def test_gzipped_weights_load_like_plain_ones(tmp_path):
    path = tmp_path / "weights.json.gz"
    path.write_bytes(gzip.compress(json.dumps(TINY).encode("utf-8")))
    assert load_weights(path) == weights_from_dict(TINY)


def test_shipped_weights_are_under_five_megabytes():
    assert WEIGHTS_PATH.exists()
    assert WEIGHTS_PATH.stat().st_size < 5 * 1024 * 1024
    assert len(load_weights().features) > 1000


@pytest.mark.parametrize(
    "text",
    [
        "",
        "。",
        "要" * 500,
        "Ｈｅｌｌｏ world 123",
        "各乡镇要于6月底前完成辖区内危房排查，并将排查结果报县住建局。",
    ],
)
def test_probability_is_between_zero_and_one(text):
    assert 0.0 <= directive_probability(text) <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "各乡镇要于6月底前完成辖区内危房排查，并将排查结果报县住建局。",
        "县交通运输局负责，年底前完成农村公路安全隐患整治。",
        "请各单位于每月25日前报送工作进展情况。",
    ],
)
def test_a_clear_directive_scores_high(text):
    assert directive_probability(text) >= 0.7


@pytest.mark.parametrize(
    "text",
    [
        "去年全县完成固定资产投资12.5亿元，同比增长8.3%。",
        "近年来，我县累计建成农村公路320公里，群众出行条件明显改善。",
        "会议在县政府三楼会议室召开，县直各部门主要负责同志参加会议。",
    ],
)
def test_a_statistic_or_achievement_scores_low(text):
    assert directive_probability(text) <= 0.3


def test_weights_are_loaded_once_per_process():
    assert detector.load_weights() is detector.load_weights()
