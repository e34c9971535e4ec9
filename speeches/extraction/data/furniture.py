"""Document furniture: lines that frame a document and are never a task.

Titles ("关于…的通知", "…实施方案"), issuing and signature lines ("…办公室 2019年2月26日印发"),
文号, 抄送/联系人 lines, web-page remnants, and news ledes that say where a meeting was held.
A whole line matching one of these is left out.
"""

FURNITURE_LINES = (
    # titles
    r"^[^。；;，,]{0,60}关于[^。；;]{2,80}的(?:通知|意见|报告|通报|批复|函|决定|请示)$",
    r"^[^。；;，,：:]{2,60}(?:方案|纪要|通知|通报|讲话|报告|计划|要点|清单|分解表)(?:[（(][^）)]{1,20}[）)])?$",
    # issue and signature lines
    r"^[^。；;，,]{0,40}[0-9０-９〇一二三四五六七八九]{4}\s*年\s*[0-9０-９一二三四五六七八九十]{1,2}\s*月"
    r"\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日\s*(?:印发|发布|签发)?$",
    r"^[（(]?\s*[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日\s*[）)]?$",
    r"^[^。；;]{0,20}〔[0-9０-９]{4}〕[^。；;]{0,12}号",
    r"^(?:抄送|抄报|分送|主送|附件|联系人|联系电话|出席|列席|记录|签收|来源|编辑|审核|终审"
    r"|参会人员|出席人员|参加人员|列席人员|记录人)\s*[:：]",
    r"^(?:—\s*)?END(?:\s*—)?$",
    # a web page's breadcrumb: "首页 > 政务公开 > 工作动态"
    r"^[^。；;]{1,20}\s*[>＞»]\s*[^。；;]{1,20}\s*[>＞»]",
    # the issuer's name alone on a line, above or below the text
    r"^[^。；;，,：:、\s]{2,40}(?:办公室|人民政府|委员会|领导小组|指挥部|局|委|督查室)$",
    # the 主送 line: the units addressed, closed by a colon ("各乡镇人民政府，县直有关单位：")
    r"^(?:各|县|市|区|镇|乡)[^。；;要须请]{1,120}(?:单位|部门|机构|政府|局|委|办|学校|幼儿园|成员)[：:]$",
    # the header fields of a 督办单 or 批示件: who handed it over, when, from where
    r"^(?:交办来源|交办领导|签发人|来文单位|收文日期|文件标题|事项概述|督查室联系人)\s*[:：]",
)
# News ledes: "近日，…会议在…召开", "3月14日上午，青岚县召开…会议，…": the event, not a task.
NEWS_LEDE = (
    r"^(?:近日|日前|[0-9０-９]{1,2}月[0-9０-９]{1,2}日(?:上午|下午|晚)?)[，,]"
    r"[^。；;]{0,80}(?:召开|举行|主持召开|主持)[^。；;]{0,200}[。；;]?$"
)
