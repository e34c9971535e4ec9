"""Reading an uploaded sheet (.xlsx or .csv) into numbered rows, the downloadable templates,
and the messages and helpers both imports share.

Every row is checked before anything is written; one bad row and nothing is saved, and each
problem is reported as “第3行「上级单位」：…” so the official can fix the file in Excel.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from directory.models import Unit, User

KIND_UNITS = "units"
KIND_USERS = "users"
KIND_LABELS = {KIND_UNITS: "单位名录", KIND_USERS: "用户账号"}
MAX_ROWS = 5000
ALIAS_SEPARATORS = ("、", "，", ",", ";", "；")

UNIT_COLUMNS = ("全称", "简称", "类别", "上级单位", "排序", "别名", "启用")
UNIT_REQUIRED = ("全称", "类别")
USER_COLUMNS = ("用户名", "姓名", "角色", "所属单位", "电话", "邮箱", "初始密码", "启用")
USER_REQUIRED = ("用户名", "角色")
TEMPLATE_EXAMPLES = {
    KIND_UNITS: (
        ("澜川区", "", "区（县）", "", "0", "", "是"),
        ("澜川区青石镇", "青石镇", "乡镇", "澜川区", "10", "青石", "是"),
        ("中共澜川区委组织部", "区委组织部", "区直部门", "澜川区", "20", "组织部、组织部门", "是"),
    ),
    KIND_USERS: (
        ("qingshi_lly", "王晓明", "联络员", "澜川区青石镇", "0571-88880000", "", "", "是"),
        ("dcs_li", "李华", "督查员", "", "", "lihua@example.gov.cn", "", "是"),
    ),
}

# File-level messages.
WRONG_TYPE = "请上传 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中“另存为” .xlsx）"
CORRUPT_XLSX = "文件无法打开：不是有效的 Excel（.xlsx）文件，或文件已损坏"
UNREADABLE_CSV = "CSV 文件无法识别编码，请在 Excel 中另存为“CSV UTF-8”后重试"
EMPTY_FILE = "文件中没有数据行"
TOO_MANY_ROWS = "一次最多导入 {limit} 行，请拆分文件"
MISSING_COLUMNS = "表头与模板不符：缺少列「{columns}」。请下载模板，按模板的表头填写"
DUPLICATE_COLUMNS = "表头中「{column}」出现了不止一次"
# Row-level messages: “第{row}行「{column}」：{message}”.
ROW_ERROR = "第{row}行「{column}」：{message}"
REQUIRED = "不能为空"
UNKNOWN_KIND = "“{value}”不是有效的类别，可填：{choices}"
UNKNOWN_ROLE = "“{value}”不是有效的角色，可填：{choices}"
UNKNOWN_UNIT = "找不到单位“{value}”"
DUPLICATE_IN_FILE = "“{value}”在第{first}行已出现"
OWN_PARENT = "不能把单位自己设为上级单位"
PARENT_CYCLE = "上级单位形成循环：{path}"
NOT_A_NUMBER = "应填写非负整数，现为“{value}”"
NOT_YES_NO = "应填写“是”或“否”，现为“{value}”"
TOO_LONG = "不能超过 {limit} 个字"
BAD_USERNAME = "只能包含字母、数字和 @ . + - _"
BAD_EMAIL = "邮箱格式不正确"
UNIT_NEEDED = "联络员和单位负责人必须填写所属单位"
ALIAS_TAKEN = "别名“{value}”已属于单位“{owner}”"
WEAK_PASSWORD = "密码不符合要求：{reasons}"
ADMIN_ONLY = "只有系统管理员可以导入或修改管理员账号"

YES = {"是", "启用", "y", "yes", "1", "true", "√"}
NO = {"否", "停用", "n", "no", "0", "false", "×"}


class ImportRejected(Exception):
    """The file as a whole cannot be read; nothing was saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    """What an import did, or why it did nothing (``errors`` non-empty)."""

    kind: str
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    # (用户名, 姓名, 初始密码) of new users whose password was generated: shown once, never stored.
    passwords: list[tuple[str, str, str]] = field(default_factory=list)
    # A user import that changes existing accounts waits for confirmation: the changes listed,
    # and the fingerprint the confirming request must send back (nothing saved meanwhile).
    changes: list = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    needs_confirmation: bool = False
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


# ---------------------------------------------------------------- reading files


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number the official sees in Excel (the header is row 1)
    values: dict[str, str]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _rows_of_xlsx(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged upload fails in zipfile, lxml or openpyxl alike
        raise ImportRejected(CORRUPT_XLSX) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _rows_of_csv(data: bytes) -> list[list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Excel on Chinese Windows saves CSV in GBK; let charset-normalizer confirm it.
            best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16"]).best()
            if best is None:
                raise ImportRejected(UNREADABLE_CSV) from None
            text = str(best)
    if "\x00" in text:
        raise ImportRejected(UNREADABLE_CSV)
    return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text))]


