"""Title, speaker and reference date from the head (and the signature) of a cleaned document.

A 讲话稿 opens with a title line, often followed by the speaker's name and the date in brackets,
("陈爱喜" / "（2010年2月4日）"), then the salutation (同志们：). A 红头 document (通知, 方案, 纪要,
通报) opens with its issuer ("白沙县农业农村局"), sometimes "文件" and a document number
("白农发〔2026〕3号"), and a title "关于……的通知" that may wrap onto a second line; it is signed at
the end with a date line. A news item copied from a web page opens with a breadcrumb
("首页 > 政务公开 > …") before its headline. Only the head and the signature are searched, so a date
quoted in the body ("2009年以来") never becomes the reference date.
"""

import re
import unicodedata
from datetime import date

from lib.numerals import chinese_int

# Words a title of the genre ends with ("…会议上的讲话", "…交流发言", "…讲话稿").
TITLE_ENDINGS = re.compile(
    r"(讲话|讲话稿|讲话提纲|讲话要点|发言|发言稿|发言材料|发言提纲|致辞|讲稿|演讲|演讲稿|报告|"
    r"主持词|动员|党课|讲课稿|辅导|总结|部署|汇报|述职|讲评)[》」”\"]?$"
)
# "在全市…会议上的讲话": 在 + occasion + 上/中 + 的.
TITLE_OCCASION = re.compile(r"^[《「“\"]?在.{2,60}?(上|中|时|之际)的")
# Salutations end the head: "同志们：", "各位代表：", "尊敬的…同志、同志们:".
SALUTATION = re.compile(r"^(同志们|各位|尊敬的|亲爱的|女士们|老师们|代表们|朋友们).{0,40}[:：]$")
# Section headings of the body: 一、 / （一） / 第一， / 1、
HEADING = re.compile(
    r"^(第[一二三四五六七八九十百零\d]+[章节篇部分条项点，,、]|[一二三四五六七八九十]+[、.．]|"
    r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．)）])"
)
SENTENCE_END = "。！？!?；;…"
SUBTITLE_DASHES = ("——", "—", "--", "－－", "──")

MAX_TITLE_CHARS = 80
MAX_HEAD_LINES = 6
MAX_SIGNATURE_LINES = 6

# Web page furniture before a news headline: breadcrumbs, source and publication lines.
BREADCRUMB = re.compile(r"^(首页|当前位置|您的位置|您现在的位置)\s*[>＞»:：]|[>＞»]\s*\S+\s*[>＞»]")
PAGE_FURNITURE = re.compile(r"^(来源|发布时间|发布日期|作者|浏览次数|分享到|字号|【字体)\s*[:：]?")
# The 红头 of an official document: issuer ("青岚县人民政府办公室", "…局文件"), document number
# ("青政办发〔2019〕8号", "〔2014〕第37期") and a genre label ("专题会议纪要", "督 办 通 知 单").
ISSUER = re.compile(
    r"^[\u4e00-\u9fff（）()、]{2,40}?(人民政府|政府|办公室|办公厅|委员会|党委|党组|县委|市委|区委|"
    r"局|厅|督查室|督办室|领导小组|指挥部|委|办|中心|河长制办公室)(文件)?$"
)
DOC_NUMBER = re.compile(r"[〔\[［(（]\s*(19|20)\d\d\s*[〕\]］)）]\s*第?\s*\d+\s*[号期]")
GENRE_LABEL = re.compile(
    r"^(专题)?(会议纪要|纪要|督办通知单|督办单|批示件|领导批示件|通报|简报|通知)$"
)
MAX_LABEL_CHARS = 12
# Words an official title ends with ("…的通知", "…工作方案》的通知", "…会议纪要").
OFFICIAL_TITLE_END = re.compile(
    r"(通知|通报|方案|意见|纪要|报告|决定|函|办法|规定|清单|计划|要点|总结|打算|分解|分工|安排|"
    r"制度|细则|批复|请示|讲话|发言)[》」”\"]?$"
)
MAX_TITLE_LINES = 3

