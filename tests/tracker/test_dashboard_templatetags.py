from datetime import UTC, date, datetime

import pytest

from tracker.templatetags.cn_dates import cn_date, cn_month_day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 25), "2026年11月25日"),
        (date(2027, 1, 5), "2027年1月5日"),
        # 16:30 UTC is already the next morning in Beijing.
        (datetime(2026, 11, 25, 16, 30, tzinfo=UTC), "2026年11月26日 00:30"),
        (None, "—"),
    ],
)
def test_cn_date_writes_dates_the_chinese_way(value, expected, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert cn_date(value) == expected


def test_cn_date_default_and_month_day():
    assert cn_date(None, "未设时限") == "未设时限"
    assert cn_month_day(date(2026, 3, 8)) == "3月8日"
