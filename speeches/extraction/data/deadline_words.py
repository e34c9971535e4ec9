"""Time words of the genre: bounds that resolve to a date and words that give none."""

# Words that give a due time without a date ("尽快", "春节之后"): kept as text, deadline null.
UNANCHORED_DEADLINE_WORDS = (
    "当前和今后一段时期",
    "今后一个时期",
    "今后一段时期",
    "规定时限内",
    "规定时间内",
    "春节之后",
    "春节前后",
    "春节前",
    "节后",
    "近期",
    "尽快",
    "尽早",
    "迅速",
    "适时",
    "逐步",
    "长期",
    "限期",
    "按期",
    "按时",
    "下一步",
    "今后",
    "早日",
)
# Anonymised years ("xx年") in published speech templates: a bound whose date is unknown.
ANONYMISED_YEAR = r"(?:20)?[xX×Ｘ]{2}年"
# A year that opens a retrospective ("2009年以来") is not a bound.
RETROSPECTIVE_AFTER_YEAR = ("以来", "开始", "起", "初")

# A recurring due day ("每月25日前", "每季度最后一个月的25日前", "每周五下午5:00前"): the
# deadline text is kept, the date is null and the recurrence says how often.
RECURRING_BOUND = (
    r"每(?:周[一二三四五六日天]?|个?月|个?季度?|季度末月|半年|年)[^，,。；;]{0,14}?(?:前|之前|以前)"
)
# A period followed by these is what a report covers ("上半年工作总结"), not a bound.
REPORT_OBJECT = r"(?:工作)?(?:总结|情况报告|完成情况|进展情况)"
