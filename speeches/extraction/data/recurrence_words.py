"""Recurrence phrases of the genre, mapped to the contract's values (longest phrase first)."""

RECURRENCE_PATTERNS = (
    (r"每两年|每2年|每二年|两年一次|二年一次", "biennial"),
    (r"每半年|半年一次|每半年度", "half-yearly"),
    (r"每季度|每季|每个季度|按季度|季度一次|一季一次", "quarterly"),
    (r"每月|每个月|按月|一月一次|一个月一次|月度例会", "monthly"),
    (r"每周|每星期|每个星期|一周一次|每礼拜", "weekly"),
    (r"每年|每一年|一年一次|年度集中轮训|年度轮训|年度集中培训|一年一度", "yearly"),
)
