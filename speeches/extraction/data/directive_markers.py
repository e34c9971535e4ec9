"""What makes a sentence of a work-meeting speech an instruction, and what marks it as not one."""

# Tokens that carry the obligation in an instruction ("各地要…", "务必在…前完成").
MODAL_TOKENS = frozenset(
    {
        "必须",
        "务必",
        "确保",
        "力争",
        "争取",
        "应当",
        "须",
        "不得",
        "严禁",
        "绝不",
        "决不",
        "绝不允许",
        "坚决",
        "需",
        "务求",
        "一定",
        "还要",
        "也要",
        "都要",
        "更要",
        "仍要",
        "均要",
    }
)
# jieba glues 要 to the verb ("要带头"); these 要-words are nouns or conjunctions, not obligations.
NOT_MODAL_YAO_WORDS = frozenset(
    {
        # the speaker talking about the speech: "特别要强调的是"
        "要强调",
        "要说明",
        "要指出",
        "要讲",
        "要求",
        "要是",
        "要点",
        "要素",
        "要害",
        "要么",
        "要件",
        "要闻",
        "要职",
        "要员",
        "要地",
        "要塞",
        "要不",
        "要不然",
        "要不是",
        "要务",
        "要道",
        "要案",
        "要领",
        "要义",
        "要旨",
    }
)
# A 要 after these verbs reports what a higher body said; the speaker is not instructing.
REPORTING_VERBS = (
    "强调",
    "指出",
    "提出",
    "认为",
    "表示",
    "要求",
    "规定",
    "明确",
    "讲到",
    "谈到",
    "介绍",
)
# "党员干部深深感到，一定要…": an obligation someone felt, reported by the speaker.
FEELING_VERBS = ("感到", "体会到", "认识到", "感受到")
# Who is reported: a higher body or leader ("总书记强调要…", "省党代会提出要…").
AUTHORITIES = (
    "总书记",
    "中央",
    "国务院",
    "省委",
    "省政府",
    "省上",
    "省里",
    "市委",
    "市政府",
    "市里",
    "党代会",
    "书记",
    "会议",
    "文件",
    "上级",
)
# In a meeting's news or minutes the meeting and its leaders speak for themselves: only these
# are quoted from above.
HIGHER_AUTHORITIES = (
    "总书记",
    "中央",
    "国务院",
    "省委",
    "省政府",
    "省上",
    "党代会",
    "文件",
    "上级",
)
# "X要…" where X is the speaker's aim, not an actor: "基层党建要取得成效，…".
EXHORTATION = r"^(?:希望|请)(?:各|全|广大)\S*$"
# Copulas and descriptions: a sentence that says what something is, not what to do.
DESCRIPTIVE_TOKENS = frozenset({"是", "关乎", "事关", "在于", "意味着", "就是", "乃是"})

# The speaker announcing the coming year's plan: "今年将…", "下一步，我局将…", "xx年,我局将…".
FUTURE_PLAN = (
    r"(?:今年|明年|下一步|下半年|今后|[0-9０-９xX×〇零一二三四五六七八九]{2,4}年)"
    r"(?:起|开始)?[，,]?[^，,。；;]{0,8}将"
    # "从今年起，每个农村行政村保证1万元办公经费": a rule that starts now
    r"|^(?:从|自)(?:今年|明年|下月|本月)(?:起|开始)"
)

# Imperative openings that continue a list of instructions without repeating 要.
IMPERATIVE_OPENINGS = (
    "把",
    "将",
    "加强",
    "推进",
    "推动",
    "健全",
    "建立",
    "完善",
    "落实",
    "开展",
    "实施",
    "深化",
    "强化",
    "提升",
    "提高",
    "细化",
    "制定",
    "理顺",
    "统筹",
    "着眼",
    "认真",
    "切实",
    "扎实",
    "积极",
    "全面",
    "继续",
    "坚持",
    "严格",
    "探索",
    "抓好",
    "抓严",
    "抓实",
    "抓细",
    "推行",
    "规范",
    "优化",
    "加大",
    "加快",
    "构建",
    "打造",
    "坚决",
    "进一步",
    "大力",
    "用好",
    "注重",
    "做好",
    "持续",
    "深入",
    "不断",
    "努力",
    "创新",
    "发挥",
    "引导",
    "督促",
    "完成",
    "组织",
    "配齐",
    "配强",
    "选优",
    "建好",
    "建强",
    "建成",
    "建设",
    "完成",
    "稳妥",
    "重点",
    "及时",
    "定期",
    "按照",
    "按规定",
    "广泛",
    "充分",
    "着力",
    "集中",
    "全力",
    "主动",
    "合理",
    # the duties of a 职责分工 list: "牵头组织…", "会同市规划局建立…", "负责…的认定工作"
    "牵头",
    "会同",
    "配合",
    "协助",
    "负责",
    "成立",  # "成立由区长任组长的…工作专班": a body to set up (no 已/了: not one set up already)
    "排练",
    "继续",
    "力争",
    "确保",
    "争取",
    "同时",
    "另外",
    "此外",
    "从",
    # plan and work-report items: "新建改造高标准农田8万亩", "开工建设…快速通道"
    "新建",
    "新增",
    "新改建",
    "改建",
    "改造",
    "开工",
    "稳定",
    "扶持",
    "培育",
    "举办",
    "布局",
    "引进",
    "争创",
    "启动",
    "出台",
    "实现",
    "确立",
    "淘汰",
    "关闭",
    "清理",
    "整治",
    "排查",
    "拆除",
    "召开",
    "编制",
    "修订",
    "印发",
)
# A subject cannot start with a verb: "实现全市3年内…" is an action, not an actor.
VERB_OPENINGS = (*IMPERATIVE_OPENINGS, "实现", "做到", "形成", "推广", "树立", "培育", "保持")