def read_sheet(
    *, data: bytes, filename: str, columns: tuple[str, ...], required: Iterable[str]
) -> list[SheetRow]:
    """The data rows of the file keyed by header; raises ImportRejected for a wrong, corrupt,
    empty or mis-headed file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise ImportRejected(CORRUPT_XLSX)
        raw = _rows_of_xlsx(data)
    elif name.endswith(".csv"):
        raw = _rows_of_csv(data)
    else:
        raise ImportRejected(WRONG_TYPE)
    # Keep the line number Excel shows (blank lines count) for each non-blank row.
    numbered = [(number, row) for number, row in enumerate(raw, start=1) if any(row)]
    if not numbered:
        raise ImportRejected(EMPTY_FILE)
    header = [value.strip() for value in numbered[0][1]]
    for column in header:
        if column and header.count(column) > 1:
            raise ImportRejected(DUPLICATE_COLUMNS.format(column=column))
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportRejected(MISSING_COLUMNS.format(columns="」「".join(missing)))
    body = numbered[1:]
    if not body:
        raise ImportRejected(EMPTY_FILE)
    if len(body) > MAX_ROWS:
        raise ImportRejected(TOO_MANY_ROWS.format(limit=MAX_ROWS))
    positions = {column: header.index(column) for column in columns if column in header}
    return [
        SheetRow(
            number=number,
            values={
                column: (row[position] if position < len(row) else "")
                for column, position in positions.items()
            },
        )
        for number, row in body
    ]


# ---------------------------------------------------------------- templates


def template_workbook(kind: str) -> bytes:
    """An .xlsx with the header row and example rows, for officials to fill in."""
    columns = UNIT_COLUMNS if kind == KIND_UNITS else USER_COLUMNS
    required = UNIT_REQUIRED if kind == KIND_UNITS else USER_REQUIRED
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = KIND_LABELS[kind]
    sheet.append(columns)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B3261E" if column in required else "000000")
        cell.fill = PatternFill("solid", fgColor="EEF1F4")
        sheet.column_dimensions[cell.column_letter].width = 22
    for example in TEMPLATE_EXAMPLES[kind]:
        sheet.append(example)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    for line in _instructions(kind):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv(kind: str) -> bytes:
    """The same template as CSV, UTF-8 with BOM so Excel opens it without garbling."""
    columns = UNIT_COLUMNS if kind == KIND_UNITS else USER_COLUMNS
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(TEMPLATE_EXAMPLES[kind])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _instructions(kind: str) -> list[str]:
    if kind == KIND_UNITS:
        kinds = "、".join(label for _, label in Unit.Kind.choices)
        return [
            "红色表头为必填列；示例行请删除或改成本地单位后再导入。",
            "全称：单位的正式全称，系统按全称识别，已有的单位会被更新。",
            f"类别：{kinds}。",
            "上级单位：填上级单位的全称或简称，可以是本表中的单位。",
            "别名：讲话中对该单位的其他叫法，多个用顿号“、”分隔。",
            "排序：数字，越小越靠前；启用：是/否，不填为“是”。",
            "任何一行有错，整个文件都不会导入，请按提示修改后重新上传。",
        ]
    roles = "、".join(label for _, label in User.Role.choices)
    return [
        "红色表头为必填列；示例行请删除后再导入。",
        "用户名：登录名，字母、数字或 @ . + - _；已有的用户名会更新其姓名、角色、单位等信息。",
        f"角色：{roles}。联络员和单位负责人必须填写所属单位（全称或简称）。",
        "初始密码：可不填，系统为新用户生成随机密码并只显示一次，请当场抄送；"
        "填写则须至少 8 位且不能是纯数字或常见密码。",
        "启用：是/否，不填为“是”。",
        "任何一行有错，整个文件都不会导入，请按提示修改后重新上传。",
    ]


# ---------------------------------------------------------------- validation helpers


class RowErrors:
    """Collects per-row, per-column messages in file order."""

    def __init__(self) -> None:
        self._found: list[tuple[int, str]] = []

    def add(self, row: SheetRow, column: str, message: str) -> None:
        text = ROW_ERROR.format(row=row.number, column=column, message=message)
        self._found.append((row.number, text))

    @property
    def errors(self) -> list[str]:
        """By row, as the official reads the file; within a row in the order checked."""
        return [text for _number, text in sorted(self._found, key=lambda found: found[0])]


def yes_no(rows: RowErrors, row: SheetRow, column: str, default: bool = True) -> bool:
    raw = row.values.get(column, "")
    if not raw:
        return default
    if raw.lower() in YES:
        return True
    if raw.lower() in NO:
        return False
    rows.add(row, column, NOT_YES_NO.format(value=raw))
    return default


def label_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[label] = value
        lookup[label.replace("（", "(").replace("）", ")")] = value
    return lookup


def unit_lookup(units: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Name or short name → full name for the given (name, short name) pairs, in order."""
    lookup: dict[str, str] = {}
    for name, short_name in units:
        lookup[name] = name
        if short_name:
            lookup.setdefault(short_name, name)
    return lookup
