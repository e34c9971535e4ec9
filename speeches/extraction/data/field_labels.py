"""Unit and deadline fields written beside a task ("牵头单位:X;责任单位:Y;完成时限:Z").

Task lists and minutes carry them on the line after an item, in brackets at its end
("(责任单位:…,完成时限:…)", "【X负责,6月30日前完成】"), or as a closing clause
("X牵头,Y、Z配合,11月30日前完成。", "县林业局负责,二季度完成。").
"""

from .directive_markers import RESPONSIBLE_ORG

# Label -> role. Longest first when building the pattern.
FIELD_LABELS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "责任单位": "lead",
    "责任部门": "lead",
    "承办单位": "lead",
    "主办单位": "lead",
    "牵头": "lead",
    "责任": "lead",
    "配合单位": "coop",
    "配合部门": "coop",
    "协办单位": "coop",
    "参与单位": "coop",
    "配合": "coop",
    "完成时限": "deadline",
    "完成时间": "deadline",
    "办理时限": "deadline",
    "完成期限": "deadline",
    "时限": "deadline",
}
# Separators between several units in one field value.
UNIT_VALUE_BREAKS = "、，,及 \t\u3000"  # not 和: "县住房和城乡建设局"
# Marks on a unit that name its role: dropped ("县财政局(牵头)").
ROLE_MARK = r"[（(]\s*牵头\s*[）)]"
# "X牵头,Y、Z配合,11月30日前完成。" / "县林业局负责,二季度完成。" / "【县规划局负责,6月30日前完成】"
CLOSING_CLAUSE = (
    r"(?P<lead>"
    + RESPONSIBLE_ORG.replace("[^，,。；;：:“”]", "[^，,。；;：:“”（）()【】由]")
    + r")"
    r"(?:牵头|负责)"
    r"(?:[，,]\s*(?P<coop>[^，,。；;：:（）()【】]{2,40}?)(?:配合|协助|参与))?"
    r"[，,]\s*(?P<deadline>[^，,。；;：:（）()【】]{1,20}?)(?:完成|办结|到位)[^，,。；;【】]{0,12}"
)

# A one-page 督办通知单 / 交办单 form: its task line is a directive, whose units and deadline
# are the form's unit and deadline lines ("承办单位:…", "办理时限:…"); "承办单位" said later in
# the form means those units.
FORM_TASK_LABELS = ("督办事项", "交办事项", "督办内容", "办理事项")
FORM_UNIT_LABELS = ("承办单位", "责任单位", "主办单位")
FORM_DEADLINE_LABELS = ("办理时限", "完成时限", "办结时限")
FORM_ROLE_REFERENCES = ("承办单位", "责任单位", "主办单位")