# Words that show a sentence tells what happened, not what must happen.
RETROSPECTIVE_TOKENS = frozenset(
    {
        "了",
        "已",
        "已经",
        "先后",
        "累计",
        "曾",
        "曾经",
        "过去",
        "去年",
        "近年来",
        "以来",
        "取得",
        "截至",
    }
)
# Problem descriptions ("有的部门党组政治站位不高"): the situation, not the remedy.
PROBLEM_TOKENS = frozenset({"有的", "一些地方", "存在", "不到位", "不够", "不高", "不强"})
# Understanding, significance and exhortation: nothing anyone could report progress on.
SLOGAN_PATTERNS = (
    r"深刻认识",
    r"充分认识",
    r"深刻把握",
    r"深刻领会",
    r"重要性",
    r"紧迫性",
    r"必要性",
    r"重大意义",
    r"十分重要的意义",
    r"根本遵循",
    # announcing the speech's own outline: "具体要在以下五个方面狠下功夫", "讲几点意见"
    r"以下.{0,3}个?方面[^，,：:]{0,8}。",
    r"讲.{0,2}点意见",
    r"如下",
    # acknowledging shortcomings: "也要清醒地看到存在的问题", "对于这些问题，要高度重视"
    r"(?:看到|认识到|认识)[^。；;]{0,12}(?:问题|不足|差距)",
    # alignment and loyalty formulas: "要精准对标…", "要旗帜鲜明讲政治,坚决做到“两个维护”。"
    r"^要(?:精准)?对标",
    r"^[^。；;]{0,12}(?:讲政治|两个维护|四个意识|四个自信|看齐)[^。；;]{0,14}[。；;]?$",
    # maxims: "基层党建要取得成效，关键在落实", "关键就是要打造一支…队伍"
    r"关键(?:就)?(?:是|在|要)",
    r"这些(?:存在)?问题[，,]\s*(?:我们)?(?:必须|要)?(?:高度重视|认真加以解决)",
)
# The speaker's "we" exhorts the room; no unit can be assigned "我们要高度重视".
SPEAKER_SUBJECTS = ("我们", "咱们", "我", "各位")
# Section headings about understanding: their sentences exhort rather than assign.
UNDERSTANDING_HEADINGS = (
    r"提高(?:思想)?认识|统一思想|思想站位|提高站位|深刻认识|充分认识|重要意义|极端重要性"
)
# Greetings and perorations ("同志们，…一定要…") are rhetoric, not ledger items.
RHETORIC_PARAGRAPH_OPENINGS = ("同志们",)
# Leading words that frame a sentence but name neither actor nor action.
LEADING_CONNECTIVES = (
    "不仅",
    "不但",
    "同时",
    "另外",
    "此外",
    "特别是",
    "尤其是",
    "特别",
    "尤其",
    "这里特别强调",
    "这里",
    "希望",
    "因此",
    "所以",
    "其中",
    "最后",
    "当前",
    "今后",
    "为此",
    "总之",
    "对此",
    "首先",
    "其次",
    "再次",
    "一方面",
    "另一方面",
    "从今年起",
    "从今年开始",
    "今年",
    "明年",
    "下一步",
)
# Headings of a report on past work ("一、简要回顾…", "上半年工作开展情况", "…进一步提高"):
# only an explicit obligation under them is an instruction.
RETROSPECTIVE_HEADINGS = (
    r"回顾|看待|成绩|开展情况|完成情况|基本情况|工作总结|[^为]了"
    # findings, not work to do: "一、发现的主要问题", "存在的突出问题"
    r"|(?:发现|存在)的(?:主要|突出)?问题$"
    r"|取得(?:了)?(?:明显|显著|积极|新的|一定)?(?:成效|成绩|进展|进步)"
    r"|得到(?:了)?(?:加强|提升|提高|改善|巩固|增强)"
    r"|(?:进一步|不断|明显|显著)(?:提高|增强|提升|加强|转变|巩固|改善|完善|优化|夯实|凸显|彰显|强化)$"
)
# Headings that announce work to do ("二、下半年工作安排"): the imperative items under them are
# tasks even without 要; under a heading that names an achievement they are a report.
FORWARD_HEADINGS = (
    r"安排|任务|打算|计划|要点|举措|措施|思路|目标|部署|下一步|今后|重点工作|工作重点|要求"
    r"|步骤|阶段|分工|职责"
)
# A sentence that announces a list ("今年重点抓好以下六个方面工作：", "具体要求如下："):
# it opens the list and may bound its items, but is not one of them.
LEAD_IN = r"(?:以下|如下|下列|下面)[^。；;]{0,16}[：:]\s*$|(?:工作|任务|要求|事项)[：:]\s*$"
# A plan's target line: its numeric targets are the plan's first directive.
TARGET_LINE = r"(?:主要)?(?:预期)?目标(?:任务)?(?:是|为)[：:]"

