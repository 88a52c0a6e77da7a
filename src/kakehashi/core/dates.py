"""Dates as each language writes them, with the weekday.

    en  Mon 21 Dec 2026
    ja  2026年12月21日(月)
    hi  सोमवार, 21 दिसंबर 2026

Django's own formats have no weekday and its Hindi month names are misspelt ("दिसमबर"), so
the names are here. Templates use the `day` and `day_time` filters (core/templatetags/kk.py).
"""

import datetime as dt

from django.utils.translation import get_language

EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
JA_WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")
HI_WEEKDAYS = ("सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार")
HI_MONTHS = ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर")


def format_day(value: dt.date, language: str | None = None) -> str:
    """The date with its weekday in the language (the active one by default)."""
    lang = (language or get_language() or "en")[:2]
    weekday = value.weekday()
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日({JA_WEEKDAYS[weekday]})"
    if lang == "hi":
        return f"{HI_WEEKDAYS[weekday]}, {value.day} {HI_MONTHS[value.month - 1]} {value.year}"
    return f"{EN_WEEKDAYS[weekday]} {value.day} {EN_MONTHS[value.month - 1]} {value.year}"


def format_day_time(value: dt.datetime, language: str | None = None) -> str:
    """The date with its weekday, then the 24-hour time (the datetime's own zone)."""
    return f"{format_day(value.date(), language)} {value:%H:%M}"
