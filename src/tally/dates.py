"""Dates in plain text, absolute or relative to the report's publication date.

`find_dates` finds candidate phrases with one pass of one compiled regular expression and
resolves each with plain calendar arithmetic (no guessing library, no clock):

- absolute: "15 July 2015", "July 15, 2015", "2015-07-15" (day); "July 2015" (month);
  "in 2014" (year). These resolve without a publication date.
- relative, against `published`:
  "on Monday" the latest Monday on or before publication; "last Monday" the latest one
  strictly before it; "yesterday", "today", "last night"; "two days ago" (day);
  "last week" the previous Monday-to-Sunday week, "this week" its Monday to publication (week);
  "in May" the latest May that has begun by publication (a month after the publication
  month is last year's); "last June" June of the year before publication, as reporters
  write it ("last June" in July 2015 is June 2014; June 2015 would be "in June");
  "last month", "earlier this month" (month); "last year", "this year" (year);
  "on 3 March" with no year: the latest 3 March on or before publication.
- with no publication date, every relative phrase gives `When(precision="unknown")` with
  its span: a date is never guessed from today's clock.

A preposition before the date sets the qualifier and the bounds: "since X" and "from X" run
from the start of X to publication (end None when it is unknown); "until X", "by X" end at
the end of X; "before X" ends the day before X; "after X" starts the day after X. "early",
"mid" and "late" keep X's bounds and are kept as the qualifier.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tally.records import Span, When
from tally.quantities import parse_quantity

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: i
    for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}

#: Vague counts in "several days ago" are read as at least this many and at most
#: `VAGUE_AGO_MOST` units back: "a few" and "several" rarely mean more than a week's worth.
VAGUE_AGO_LEAST = 2
VAGUE_AGO_MOST = 9
#: "the past month" and "the past year" are rolling windows of this many days.
PAST_MONTH_DAYS = 30
PAST_YEAR_DAYS = 365
#: A day range ("15-17 July") no longer than this many days has week precision, not month.
WEEK_DAYS = 7
#: A day and month without a year up to this many days after publication is this year's
#: (a report of 22 March names "23 March" for the coming day), not last year's.
NEAR_FUTURE_DAYS = 31

#: Words right after a month or a dated day that are no noun it qualifies ("in June last
#: year", "on 3 May when"); any other lower-case word after it makes the date a modifier:
#: "payment of June salaries", "the August 3 elections" name something else's date.
_AFTER_DATE_WORDS = frozenset(
    "and or but to in at on of by for from with near when while after before until till since during "
    "following as last this next that which who where the a an was were is are had has have said says "
    "morning afternoon evening night overnight dawn midnight noon".split()
)
#: Words before a date that make it a modifier of the noun after it: "the August 3 elections".
_DETERMINER_BEFORE = re.compile(r"(?<!\w)(?:the|a|an|its|their|his|her|this|that)\s+\Z", re.IGNORECASE)
#: A capitalised word right before a weekday names a day or a movement, not a date:
#: "Red Wednesday", "Good Friday", "Black Sunday".
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)(?<!\A)\b[A-Z][a-z]+\s+\Z")
#: A speech verb before a day: "police said Monday", "a source told MENA Wednesday", the day
#: something was said, not the day it happened.
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told(?:\s+[\w.'-]+){0,2}|announced|stated|added|declared)\s+\Z", re.IGNORECASE
)
#: A bracketed date right after another restates it: "yesterday (24 July)", "Wednesday [22 June]".
_RESTATED = re.compile(r"\s*[(\[]\s*\Z")

# Month and weekday names must be capitalised ("in May", never "they may"); abbreviations
# only count beside a day or a year ("3 Mar 2015"), so that "Mar Elias" is no date.
_FULL_MONTH = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
_ANY_MONTH = r"(?-i:" + _FULL_MONTH + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR_DIGITS = r"(?:19|20)\d\d"
_YEAR = _YEAR_DIGITS + r"(?![\d,]\d|\w)"
_DAY = r"[0-3]?\d(?!\d)(?:st|nd|rd|th)?"
_COUNT = (
    r"\d{1,3}|an?|a\s+few|a\s+couple\s+of|several|few|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
)
_PART = r"(?:(?P<part>early|mid|late)[\s-]+)?"

_PATTERN = re.compile(
    rf"""(?<![\w/.:-])
    (?:(?P<prep>since|until|till|before|after|by|in|on|during|from|through|throughout|as\s+of|of)\s+)?
    (?:
        (?P<iso>(?P<iy>{_YEAR_DIGITS})-(?P<im>[01]?\d)-(?P<id>[0-3]?\d))(?![\w-])
      | (?P<d1>{_DAY})(?:\s*(?:-|to|and)\s*(?P<d1b>{_DAY}))?\s+(?:of\s+)?(?P<m1>{_ANY_MONTH})
            (?:,?\s+(?P<y1>{_YEAR}))?
      | (?P<nd>[0-3]?\d)/(?P<nm>[01]?\d)(?:/(?P<ny>{_YEAR_DIGITS}|\d\d))?(?![\d/])
      | (?P<m2>{_ANY_MONTH})\s+(?P<d2>{_DAY})(?:\s*-\s*(?P<d2b>{_DAY}))?(?:,?\s+(?P<y2>{_YEAR}))?
      | {_PART.replace("part", "part1")}(?P<m3>{_ANY_MONTH}),?\s+(?P<y3>{_YEAR})
      | (?:(?P<mmod>last|this|past|previous)\s+)?{_PART.replace("part", "part2")}(?P<m4>{_FULL_MONTH})\b
      | (?:(?P<wmod>last|this|past|previous)\s+)?(?P<wd>{_WEEKDAY})\b
      | (?P<deictic>yesterday|today|tonight|last\s+night|earlier\s+today
            |this\s+(?:morning|afternoon|evening))\b
      | (?P<pmod>(?:(?:earlier|early|late)\s+)?(?:this|last)|past|previous)
            \s+(?P<punit>week|weekend|month|year)\b
      | (?P<n>{_COUNT})\s+(?P<aunit>day|week|month|year)s?\s+ago\b
      | {_PART.replace("part", "part3")}(?P<year>{_YEAR})
    )""",
    re.IGNORECASE | re.VERBOSE,
)

#: What every date phrase of `_PATTERN` holds, for a text in ASCII: a digit, a month or
#: weekday name (capitalised, as there), or a word of a relative date, in any case (see
#: `_may_hold_date`). Most sentences hold none of them, and this test is cheaper than the
#: pattern.
_DIGIT_OR_NAME = re.compile(
    r"[0-9]|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
_RELATIVE_WORDS = (
    "yesterday", "today", "tonight", "night", "morning", "afternoon", "evening", "week", "month", "year", "ago",
)

#: What a preposition does to the bounds of the date after it (see the module docstring).
_QUALIFYING_PREPS = {"since": "since", "from": "since", "until": "until", "till": "until",
                     "by": "by", "before": "before", "after": "after", "as of": "as of"}

#: Prepositions after which "20/06" is a day and month (day first, as reports outside the
#: United States write it; "on 6/20" fails as month 20 and is left alone).
_NUMERIC_PREPS = {"on", "since", "until", "till", "by", "before", "after", "from", "as of"}

_Bounds = tuple[dt.date | None, dt.date | None, str]  # start, end, precision


def find_dates(text: str, published: dt.date | None, *, offset: int = 0, document_id: str = "") -> list[When]:
    """Every date or period in `text`, in order, each with its `Span` in document coordinates.

    Relative phrases resolve against `published`; without it they come back with
    precision "unknown" and no bounds. `offset` is where `text` starts in its document.
    """
    found: list[When] = []
    if not _may_hold_date(text):
        return found
    for match in _PATTERN.finditer(text):
        when = _resolve_match(match, published)
        if when is None or _not_a_time(match, text):
            continue
        start, end = match.start(), match.end()
        when = _with_span(when, Span(document_id, start + offset, end + offset, text[start:end]))
        if found and found[-1].span is not None and _RESTATED.fullmatch(text[found[-1].span.end - offset:start]):
            found.pop()  # "yesterday (24 July)": the bracketed date says it exactly
        found.append(when)
    return found


def _may_hold_date(text: str) -> bool:
    """False only when `_PATTERN` cannot match in `text`: an ASCII text with no digit, month,
    weekday or word of a relative date. (Outside ASCII, case-insensitive matching has
    Unicode's exceptions, so such a text is always given to the pattern.)"""
    if not text.isascii() or _DIGIT_OR_NAME.search(text):
        return True
    lowered = text.lower()
    return any(word in lowered for word in _RELATIVE_WORDS)


def _not_a_time(match: re.Match[str], text: str) -> bool:
    """True when a date phrase names something other than when a thing happened: the date in
    a name ("Red Wednesday"), a modifier ("June salaries", "the August 3 elections"), or the
    day something was said ("police said Monday")."""
    before = text[max(0, match.start() - 40):match.start()]
    if match.group("wd") and not match.group("wmod") and not match.group("prep"):
        if _NAME_BEFORE.search(before) and not re.search(r"(?:\A|[.!?]\s+)[A-Z][a-z]+\s+\Z", before):
            return True
    if (match.group("wd") or match.group("deictic")) and _SAID_BEFORE.search(before):
        return True
    day_month = match.group("m2") or match.group("d1")
    yearless = not (match.group("y1") or match.group("y2"))
    attributive_month = match.group("m4") and not match.group("mmod") and (_words(match.group("prep")) in ("", "of", "for") or _DETERMINER_BEFORE.search(before))
    modifier_prep = _words(match.group("prep")) in ("", "of", "for")
    if attributive_month or (day_month and yearless and modifier_prep and (match.group("prep") or _DETERMINER_BEFORE.search(before))):
        after = re.match(r"\s+([a-z]+)\b", text[match.end():])
        return after is not None and after.group(1) not in _AFTER_DATE_WORDS
    return False


def resolve_date(phrase: str, published: dt.date | None) -> When | None:
    """The first date in `phrase` ("in May", "since last June", "15 July 2015"), or None.

    The span is relative to `phrase`.
    """
    found = find_dates(phrase, published)
    return found[0] if found else None


def _with_span(when: When, span: Span) -> When:
    return When(start=when.start, end=when.end, precision=when.precision, qualifier=when.qualifier, span=span)


def _resolve_match(match: re.Match[str], published: dt.date | None) -> When | None:
    """The `When` a candidate stands for, or None when it is not a date after all."""
    prep = _words(match.group("prep"))
    part = _words(match.group("part1") or match.group("part2") or match.group("part3"))
    if match.group("pmod") and match.group("pmod").split()[0].lower() in ("early", "late"):
        part = match.group("pmod").split()[0].lower()  # "late last year"
    if match.group("nd") and prep not in _NUMERIC_PREPS:
        return None  # "20/06" only after "on": else a score, a ratio or a fraction
    if (match.group("m4") and not (prep or part or match.group("mmod"))) or (
        match.group("year") and not (prep or part)
    ):
        return None  # a bare "May" or "2015" is too often something else
    try:
        absolute = _absolute(match)
        bounds = absolute if absolute is not None or published is None else _relative(match, published)
    except ValueError:  # 31 February, month 13: not a date
        return None
    qualifier = " ".join(q for q in (_QUALIFYING_PREPS.get(prep), part) if q) or None
    if bounds is None:
        if absolute is None and published is None and _is_relative(match):
            return When(precision="unknown", qualifier=qualifier)
        return None
    start, end, precision = _apply_prep(prep, bounds, published)
    return When(start=start, end=end, precision=precision, qualifier=qualifier)


def _is_relative(match: re.Match[str]) -> bool:
    return any(match.group(g) for g in ("d1", "m2", "m4", "wd", "deictic", "pmod", "n", "nd"))


def _absolute(match: re.Match[str]) -> _Bounds | None:
    """Bounds of a date that names its year, or None for a relative one."""
    if match.group("iso"):
        day = dt.date(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
        return day, day, "day"
    for d, d_end, m, y in (("d1", "d1b", "m1", "y1"), ("d2", "d2b", "m2", "y2")):
        if match.group(d) and match.group(y):
            return _day_range(int(match.group(y)), _month(match.group(m)), match.group(d), match.group(d_end))
    if match.group("nd") and match.group("ny"):
        year = int(match.group("ny"))
        day = dt.date(year + 2000 if year < 100 else year, int(match.group("nm")), int(match.group("nd")))
        return day, day, "day"
    if match.group("m3"):
        return _month_bounds(int(match.group("y3")), _month(match.group("m3")))
    if match.group("year"):
        year = int(match.group("year"))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def _relative(match: re.Match[str], published: dt.date) -> _Bounds | None:
    """Bounds of a phrase that needs the publication date."""
    for d, d_end, m in (("d1", "d1b", "m1"), ("d2", "d2b", "m2")):
        if match.group(d):
            month = _month(match.group(m))
            year = _year_of(month, int(_digits(match.group(d))), published)
            return _day_range(year, month, match.group(d), match.group(d_end))
    if match.group("nd"):
        month, day = int(match.group("nm")), int(match.group("nd"))
        when = dt.date(_year_of(month, day, published), month, day)
        return when, when, "day"
    if match.group("m4"):
        month = _month(match.group("m4"))
        if _words(match.group("mmod")) in ("last", "previous", "past"):
            return _month_bounds(published.year - 1, month)
        return _month_bounds(published.year if month <= published.month else published.year - 1, month)
    if match.group("wd"):
        return _weekday(_WEEKDAYS[match.group("wd").lower()], _words(match.group("wmod")), published)
    if match.group("deictic"):
        back = 1 if _words(match.group("deictic")) in ("yesterday", "last night") else 0
        day = published - dt.timedelta(days=back)
        return day, day, "day"
    if match.group("pmod"):
        return _period(_words(match.group("pmod")), match.group("punit").lower(), published)
    if match.group("n"):
        return _ago(match.group("n"), match.group("aunit").lower(), published)
    return None


def _year_of(month: int, day: int, published: dt.date) -> int:
    """The year of a day and month given without one: the latest on or before publication,
    unless it falls within `NEAR_FUTURE_DAYS` after it (then the coming one)."""
    if (month, day) <= (published.month, published.day):
        return published.year
    this_year = dt.date(published.year, month, day)  # ValueError for 30 February: no date
    return published.year if (this_year - published).days <= NEAR_FUTURE_DAYS else published.year - 1


def _weekday(weekday: int, modifier: str, published: dt.date) -> _Bounds:
    back = (published.weekday() - weekday) % 7
    if back == 0 and modifier in ("last", "past", "previous"):
        back = 7
    day = published - dt.timedelta(days=back)
    return day, day, "day"


def _period(modifier: str, unit: str, published: dt.date) -> _Bounds | None:
    """"last week", "this month", "earlier this year", "the past week", "last weekend"."""
    previous = modifier.endswith("last") or modifier == "previous"
    if unit == "weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        if previous and published.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return saturday, saturday + dt.timedelta(days=1), "week"
    if modifier == "past":
        days = {"week": WEEK_DAYS, "month": PAST_MONTH_DAYS, "year": PAST_YEAR_DAYS}[unit]
        return published - dt.timedelta(days=days), published, unit
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        if previous:
            return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "week"
        return monday, published, "week"
    if unit == "month":
        if previous:
            last_of_previous = published.replace(day=1) - dt.timedelta(days=1)
            return _month_bounds(last_of_previous.year, last_of_previous.month)
        return published.replace(day=1), published, "month"
    if previous:
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), "year"
    return dt.date(published.year, 1, 1), published, "year"


def _ago(count_text: str, unit: str, published: dt.date) -> _Bounds | None:
    """"two days ago" (day), "three weeks ago" (week), "a few months ago" (year)."""
    count_text = _words(count_text)
    if count_text in ("a", "an"):
        count: int | None = 1
    else:
        quantity = parse_quantity(count_text)
        count = quantity.low if quantity is not None and quantity.high is not None else None
    if count is None:  # "a few", "several": a window, one precision coarser
        coarser = {"day": "week", "week": "month", "month": "year", "year": "year"}[unit]
        start = _shift(published, unit, VAGUE_AGO_MOST)
        return start, _shift(published, unit, VAGUE_AGO_LEAST), coarser
    day = _shift(published, unit, count)
    if unit == "day":
        return day, day, "day"
    if unit == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6), "week"
    if unit == "month":
        return _month_bounds(day.year, day.month)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"


