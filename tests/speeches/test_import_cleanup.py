"""Cleanup removes the sites' advertising and keeps every paragraph of the speech."""

import re

import pytest

from speeches.importers import clean_text, read_document, read_pasted_text
from tests.speeches.fixtures_build import sample_path, sample_text

# Line numbers (1-based) of the advertising in each sample, read off the files by hand.
BOILERPLATE_LINES = {
    "000": set(),
    "001": {1, 2, 3, 6, *range(36, 44)},
    "002": {131, 158, *range(159, 165)},  # two title echoes, six "N位用户关注" counters
    "003": set(),
    "004": {*range(1, 6), 7, 8, 9, 18, 30},
}
# Watermarks a 范文 site spliced into two paragraphs of 002 (line number: tag).
INLINE_TAGS = {10: "范文内容地图", 29: "范文写作"}


def _normalised(line: str) -> str:
    return re.sub(r" {2,}", " ", re.sub(r"[\u3000\u00a0]", " ", line)).strip()


@pytest.mark.parametrize("prefix", sorted(BOILERPLATE_LINES))
def test_every_speech_line_survives_and_every_ad_line_goes(prefix):
    raw_lines = sample_text(prefix).split("\n")
    cleaned = read_document(sample_path(prefix).read_bytes(), "speech.txt").cleaned_text
    kept = set(cleaned.split("\n"))

    for number, raw in enumerate(raw_lines, start=1):
        line = _normalised(raw)
        if not line:
            continue
        if number in BOILERPLATE_LINES[prefix]:
            assert line not in kept, f"line {number} is advertising: {line}"
        elif prefix == "002" and number in INLINE_TAGS:
            assert line.replace(INLINE_TAGS[number], "") in kept
        else:
            assert line in kept, f"line {number} of the speech was lost: {line[:40]}"


def test_site_name_and_contact_lines_are_gone_from_the_members_only_speech():
    cleaned = read_document(sample_path("001").read_bytes(), "speech.txt").cleaned_text

    assert "酷乐文行" not in cleaned
    assert "QQ" not in cleaned
    assert "会员" not in cleaned
    assert cleaned.startswith("在全市基层党建工作现场推进会上的讲话\n\n同志们：\n")
    assert cleaned.endswith("在服务推动X后发赶超中交出一份精彩答卷！")


def test_the_title_between_two_ad_blocks_is_kept():
    cleaned = read_document(sample_path("004").read_bytes(), "speech.txt").cleaned_text

    assert cleaned.startswith("在全市抓基层党建工作推进会上的交流发言\n\n×区辖×个街道办事处")
    assert cleaned.endswith("提供人才保障和智力支持。")


def test_essay_site_tags_inside_a_paragraph_are_cut_out():
    cleaned = read_document(sample_path("002").read_bytes(), "speech.txt").cleaned_text

    assert "范文写作" not in cleaned
    assert "范文内容地图" not in cleaned
    assert "鼓实劲、出实招、下功夫。" in cleaned
    assert "规范文化市场秩序" in cleaned  # 范文 inside real words stays


def test_whitespace_is_normalised_and_paragraphs_stay_lines():
    text = (
        "标题\r\n\r\n\r\n\r\n\u3000\u3000第一段，有缩进。  \r\n"
        "\u00a0\u00a0第二段  有两个空格。\r第三段\t\n\n\n"
    )

    assert clean_text(text) == "标题\n\n第一段，有缩进。\n第二段 有两个空格。\n第三段"


def test_invisible_characters_are_removed():
    assert clean_text("\ufeff同志们\u200b：\x00要抓\u00ad落实。") == "同志们：要抓落实。"


@pytest.mark.parametrize(
    "sentence",
    [
        "涉密文件严禁外传。",  # a distribution warning inside a sentence of the speech
        "要更多地关注民生，多为群众办实事。",
        "各地要做好党报党刊订阅工作。",
        "仅供参考的数据不能作为考核依据，各部门要以统计局公布的为准。",
        "要严厉打击倒卖车票等违法行为。",
        "政务公开网站www.gov.cn要及时更新，确保群众看得到、看得懂。",
        "资料整理，由办公室负责。",
        "（二）严禁转载涉密文件",  # a heading
        "四、做好党报党刊订阅工作",
        "为基层干部点赞",
    ],
)
def test_speech_sentences_with_advertising_words_are_kept(sentence):
    text = f"在全县工作会议上的讲话\n同志们：\n{sentence}\n谢谢大家！"

    assert sentence in clean_text(text).split("\n")


@pytest.mark.parametrize(
    "line",
    [
        "仅供学习 禁止外传 用后删除",
        "本文来源：某某公文网",
        "更多范文请访问 www.example.com",
        "https://www.example.com/article/123.html",
        "微信号：gongwen2024",
        "加入交流群：123456789",
        "12位用户关注",
        "阅读量：3021",
        "- 3 -",
        "第2页 共5页",
        "【会员资料仅供内部交流使用，严禁外传】",
        "下载完整版请联系客服",
    ],
)
def test_advertising_lines_of_the_genre_are_removed(line):
    text = f"在全县工作会议上的讲话\n同志们：\n要抓好落实。\n{line}\n谢谢大家！"

    assert line not in clean_text(text)
    assert "要抓好落实。" in clean_text(text)


def test_a_credit_line_teaches_the_site_name_which_is_then_removed_everywhere():
    text = (
        "某某文库网\n在全县工作会议上的讲话\n某某文库网整理，咨询QQ12345678\n"
        "同志们：\n要抓好落实。某某文库网\n谢谢大家！\n某某文库网"
    )

    cleaned = clean_text(text)

    assert cleaned == "在全县工作会议上的讲话\n同志们：\n要抓好落实。\n谢谢大家！"


def test_html_in_a_speech_survives_as_text():
    html = '<script>alert("x")</script>'
    link = '<a href="https://example.com/a">会议通知</a>'
    text = f"在全县工作会议上的讲话\n同志们：\n{html}\n要抓好<b>落实</b>。\n{link}"

    document = read_pasted_text(text)

    assert html in document.cleaned_text.split("\n")
    assert "要抓好<b>落实</b>。" in document.speeches[0].text
    assert link in document.cleaned_text.split("\n")


def test_a_title_repeated_at_the_end_of_a_single_speech_is_dropped():
    text = "在全县工作会议上的讲话\n同志们：\n要抓好落实。\n在全县工作会议上的讲话"

    assert clean_text(text) == "在全县工作会议上的讲话\n同志们：\n要抓好落实。"


def test_closing_words_after_the_last_ad_line_are_kept():
    text = "在全县工作会议上的讲话\n同志们：\n要抓好落实。\n某某网整理，咨询QQ12345678\n谢谢大家"

    assert clean_text(text) == "在全县工作会议上的讲话\n同志们：\n要抓好落实。\n谢谢大家"
