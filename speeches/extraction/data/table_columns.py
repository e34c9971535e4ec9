"""Task tables of the genre (任务分解表, 任务清单): their column names and how cells are laid out.

A table is recognised by its header: a 序号 cell and at least two of the named columns, written
in one line (cells split by tabs or runs of spaces) or one cell per line (a Word table pasted).
"""

# Column role -> header cell names (the whole cell, white space removed).
COLUMN_NAMES = {
    "number": ("序号", "编号"),
    "task": (
        "工作任务",
        "重点任务",
        "主要任务",
        "具体任务",
        "任务内容",
        "工作内容",
        "目标任务",
        "工作措施",
        "任务",
        "事项",
        "督办事项",
    ),
    "lead": (
        "牵头单位",
        "牵头部门",
        "责任单位",
        "责任部门",
        "主责单位",
        "承办单位",
        "牵头",
    ),
    "coop": ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "配合"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限", "办结时限", "完成期限"),
}
# Cells that are neither unit nor deadline: ignored.
IGNORED_COLUMNS = ("备注", "责任领导", "牵头领导", "分管领导", "责任人")
# A header needs 序号 plus this many named task/unit/deadline columns.
MIN_NAMED_COLUMNS = 2
# Cells of a row in one line: tabs or spaces (the importer folds aligned runs into one space;
# a row with more cells than its header has spaces inside its task cell).
INLINE_CELL_BREAK = r"\t+|[ \u3000]+"
# Cells that hold several units: split at these, outside brackets.
UNIT_CELL_BREAK = "、，,；; \t\u3000"
# "区市场监管局（牵头）": the mark is dropped, the unit kept.
LEAD_MARK = r"[（(]\s*牵头\s*[）)]"
# A cell of this shape bounds the task rather than naming a unit: dates, 持续推进, 每季度 …
DEADLINE_CELL = (
    r"[0-9０-９〇一二三四五六七八九十]+\s*[年月日]|[年月]底|年内|全年|上半年|下半年|季度"
    r"|持续推进|长期|常态化|每[周月季年半]|前$|见任务内容"
)