def _shift(published: dt.date, unit: str, count: int) -> dt.date:
    """`published` moved `count` units back; months and years keep the day where they can."""
    if unit in ("day", "week"):
        return published - dt.timedelta(days=count * (7 if unit == "week" else 1))
    months = published.year * 12 + published.month - 1 - count * (12 if unit == "year" else 1)
    year, month = divmod(months, 12)
    month += 1
    return dt.date(year, month, min(published.day, calendar.monthrange(year, month)[1]))


def _apply_prep(prep: str, bounds: _Bounds, published: dt.date | None) -> _Bounds:
    start, end, precision = bounds
    one_day = dt.timedelta(days=1)
    if prep in ("since", "from"):
        return start, published, precision
    if prep in ("until", "till", "by", "as of"):
        return None, end, precision
    if prep == "before":
        return None, start - one_day if start else None, precision
    if prep == "after":
        return end + one_day if end else None, published, precision
    return start, end, precision


def _day_range(year: int, month: int, first: str, last: str | None) -> _Bounds:
    start = dt.date(year, month, int(_digits(first)))
    end = dt.date(year, month, int(_digits(last))) if last else start
    if end < start:
        raise ValueError(f"day range runs backwards: {first}-{last}")
    length = (end - start).days
    return start, end, "day" if length == 0 else "week" if length < WEEK_DAYS else "month"


def _month_bounds(year: int, month: int) -> _Bounds:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"


def _month(name: str) -> int:
    return _MONTH_NUMBERS[name.rstrip(".").lower()]


def _digits(day: str) -> str:
    return re.sub(r"\D", "", day)


def _words(words: str | None) -> str:
    return " ".join(words.lower().split()) if words else ""
