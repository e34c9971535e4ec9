"""Normalise whitespace and remove the advertising that speech-selling sites stamp on texts.

The rules describe the genre, not any one site: distribution warnings (仅供学习 禁止外传),
membership and resale notices (会员资料, 倒卖), contact numbers (QQ, 微信号), credits with a
contact ("某某整理，咨询QQ…") and the site name they teach us, "更多…请访问" and source lines,
bare URLs, view counters ("15位用户关注") and PDF page numbers. A *strong* rule removes its line
wherever it stands; a *weak* rule only removes short lines that are not sentences, so a speech
sentence such as "涉密文件严禁外传。" survives, and neither applies to a line that reads as a
title, heading, salutation, date or closing words. Short slogans wedged in a block of ad lines
go with them.
"""

import re

from . import collections, metadata

# Characters that are spaces to a reader: ideographic space (indentation), NBSP, thin spaces.
SPACE_CHARS = re.compile(r"[\u3000\u00a0\u1680\u2000-\u200a\u202f\u205f]")
# Other line separators a Word/PDF export or a web page may leave.
LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Control and format characters a reader never sees: C0/C1 controls (but tab and newline),
# soft hyphen, zero-width and bidi marks, BOM, tag characters.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
BLANK_RUNS = re.compile(r"\n{3,}")
SPACE_RUNS = re.compile(r" {2,}")


def _rules(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


STRONG_RULES = _rules(
    # contact numbers of text resellers: QQ numbers, QQ/WeChat groups, WeChat or account ids
    r"Q\s?Q\s*(?:群|号)?\s*[:：]?\s*\d{5,}",
    r"(?:会员|免费|交流|读者|粉丝|官方|付费)\s*(?:QQ|微信)?群\s*[:：]",
    r"(?:微信号?|公众号|vx|v信|wechat)\s*[:：]\s*[a-z0-9_-]{5,}",
    # membership and resale notices
    r"会员(?:资料|材料|专享|专区|权益|福利|免费|下载|群)|(?:开通|成为|注册|充值|升级)(?:VIP|会员)",
    r"倒卖(?:会员|资料|材料|文档|文章)",
    r"订阅(?:立享|即享|本号|我们|即可|享受)",
    # where the text was copied from, and where to get more
    r"^(?:本文|文章|信息)?(?:来源|出处|转自|摘自|原文链接|原文地址|原文网址)\s*[:：]",
    r"更多.{0,20}?(?:请|敬请|欢迎)(?:访问|关注|登录|点击|下载|搜索|浏览)|更多.{0,20}?尽在",
    r"更多精彩(?:内容|文章|资料|范文)",
    r"(?:下载|获取|领取)(?:地址|链接|完整版|全文|原文)",
    r"(?:网址|官网|网站)\s*[:：]\s*\S+\.\S+",
    # view counters under the text on a web page
    r"^\d+\s*(?:位|个|名)?\s*(?:用户|网友|读者|人)?\s*(?:关注|收藏|浏览|阅读|下载|点赞|评论|分享|喜欢)了?$",
    r"^(?:阅读|浏览|下载|点赞|收藏|评论)(?:量|数|次数)?\s*[:：]?\s*\d+\s*次?$",
    # page numbers of a PDF export: "- 2 -", "第2页 共5页"
    r"^[-—–－]\s*\d{1,4}\s*[-—–－]$",
    r"^第\s*\d+\s*页(?:\s*[/，,、]?\s*共\s*\d+\s*页)?$|^共\s*\d+\s*页\s*第\s*\d+\s*页$",
)
WEAK_RULES = _rules(
    # distribution warnings and copyright notices
    r"(?:禁止|严禁|请勿|不得)(?:外传|转载|传播|商用|翻印|复制)|用后(?:请)?(?:即)?删除",
    r"违者(?:后果)?自负|侵权必究|版权(?:所有|归)",
    r"仅供(?:个人)?(?:学习|参考|内部|交流|阅读|研究)",
    r"倒卖|举报有奖|关注我们|关注本号|代写|代笔",
)
# The closing words of a speech, often written without punctuation.
SPEECH_CLOSING = re.compile(r"^(?:谢谢|感谢|再见|祝)")
# "某某整理，…": a credit line; with a contact on it, its name is the site's watermark.
CREDIT = re.compile(
    r"^(?P<name>[^\s，。,.:：;；、！!？?]{2,12}?)(?:收集整理|编辑整理|整理|收集|制作|出品|发布)"
    r"(?:[，,：:\s]|$)"
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s，。；）)\"'<>]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org)\b",
    re.IGNORECASE,
)
# Section names that essay sites splice into paragraphs ("出实招、范文写作下功夫").
ESSAY_SITE_INLINE_TAGS = re.compile(r"范文(?:写作|内容地图|大全|网)")