# Imperatives without 要: "由县住建局牵头，…", "由县财政局负责，…", "由县城管执法局依法处置",
# "县发改局负责协调…". The actor must be an organisation (a unit suffix), never a person:
# "常务副县长李某某负责经济运行" is a division of labour, not a task.
# The last character names the kind of body; one that opens a word of its own is not the end of
# a name ("组织", "办理", "会同", "部署", "队伍", "台账", "所有": "牵头组织…" names no 组), and
# "城镇", "社会" are places and society, not bodies ("城镇新增就业…", "全社会固定资产投资…").
RESPONSIBLE_ORG = (
    r"[^，,。；;：:“”]{1,24}?(?:局|委(?!托|员会)|办(?![理好结法实])|部(?![署分门])|院|所(?![有属在需得])"
    r"|站(?![位在])|队(?!伍)|中心|公司|政府|(?<!城)镇|乡(?![镇村])|街道|办事处|室|组(?![织建成长员])"
    r"|(?<!社)会(?![同议商签])|单位|部门|大队|支队|分局|机关|党组织|党委|党工委|(?<!阶)段(?![时落])"
    r"|台(?![账帐阶])|馆)"
)
RESPONSIBILITY = (
    r"^(?:并|同时|另外|此外)?[，,]?[由请](?P<actor>" + RESPONSIBLE_ORG + r")(?=[^，,。；;]{2})"
    r"|^(?:并|同时)?(?P<actor2>" + RESPONSIBLE_ORG + r")(?:牵头负责|具体负责|负责|牵头)"
    r"(?!的|同志|人)(?=[，,]?[^，,。；;]{2})"
    # the issuing body's own plan or decision: "县教育局将组成4个检查组", "县治欠办决定自…开展…"
    r"|^(?P<actor3>" + RESPONSIBLE_ORG + r")(?:还|也|随后)?(?:将|决定)(?!是|成为|有)"
    r"|^(?:经研究[，,]\s*)?(?P<decided>决定)(?:于|自|从|在)"
    # "局机关冬季取暖设施检修由局办公室负责": the task first, its actor after 由
    r"|^[^，,。；;由]{2,24}由(?P<actor4>" + RESPONSIBLE_ORG + r")(?:牵头)?负责"
)
# An organisation opening an item of an open list: "各乡镇、各责任单位按照任务分工，全面开展…",
# "镇危改办组织对竣工农户逐户验收". Not a copula ("…是第一责任人") nor a past ("…已…").
ACTOR_OPENING = (
    r"^(?P<actor>(?:各|全县|全市|全区)?"
    + RESPONSIBLE_ORG
    + r"(?:[、和](?:各|全县|全市|全区)?"
    + RESPONSIBLE_ORG
    + r")*)(?![是为的已了有])(?=[^，,。；;]{2})"
)
_ACTORS_OF_HEADING = (
    r"^\s*(?:[（(]?\s*[一二三四五六七八九十0-9０-９]{1,2}\s*[）)、.．]\s*)?"
    r"(?P<actor>(?:各|全县|全市|全区)?"
    + RESPONSIBLE_ORG
    + r"(?:[、和及](?:各|全县|全市|全区)?"
    + RESPONSIBLE_ORG
    + r")*)\s*"
)
# A heading that names the actor of the items under it: "（三）县公安局：", "2.各乡镇（街道）".
HEADING_ACTOR = _ACTORS_OF_HEADING + r"[：:]?\s*$"
# An enumerated item that names its actor before a colon, its duties after it, and more duties
# in the items that follow: "（一）市城管执法局：①负责…；②牵头组织…；③会同…".
INLINE_HEADING_ACTOR = _ACTORS_OF_HEADING + r"[：:](?=\s*\S)"
# A clause that only frames what follows: "按照“管行业必须管安全…”的要求，".
FRAMING_CLAUSE = r"^(?:按照|根据|依照|围绕|对照)[^。；;]*(?:要求|部署|精神|规定|安排)[，,]?$"
# Attitude and awareness with nothing to report on ("要牢固树立阵地意识", "切实增强责任感和紧迫感",
# "大力弘扬…作风"): not a task unless it also sets a date, a frequency or a number.
ATTITUDE_PATTERNS = (
    r"树立[^，,。；;]{0,20}(?:意识|理念|观念|导向|形象)",
    r"(?:增强|强化|提高|提升|筑牢)[^，,。；;]{0,14}(?:意识|自觉|认识|站位|紧迫感|责任感|使命感|荣誉感)",
    r"(?:弘扬|发扬)[^，,。；;]{0,20}(?:精神|作风|传统)",
    r"克服[^，,。；;]{0,12}(?:思想|心理|情绪)",
    r"(?:思想|认识|行动)统一到",
)
