"""When a place to belong meets: its regular rows, minus public holidays, closed months and cancelled dates, plus
extra dates, as one dateutil `rruleset`.

The same calendar answers the place page, the area pages, the posters, `/open-data/places.csv` and the admin's
preview of the next dates, so they never disagree. The exceptions are stored as text an editor (or a spreadsheet)
can write: months as "8,12", dates one per line as 2027-08-18.
"""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass

import holidays
from dateutil import rrule

LOOKAHEAD_DAYS = 400
"""How far ahead to look for a place's next date: a monthly schedule always has one within this window."""

LIST_SEPARATOR = re.compile(r"[\n,、，;；]+")
DATE_SEPARATOR = re.compile(r"[\s,、，;；]+")
_DATE_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]


@functools.lru_cache(maxsize=64)
def public_holidays(year):
    """Japanese public holidays (祝日・振替休日・国民の休日) of one year, from the maintained `holidays` library."""
    return frozenset(holidays.country_holidays("JP", years=year))


def is_public_holiday(day):
    return day in public_holidays(day.year)


def parse_date(text):
    """A date written 2027-08-18, 2027/8/18 or 2027年8月18日 (full-width digits too); None if it is not one."""
    text = unicodedata.normalize("NFKC", text).strip()
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def parse_dates(text):
    """(dates, bad parts) of a list of dates separated by lines, spaces or commas."""
    found, bad = [], []
    for part in LIST_SEPARATOR.split(text or ""):
        part = part.strip()
        if not part:
            continue
        days = [parse_date(word) for word in part.split()]
        if all(days):  # several dates on one line, separated by spaces
            found.extend(days)
        else:
            bad.append(part)
    return sorted(set(found)), bad


def format_dates(days):
    return "\n".join(day.isoformat() for day in sorted(set(days)))


def parse_months(text):
    """(months, bad parts) of "8,12" or "8月、12月"."""
    found, bad = [], []
    for part in DATE_SEPARATOR.split(unicodedata.normalize("NFKC", text or "")):
        if not part:
            continue
        number = part.removesuffix("月")
        if number.isdigit() and 1 <= int(number) <= 12:
            found.append(int(number))
        else:
            bad.append(part)
    return sorted(set(found)), bad


def format_months(months):
    return ",".join(str(month) for month in sorted(set(months)))


@dataclass(frozen=True)
class Meeting:
    """One day the place meets, with the times of the regular row it comes from (an extra date takes the first
    row's times)."""

    day: datetime.date
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    extra: bool = False


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time())


def row_rule(row, start, until):
    """The dateutil rule of one regular row (a PlaceSchedule, saved or not), or None when it has no usable rule."""
    if row.weekday is None or row.weekday == "":
        return None
    weekday = rrule.weekdays[int(row.weekday)]
    if row.frequency == "weekly":
        return rrule.rrule(rrule.WEEKLY, byweekday=weekday, dtstart=start, until=until)
    weeks = row.week_numbers
    if not weeks:
        return None
    return rrule.rrule(rrule.MONTHLY, byweekday=[weekday(n) for n in weeks], dtstart=start, until=until)


def meeting_set(rows, start, until, *, closed_months=(), cancelled=(), extra=()):
    """The rruleset of a place between two datetimes: rows, minus holidays, closed months and cancelled dates, plus
    extra dates (an extra date may fall on a public holiday: the editor chose it)."""
    dates = rrule.rruleset()
    for row in rows:
        rule = row_rule(row, start, until)
        if rule is not None:
            dates.rrule(rule)
    extra = set(extra)
    for day in extra:
        dates.rdate(_midnight(day))
    for year in range(start.year, until.year + 1):
        for day in public_holidays(year) - extra:
            dates.exdate(_midnight(day))
    for day in cancelled:
        dates.exdate(_midnight(day))
    if closed_months:
        dates.exrule(rrule.rrule(rrule.DAILY, bymonth=sorted(closed_months), dtstart=start, until=until))
    return dates


def meetings(rows, start_day, end_day, *, closed_months=(), cancelled=(), extra=(), limit=None):
    """The Meetings from `start_day` to `end_day` (both included), in order, at most `limit`."""
    rows = list(rows)
    start, until = _midnight(start_day), _midnight(end_day)
    dates = meeting_set(rows, start, until, closed_months=closed_months, cancelled=cancelled, extra=extra)
    found = []
    row_days = None
    for moment in dates.between(start, until, inc=True):
        if row_days is None:  # which row a date comes from, for its times: worked out once, only when needed
            rules = [(row, row_rule(row, start, until)) for row in rows]
            row_days = [(row, set(rule.between(start, until, inc=True))) for row, rule in rules if rule]
        row = next((r for r, days in row_days if moment in days), None)
        times = row or (rows[0] if rows else None)
        found.append(
            Meeting(
                moment.date(),
                getattr(times, "start_time", None),
                getattr(times, "end_time", None),
                extra=row is None,
            )
        )
        if limit is not None and len(found) >= limit:
            break
    return found


def next_days(rows, today, count, **exceptions):
    """The next `count` meeting days on or after `today`."""
    end = today + datetime.timedelta(days=LOOKAHEAD_DAYS)
    return [meeting.day for meeting in meetings(rows, today, end, limit=count, **exceptions)]
