"""Genre rules for the document kind: what the title block of each kind says.

The title block is the document's opening lines before its addressee or salutation line
("各乡镇人民政府，县直各部门：", "同志们："), with web-page furniture left out. The first rule
whose pattern appears in it decides; the order settles documents that name two kinds
("关于印发《政府工作报告》重点任务分解的通知" is a task breakdown, not a work report).
"""

# (kind value, pattern searched in the title block with white space removed)
TITLE_RULES = (
    ("minutes", r"纪要"),
    ("instruction", r"批示|批办单|阅批"),
    # "在…会议上的讲话", "讲话稿", "表态发言", "致辞": a speech, even at a 述职 meeting
    ("speech", r"讲话|发言|致辞|动员报告|辅导报告"),
    # "…召开…推进会": news of a meeting, even of a plan's meeting
    ("meeting-report", r"召开|举行"),
    # the 政府工作报告 itself, not a notice that breaks down "《政府工作报告》"
    ("work-report", r"(?<!《)政府工作报告(?!》)"),
    ("summary", r"述职|工作总结|总结|工作回顾"),
    (
        "task-breakdown",
        r"任务分解|责任分解|分解表|分工方案|责任分工|任务清单|分解的通知|台账"
        r"|《[^》]*工作报告》[^《]*任务",
    ),
    ("work-report", r"工作报告"),
    ("supervision-report", r"督查通报|督办通报|督查情况|督查.{0,12}(?:通报|整改)|通报"),
    ("plan", r"方案|规划|计划|实施意见|工作要点|行动"),
    ("notice", r"通知|通知单|函$|督办单"),
    ("meeting-report", r"召开|举行|召集|会议|座谈会|推进会|调度会"),
)
# Lines that are web-page or file furniture, never part of a title.
TITLE_NOISE = (
    r"^(?:首页|当前位置|您的位置)",
    r"^(?:发布时间|来源|作者|浏览|点击|字号|字体|分享|【|仅供|打印)",
    r"^第\s*[0-9一二三四五六七八九十]+\s*篇$",
)
# A title block ends at the addressee or salutation line, or at the first body sentence.
TITLE_BLOCK_END = r"[:：]$|^(?:同志们|各位|近日|日前|[0-9０-９]{1,2}月[0-9０-９]{1,2}日)"
TITLE_BLOCK_MAX_LINES = 6
# Without a title word: a salutation says speech, a dated lede ("3月14日上午，…召开") says news.
SPEECH_SALUTATION = r"同志们|各位代表|各位领导"
NEWS_LEDE = r"^(?:近日|日前|[0-9０-９]{1,2}月[0-9０-９]{1,2}日)[^。]{0,40}(?:召开|举行|主持)"
