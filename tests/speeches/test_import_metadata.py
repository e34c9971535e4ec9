"""Title, speaker and delivery date are read from the head of a speech."""

from datetime import date

import pytest

from speeches.importers import read_document, read_pasted_text
from tests.speeches.fixtures_build import sample_path


def test_the_sample_speech_has_its_title_speaker_and_date():
    (speech,) = read_document(sample_path("000").read_bytes(), "speech.txt").speeches

    assert speech.title == "在全区基层党建工作会议上的讲话"
    assert speech.speaker == "陈爱喜"
    assert speech.delivered_on == date(2010, 2, 4)
    assert speech.position == 1


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("001", "在全市基层党建工作现场推进会上的讲话"),
        ("003", "全区大家工作会议讲话稿"),
        ("004", "在全市抓基层党建工作推进会上的交流发言"),
    ],
)
def test_samples_without_a_date_have_a_title_and_no_date(prefix, title):
    (speech,) = read_document(sample_path(prefix).read_bytes(), "speech.txt").speeches

    assert (speech.title, speech.speaker, speech.delivered_on) == (title, "", None)


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        pytest.param("（2010年2月4日）", date(2010, 2, 4), id="bracketed"),
        pytest.param("(2010年2月4日)", date(2010, 2, 4), id="ascii-brackets"),
        pytest.param("２０１０年２月４日", date(2010, 2, 4), id="full-width-digits"),
        pytest.param("（二〇一〇年二月四日）", date(2010, 2, 4), id="chinese-numerals"),
        pytest.param("二○一九年十二月三十一日", date(2019, 12, 31), id="circle-zero"),
        pytest.param("（2023年10月20日在全县干部大会上）", date(2023, 10, 20), id="with-occasion"),
        pytest.param("2010.2.4", date(2010, 2, 4), id="dotted"),
        pytest.param("2010-02-04", date(2010, 2, 4), id="iso"),
        pytest.param("（2010年2月30日）", None, id="impossible-day"),
        pytest.param("（20xx年2月4日）", None, id="placeholder-year"),
    ],
)
def test_the_date_under_the_title_is_the_delivery_date(date_line, expected):
    text = (
        f"在全县工作会议上的讲话\n{date_line}\n同志们：\n2009年以来，我们要在2024年3月5日前完成。"
    )

    assert read_pasted_text(text).speeches[0].delivered_on == expected


def test_a_date_in_the_body_is_not_the_delivery_date():
    text = "在全县工作会议上的讲话\n同志们：\n要在2024年3月5日前完成整改。"

    assert read_pasted_text(text).speeches[0].delivered_on is None


def test_a_date_on_the_title_line_counts():
    text = "在全县工作会议上的讲话（2024年3月5日）\n同志们：\n要抓落实。"

    speech = read_pasted_text(text).speeches[0]

    assert speech.delivered_on == date(2024, 3, 5)
    assert speech.title == "在全县工作会议上的讲话（2024年3月5日）"


@pytest.mark.parametrize(
    ("head", "speaker"),
    [
        ("陈爱喜", "陈爱喜"),
        ("区委书记 陈爱喜", "区委书记 陈爱喜"),
        ("陈  爱  喜", "陈爱喜"),
        ("陈爱喜（2010年2月4日）", "陈爱喜"),
        ("（讨论稿）", ""),
        ("（根据录音整理）", ""),
    ],
)
def test_the_speaker_is_the_name_line_under_the_title(head, speaker):
    text = f"在全县工作会议上的讲话\n{head}\n同志们：\n要抓落实。"

    assert read_pasted_text(text).speeches[0].speaker == speaker


def test_a_text_that_starts_with_the_salutation_has_no_title():
    speech = read_pasted_text("同志们：\n要抓落实。").speeches[0]

    assert (speech.title, speech.speaker, speech.delivered_on) == ("", "", None)


def test_a_text_that_starts_with_a_paragraph_has_no_title():
    speech = read_pasted_text("各乡镇要在年底前完成整改任务，确保取得实效。").speeches[0]

    assert speech.title == ""


def test_a_subtitle_belongs_to_the_title_and_the_speaker_follows_it():
    text = (
        "坚定信心 真抓实干\n——在全县经济工作会议上的讲话\n县委书记 张三\n"
        "（二〇二三年一月五日）\n同志们：\n要抓落实。"
    )

    speech = read_pasted_text(text).speeches[0]

    assert speech.title == "坚定信心 真抓实干——在全县经济工作会议上的讲话"
    assert speech.speaker == "县委书记 张三"
    assert speech.delivered_on == date(2023, 1, 5)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        pytest.param(
            "白沙县农业农村局\n关于做好2026年高标准农田建设项目前期工作的通知\n白农发〔2026〕3号\n",
            "白沙县农业农村局关于做好2026年高标准农田建设项目前期工作的通知",
            id="issuer-line-above-the-title",
        ),
        pytest.param(
            "丹屏市住房和城乡建设局文件\n丹建〔2018〕86号\n丹屏市住房和城乡建设局\n"
            "关于印发《丹屏市城镇燃气安全专项整治\n工作方案》的通知\n",
            "丹屏市住房和城乡建设局关于印发《丹屏市城镇燃气安全专项整治工作方案》的通知",
            id="letterhead-number-and-a-wrapped-title",
        ),
        pytest.param(
            "青岚县人民政府\n专题会议纪要\n〔2014〕第37期\n青岚县人民政府办公室  2014年9月15日\n"
            "关于研究城区集中供热项目推进有关问题的会议纪要\n",
            "关于研究城区集中供热项目推进有关问题的会议纪要",
            id="minutes-title-under-a-dated-issuer-line",
        ),
        pytest.param(
            "琅岑县人民政府督查室\n督 办 通 知 单\n琅政督〔2024〕37号\n",
            "琅岑县人民政府督查室督办通知单",
            id="issuer-and-spaced-genre-label",
        ),
        pytest.param(
            "首页 > 政务公开 > 工作动态 > 县内要闻\n赤岭县召开2016年防汛抗旱工作会议\n"
            "来源:赤岭县水务局    发布时间:2016-05-18 10:26\n",
            "赤岭县召开2016年防汛抗旱工作会议",
            id="news-headline-under-a-breadcrumb",
        ),
        pytest.param(
            "在中共岫川县委十三届九次全体（扩大）会议\n暨全县经济工作会议上的讲话\n"
            "县委书记  张某某\n",
            "在中共岫川县委十三届九次全体（扩大）会议暨全县经济工作会议上的讲话",
            id="speech-title-wrapped-after-the-occasion",
        ),
    ],
)
def test_the_title_of_a_document_is_read_from_its_head(head, title):
    text = head + "各乡镇人民政府：\n各乡镇要在年底前完成整改。\n"

    assert read_pasted_text(text).speeches[0].title == title


def test_an_official_document_is_dated_by_its_signature():
    text = (
        "白沙县农业农村局\n关于做好项目前期工作的通知\n各乡镇人民政府：\n"
        "2025年，全县建成高标准农田3.6万亩。各乡镇要在2月10日前完成选址。\n"
        "白沙县农业农村局\n2026年1月12日\n"
    )

    assert read_pasted_text(text).speeches[0].delivered_on == date(2026, 1, 12)


def test_a_date_in_the_last_paragraph_is_not_a_signature():
    text = "在全县工作会议上的讲话\n同志们：\n要在2024年3月5日前完成整改。\n"

    assert read_pasted_text(text).speeches[0].delivered_on is None