_NUM = r"[0-9〇○零O一二三四五六七八九十廿卅两]"
# 2010年2月4日, 二〇一〇年二月四日, 2010 年 2 月 4 日; NFKC has already made digits half-width.
CN_DATE = re.compile(
    rf"(?P<y>(?:19|20)\d\d|[一二][〇○零O一二三四五六七八九]{{3}})\s*年\s*"
    rf"(?P<m>{_NUM}{{1,3}})\s*月\s*(?P<d>{_NUM}{{1,3}})\s*[日号]"
)
# 2010.2.4, 2010-02-04, 2010/2/4 (only on a line that is nothing but the date).
NUMERIC_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)[.\-/](?P<m>\d{1,2})[.\-/](?P<d>\d{1,2})$")
BRACKETS = "（）()【】[]〔〕<>《》「」"
# Lines of the head that look like a name but are labels of the document itself.
NOT_A_SPEAKER = re.compile(
    r"稿|讲话|发言|摘要|提纲|全文|草案|意见|会议|材料|同志们|目录|附件|通知|整理|录音|根据|删节|"
    r"节选|审定|印发|内部|秘密|机密|绝密|公开"
)
# "陈爱喜", "区委书记 陈爱喜", "区委副书记、区长 张三": Chinese characters only, 25 at most.
SPEAKER_LINE = re.compile(r"^[\u4e00-\u9fff·•．、\s]{2,25}$")


def looks_like_title(line: str) -> bool:
    """A short line that names a speech ("在全区基层党建工作会议上的讲话", "…讲话稿")."""
    if not line or len(line) > MAX_TITLE_CHARS or line[-1] in SENTENCE_END:
        return False
    return bool(TITLE_ENDINGS.search(line) or TITLE_OCCASION.search(line))


def is_salutation(line: str) -> bool:
    return bool(SALUTATION.match(line))


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line))


def find_title(lines: list[str]) -> str:
    """The document's title read from its first lines, else "".

    Breadcrumbs and page furniture of a web page are skipped; in a 红头 document the title is the
    "关于……" line (with the issuer line above it, and its wrapped continuation), or the issuer and
    the genre label ("琅岑县人民政府督查室督办通知单"); otherwise the first non-blank line when it
    can be a title. A subtitle on the next line ("——在全县经济工作会议上的讲话") is part of the
    title, and so is the second half of a title wrapped after "在……会议".
    """
    filled = [line.strip() for line in lines if line.strip()]
    while filled and (BREADCRUMB.search(filled[0]) or PAGE_FURNITURE.match(filled[0])):
        filled = filled[1:]
    official = _official_title(filled[: MAX_HEAD_LINES + 2])
    if official:
        return official
    while filled and _is_letterhead(filled[0]) and len(filled) > 1:
        filled = filled[1:]
    first = filled[0] if filled else ""
    if not first or is_salutation(first) or is_heading(first) or is_date_line(first):
        return ""
    plausible = len(first) <= MAX_TITLE_CHARS and first[-1] not in SENTENCE_END + "：:，,"
    if not (plausible or looks_like_title(first)):
        return ""
    if len(filled) > 1 and _is_subtitle(filled[1]):
        return first + filled[1]
    if len(filled) > 1 and _continues_title(first, filled[1]):
        return first + filled[1]
    return first


def _is_letterhead(line: str) -> bool:
    compact = re.sub(r"\s+", "", line)
    return bool(ISSUER.match(compact) or DOC_NUMBER.search(line) or GENRE_LABEL.match(compact))


def _official_title(head: list[str]) -> str:
    """ "白沙县农业农村局" + "关于做好……的通知" (wrapped lines joined), or issuer + genre label."""
    for index, line in enumerate(head):
        if is_salutation(line) or len(line) > MAX_TITLE_CHARS or line[-1] in SENTENCE_END:
            break
        if not line.startswith("关于"):
            continue
        title, following = line, index + 1
        while (
            not OFFICIAL_TITLE_END.search(title)
            and following < len(head)
            and following - index < MAX_TITLE_LINES
            and not _is_letterhead(head[following])
            and not is_salutation(head[following])
            and head[following][-1] not in SENTENCE_END + "：:"
            and len(title) + len(head[following]) <= MAX_TITLE_CHARS
        ):
            title += head[following]
            following += 1
        issuer = re.sub(r"\s+", "", head[index - 1]) if index else ""
        if issuer and ISSUER.match(issuer) and not issuer.endswith("文件"):
            title = issuer + title
        return title
    if len(head) > 1:
        issuer, label = (re.sub(r"\s+", "", line) for line in head[:2])
        is_label = GENRE_LABEL.match(label) or label.endswith(("单", "件"))
        if ISSUER.match(issuer) and is_label and len(label) <= MAX_LABEL_CHARS:
            return issuer + label
    return ""


