"""Japanese and Korean legacy encodings are refused with their own message (they used to import
as plausible-looking Chinese gibberish); UTF-16 without a BOM is read, however few ASCII
characters the speech has."""

from pathlib import Path

import pytest

from speeches.importers import ImportRejected, read_document
from speeches.importers.decode import decode_bytes
from speeches.importers.errors import JAPANESE_OR_KOREAN

JAPANESE = (
    "各部署は年末までに業務改善計画を提出すること。\n会議は毎月開催し、進捗状況を報告してください。\n"
    "市民の安全を確保するため、全職員が協力して取り組む必要があります。\n"
) * 5
KOREAN = (
    "각 부서는 연말까지 업무 개선 계획을 제출해야 합니다.\n"
    "회의는 매월 개최하고 진행 상황을 보고해 주십시오.\n"
    "시민의 안전을 확보하기 위해 모든 직원이 협력해야 합니다.\n"
) * 5
# Few ASCII characters and many 一: the NULs of the ASCII lane are outnumbered by 一's.
CHINESE = (
    "一是要统一思想，一以贯之抓落实。\n一要坚持一张蓝图绘到底，一件一件抓，一年接着一年干。\n"
    "各乡镇党委要在年底前完成村级活动场所建设，组织部门每半年至少召开一次专题会议。\n"
) * 8
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "speeches"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(JAPANESE, "shift_jis"), (JAPANESE, "cp932"), (JAPANESE, "euc_jp"), (KOREAN, "euc_kr")],
)
def test_japanese_and_korean_legacy_encodings_are_refused_with_a_clear_message(text, encoding):
    with pytest.raises(ImportRejected) as refused:
        read_document(text.encode(encoding), "speech.txt")
    assert refused.value.message == JAPANESE_OR_KOREAN


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_when_ideographs_outnumber_ascii(encoding):
    assert decode_bytes(CHINESE.encode(encoding)) == (CHINESE, encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_with_no_ascii_at_all(encoding):
    text = CHINESE.replace("\n", "　")
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8"])
def test_chinese_in_its_usual_encodings_is_not_taken_for_japanese_or_korean(encoding):
    assert decode_bytes(CHINESE.encode(encoding))[0] == CHINESE


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/speeches is not beside the checkout")
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "gb18030"])
def test_every_sample_speech_reads_back_in_every_encoding(encoding):
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert decode_bytes(text.encode(encoding))[0] == text, path.name