SHORT_LINE_CHARS = 40
FILLER_LINE_CHARS = 30
URL_LINE_REST_CHARS = 12
MIN_INLINE_NAME_CHARS = 3  # a two-character name ("本站") is too likely to be a real word


def clean_text(text: str) -> str:
    """Normalise whitespace and remove advertising/watermark lines; paragraphs stay lines."""
    lines = normalise_lines(text)
    lines = remove_boilerplate(lines)
    lines = collections.drop_title_echoes(lines)
    return BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def normalise_lines(text: str) -> list[str]:
    """LF line ends, no invisible characters, single spaces, no indentation or trailing spaces."""
    text = LINE_BREAKS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    text = SPACE_CHARS.sub(" ", text)
    return [SPACE_RUNS.sub(" ", line).strip(" \t") for line in text.split("\n")]


def remove_boilerplate(lines: list[str]) -> list[str]:
    """Drop the advertising lines and the site's name spliced into the remaining ones."""
    names = set()
    marked = [False] * len(lines)
    for index, line in enumerate(lines):
        if not line:
            continue
        strong = _is_strong(line)
        if strong:
            credit = CREDIT.match(line)
            if credit:
                names.add(credit["name"])
        weak = _is_short(line) and _matches_any(WEAK_RULES, line) and not _is_structure(line)
        marked[index] = strong or weak
    for index, line in enumerate(lines):
        if line and line.strip("【】[]「」<>《》 ") in names:
            marked[index] = True
    _mark_wedged_fillers(lines, marked)
    kept = [line for line, drop in zip(lines, marked, strict=True) if not drop]
    inline_names = sorted((n for n in names if len(n) >= MIN_INLINE_NAME_CHARS), key=len)
    inline = [re.escape(name) for name in reversed(inline_names)]
    inline_tags = re.compile("|".join([*inline, ESSAY_SITE_INLINE_TAGS.pattern]))
    return [inline_tags.sub("", line).strip() if line else line for line in kept]


def _is_strong(line: str) -> bool:
    if _matches_any(STRONG_RULES, line):
        return True
    if "." in line and URL.search(line):  # every URL has an ASCII dot; most lines have none
        rest = URL.sub("", line).strip(" :：,，.。|/-")
        return len(rest) <= URL_LINE_REST_CHARS
    return False


def _mark_wedged_fillers(lines: list[str], marked: list[bool]) -> None:
    """Mark short slogans ("自建平台、实时分享") that sit inside a block of ad lines.

    A run of unmarked lines counts when an ad line (or the end of the text) lies on each side,
    at least one of them directly adjacent, and no line of the run reads as part of a speech.
    """
    filled = [i for i, line in enumerate(lines) if line]
    position = 0
    while position < len(filled):
        if marked[filled[position]]:
            position += 1
            continue
        end = position
        while end < len(filled) and not marked[filled[end]]:
            end += 1
        run = filled[position:end]
        before = filled[position - 1] if position else None
        after = filled[end] if end < len(filled) else None
        touching = (before is not None and before + 1 == run[0]) or (
            after is not None and run[-1] + 1 == after
        )
        if before is not None and touching and all(_is_filler(lines[i]) for i in run):
            for i in run:
                marked[i] = True
        position = end


def _is_filler(line: str) -> bool:
    if len(line) > FILLER_LINE_CHARS or line[-1] in metadata.SENTENCE_END + "：:":
        return False
    return not _is_structure(line)


def _is_structure(line: str) -> bool:
    """A line with a role in a speech: title, heading, salutation, date or closing words."""
    return bool(
        metadata.looks_like_title(line)
        or metadata.is_heading(line)
        or metadata.is_salutation(line)
        or metadata.date_in_line(line)
        or SPEECH_CLOSING.match(line)
    )


def _is_short(line: str) -> bool:
    return len(line) <= SHORT_LINE_CHARS and line[-1] not in metadata.SENTENCE_END


def _matches_any(rules: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(rule.search(line) for rule in rules)