def _continues_title(first: str, second: str) -> bool:
    """ "在中共岫川县委十三届九次全体（扩大）会议" + "暨全县经济工作会议上的讲话"."""
    return (
        not looks_like_title(first)
        and TITLE_OCCASION.search(first + second) is not None
        and looks_like_title(first + second)
        and len(first + second) <= MAX_TITLE_CHARS
    )


def _is_subtitle(line: str) -> bool:
    return line.startswith(SUBTITLE_DASHES) and looks_like_title(
        line.lstrip("".join(SUBTITLE_DASHES))
    )


def head_lines(lines: list[str]) -> list[str]:
    """The lines after the title and before the salutation or the first body paragraph."""
    head = []
    for line in [line.strip() for line in lines if line.strip()][1 : 1 + MAX_HEAD_LINES]:
        if _is_subtitle(line):
            continue
        if is_salutation(line) or is_heading(line):
            break
        if len(line) > MAX_TITLE_CHARS or (line[-1] in SENTENCE_END and not is_date_line(line)):
            break
        head.append(line)
    return head


def find_delivered_on(lines: list[str]) -> date | None:
    """The date printed under the title ("（2010年2月4日）") or on the title line itself; else the
    date line an official document is signed with ("2026年1月12日" under the issuer)."""
    filled = [line.strip() for line in lines if line.strip()]
    for line in filled[:1] + head_lines(lines):
        found = date_in_line(line)
        if found:
            return found
    for line in reversed(filled[1:][-MAX_SIGNATURE_LINES:]):
        if is_date_line(line):
            return date_in_line(line)
    return None


def find_speaker(lines: list[str]) -> str:
    """A name line in the head ("陈爱喜", "区委书记 陈爱喜", "陈爱喜（2010年2月4日）")."""
    for line in head_lines(lines):
        candidate = _without_date(line).strip(BRACKETS + " ")
        candidate = re.sub(r"\s+", " ", candidate)
        if not candidate or not SPEAKER_LINE.match(candidate):
            continue
        if NOT_A_SPEAKER.search(candidate) or looks_like_title(candidate):
            continue
        tokens = candidate.split(" ")
        if all(len(token) == 1 for token in tokens):  # a name spaced out to fit: "陈 爱 喜"
            candidate = "".join(tokens)
        return candidate
    return ""


def is_date_line(line: str) -> bool:
    """A line that is nothing but a date, bracketed or not ("（2010年2月4日）")."""
    return date_in_line(line) is not None and not _without_date(line).strip(BRACKETS + " ")


def date_in_line(line: str) -> date | None:
    """The first valid calendar date written in ``line`` (Arabic or Chinese numerals)."""
    text = unicodedata.normalize("NFKC", line)
    for match in CN_DATE.finditer(text):
        found = _make_date(match["y"], match["m"], match["d"])
        if found:
            return found
    match = NUMERIC_DATE.match(text.strip(BRACKETS + " "))
    if match:
        return _make_date(match["y"], match["m"], match["d"])
    return None


def _without_date(line: str) -> str:
    text = unicodedata.normalize("NFKC", line)
    text = CN_DATE.sub("", text)
    text = NUMERIC_DATE.sub("", text.strip(BRACKETS + " "))
    return re.sub(r"[(（]\s*[)）]", "", text)


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(_year(year), _small_number(month), _small_number(day))
    except (ValueError, KeyError):
        return None


def _year(text: str) -> int:
    return _number(text)


def _small_number(text: str) -> int:
    """1..31 written as 4, 04, 四, 十四, 二十四, 廿四, 三十一."""
    return _number(text)


def _number(text: str) -> int:
    value = chinese_int(text)
    if value is None:
        raise ValueError(f"not a numeral: {text}")
    return value
