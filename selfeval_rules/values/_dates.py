"""Calendar arithmetic for deadlines: the last day of a period and how many months late a date is."""

from __future__ import annotations

import calendar
import datetime as dt

# 季度 and 半年 as the month they end in.
QUARTER_END_MONTH = {1: 3, 2: 6, 3: 9, 4: 12}
HALF_END_MONTH = {1: 6, 2: 12}
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month.

    >>> month_end(2024, 2)
    datetime.date(2024, 2, 29)
    """
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months; a month's last day stays the last day.

    >>> add_months(dt.date(2023, 5, 31), 1)
    datetime.date(2023, 6, 30)
    >>> add_months(dt.date(2023, 1, 30), 1)
    datetime.date(2023, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = month_end(year, month + 1)
    if day == month_end(day.year, day.month):
        return last
    return last.replace(day=min(day.day, last.day))


def months_late(deadline: dt.date, done: dt.date) -> int:
    """Calendar months past `deadline` that `done` falls in: 0 on time, 1 within a month, and so on.

    >>> months_late(dt.date(2023, 5, 31), dt.date(2023, 6, 30))
    1
    >>> months_late(dt.date(2023, 5, 31), dt.date(2023, 7, 1))
    2
    >>> months_late(dt.date(2023, 5, 31), dt.date(2023, 5, 2))
    0
    """
    if done <= deadline:
        return 0
    months = (done.year - deadline.year) * 12 + done.month - deadline.month
    months = max(months, 1)
    while add_months(deadline, months) < done:
        months += 1
    while months > 1 and add_months(deadline, months - 1) >= done:
        months -= 1
    return months
