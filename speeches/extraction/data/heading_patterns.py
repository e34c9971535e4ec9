"""Section markers of the genre, by level (0 = a speech in a collection, 5 = 一要/一是 inline)."""

_CN = "一二三四五六七八九十"

# Line-level markers: the whole line, or its first sentence, is a heading.
LINE_HEADINGS = (
    (0, r"第\s*[0-9０-９" + _CN + r"]+\s*篇"),
    (1, r"[" + _CN + r"]+\s*[、.．]"),
    (2, r"[（(]\s*[" + _CN + r"]+\s*[）)]"),
    (2, r"第[" + _CN + r"]+\s*[，,、：:]"),
    # "2.6月底前完成…" is item 2, not the number 2.6
    (3, r"[0-9０-９]{1,2}\s*(?:[、.．](?![0-9０-９])|[.．](?=[0-9０-９]{1,2}月))"),
    (4, r"[（(]\s*[0-9０-９]{1,2}\s*[）)]"),
    # "最后，我再强调几项重点工作" opens the closing part of a speech, beside 一、二、三、
    (1, r"最后\s*[，,、：:]"),
    # a plan's phase: "第一阶段（调查摸底，5月20日—6月10日）。各村要…"
    (2, r"第[" + _CN + r"]+阶段(?=\s*[（(：:，,])"),
)
# Inline enumerators opening a sentence inside a paragraph ("一要…", "二是…", "首先，…").
INLINE_ENUMERATORS = (
    r"[" + _CN + r"]\s*(?:要|是|方面)",
    r"(?:首先|其次|再次|最后|第[" + _CN + r"]+)\s*[，,、：:]?",
    r"一方面|另一方面",
)
# "…几项重点工作：一要…" — an enumerator right after a colon also opens a section.
COLON_ENUMERATOR = r"[：:]\s*(?:[" + _CN + r"]\s*(?:要|是)|首先)"
# A short sentence opening a paragraph and followed by more ("要以政治建设为统领,坚决提高
# 政治能力。…") states the paragraph's topic; mid-paragraph only a very short one does.
TOPIC_SENTENCE_MAX_CHARS = 20
TOPIC_SENTENCE_MID_MAX_CHARS = 10
# "要着眼于“抓基本”，切实解决基础薄弱的问题。" followed by more: a sub-topic, not a task.
PROBLEM_TOPIC = r"(?:特别)?要[^。]{0,30}问题。"
PROBLEM_TOPIC_MAX_CHARS = 24
# Numbered items ("3、继续举办…") are tasks themselves unless short and elaborated after.
ITEM_LEVELS = (3, 4)
# An inline enumerator sentence this short ("一要着重解决…问题。") only names its topic.
INLINE_HEADING_MAX_CHARS = 21
# Headings that open the body of a speech; what precedes the first is greeting and retrospect.
BODY_LEVELS = (1, 2)
# A numbered line ("一、", "（二）") whose first sentence is this long and closed by 。；
# is a whole directive, not a section title; without a closing mark it must be longer still.
NUMBERED_SENTENCE_MIN_CHARS = 24
NUMBERED_LINE_MIN_CHARS = 32
# … and one of a single clause must be longer than a title is, unless a unit is told to act.
NUMBERED_CLAUSE_MIN_CHARS = 40
NUMBERED_ACTOR_MIN_CHARS = 12
# PDF extractions wrap every line at one width: when at least WRAP_SHARE of the lines (and
# WRAP_MIN_LINES) are that wide, a full-width line not closed by one of WRAP_STOPS goes on in
# the next, across a page number ("— 3 —") and a running header (a short line seen twice).
WRAP_MIN_WIDTH = 16
WRAP_MIN_LINES = 8
WRAP_SHARE = 0.3
WRAP_STOPS = "。！？；：:!?;"
PAGE_NUMBER = r"[—\-－–]\s*[0-9０-９]{1,3}\s*[—\-－–]"
RUNNING_HEADER_MAX_CHARS = 40
