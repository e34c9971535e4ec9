"""The 督办单 as a Word document: one assignment's supervision form, ready to print and sign."""

from dataclasses import dataclass
from datetime import date

from tracker.services.dates import chinese_date
from tracker.services.documents import official


@dataclass(frozen=True, slots=True)
class SupervisionFormContent:
    office: str  # the issuing office, e.g. 澜川区委督查室
    number: str  # 督〔2026〕15号
    level_label: str  # 一般督办 / 重点督办 / 红色督办
    issued_on: date
    task_title: str
    source: str  # 《document title》（date）
    quote: str
    lead_units: tuple[str, ...]
    cooperating_units: tuple[str, ...]
    due: str  # a Chinese date or 未设时限
    requirements: str  # 办理要求
    feedback: str  # 反馈要求, with the reporting cadence
    instructions: tuple[str, ...] = ()  # 领导批示, one line each


def build(content: SupervisionFormContent) -> bytes:
    document = official.new_document()
    official.centered(document, content.office)
    official.title(document, "督 办 单")
    official.centered(document, f"{content.number}　　{content.level_label}")
    official.blank(document)
    units = "牵头：" + ("、".join(content.lead_units) or "—")
    if content.cooperating_units:
        units += "\n配合：" + "、".join(content.cooperating_units)
    rows = [
        ("督办事项", content.task_title),
        (
            "任务来源",
            f"{content.source}\n原文：{content.quote}" if content.quote else content.source,
        ),
        ("承办单位", units),
        ("办理时限", content.due),
        ("办理要求", content.requirements),
        ("反馈要求", content.feedback),
    ]
    if content.instructions:
        rows.append(("领导批示", "\n".join(content.instructions)))
    rows += [
        ("办理情况", "\n\n\n\n"),
        ("签　　收", "签收人：　　　　　　　　签收时间：　　年　　月　　日"),
    ]
    official.form_table(document, rows)
    official.blank(document)
    official.right_aligned(document, f"{content.office}　　{chinese_date(content.issued_on)}")
    return official.to_bytes(document)
