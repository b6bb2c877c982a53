"""Incident resolution and storage time as the database grows, on synthetic events.

Generates incidents spread over many countries and admin1 areas, dates over a year or more
(25 events a day by default), several event types, methods, perpetrators and tolls, each reported by one or more
documents: a repeat report shifts the date by a day, widens it to a week or a month, revises
the toll, places the event only to its province or country, drops the method or names one
of its family, leaves the perpetrator unnamed. Some documents carry two events; some are
syndicated copies of another (stored with `duplicate_of`). The events are built directly as
`Extraction` records: no language processing, so only resolution and storage are timed.

For each size, the documents are stored in arrival order (publication date) through
`Store.add_extraction` into a fresh SQLite file (or a fresh schema of the PostgreSQL
database given with `--db`), one transaction per document, as `tally.runner` stores them.
The table gives the time (wall and CPU), the rate, the cost of the first and the last tenth of the events
(a cost that grows with the database shows as a last tenth dearer than the first), and the
growth against linear: the time per event relative to the smallest size's (1.0 is linear;
10.0 from 10,000 to 100,000 events would be quadratic). Pairwise precision and recall
against the generated incidents show that the resolver did its work, not only the store.

    .venv/bin/python bench/resolution.py --sizes 1000,10000,100000
    .venv/bin/python bench/resolution.py --sizes 10000 --db postgresql://root@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tally.documents import make_document
from tally.incidents import Resolver
from tally.records import Actor, Document, Event, Extraction, Place, Quantity, Source, Victims, When

#: Default sizes (events per run).
DEFAULT_SIZES = (1000, 10000)
#: Events a day, by default: the dates of `n` events span n / EVENTS_PER_DAY days (at least
#: `MIN_DAYS`), so a larger database covers a longer period at the same density, as a
#: recorder's database grows. 25 a day is a busy national war (a dozen incidents a day at
#: two reports each). `--days` fixes the span instead, so that density grows with the size.
EVENTS_PER_DAY = 25
MIN_DAYS = 365
FIRST_DAY = dt.date(2021, 1, 1)
#: Reports per incident and their weights: most incidents are reported once, a few by many
#: outlets (mean about two).
REPORTS_PER_INCIDENT = ((1, 55), (2, 22), (3, 10), (4, 6), (5, 4), (8, 3))
#: Share of documents that carry a second event (of another incident).
SECOND_EVENT_SHARE = 0.15
#: Share of documents that are republished as a syndicated copy.
COPY_SHARE = 0.05

#: (ISO code, latitude, longitude, weight): conflict countries, a few with most events.
COUNTRIES = (
    ("SY", 35.0, 38.5, 14), ("UA", 48.5, 34.0, 14), ("IQ", 33.2, 43.7, 8), ("YE", 15.5, 47.5, 8),
    ("AF", 34.0, 66.0, 7), ("NG", 9.5, 8.5, 7), ("ML", 15.0, -2.0, 5), ("BF", 12.3, -1.5, 5),
    ("SO", 5.0, 46.0, 5), ("SD", 14.0, 30.0, 5), ("CD", -2.0, 27.0, 5), ("MM", 21.0, 96.0, 6),
    ("CO", 4.5, -74.0, 3), ("MX", 23.5, -102.0, 4), ("PK", 30.0, 70.0, 3), ("IN", 23.0, 80.0, 3),
    ("PS", 31.9, 35.2, 3), ("LB", 33.9, 35.8, 2), ("LY", 27.0, 17.0, 2), ("ET", 9.0, 39.5, 3),
    ("CM", 6.0, 12.5, 2), ("NE", 16.0, 8.0, 2), ("TD", 14.0, 19.0, 1), ("CF", 6.5, 20.5, 2),
    ("SS", 7.5, 30.0, 2), ("MZ", -18.0, 35.5, 1), ("HT", 19.0, -72.5, 1), ("PH", 12.0, 122.0, 2),
    ("BR", -10.0, -52.0, 1), ("KE", 0.5, 38.0, 1),
)
ADMIN1_PER_COUNTRY = (4, 12)
TOWNS_PER_ADMIN1 = (3, 8)
#: (event type, sub-event type, method, sibling method of the same family or None).
KINDS = (
    ("Battles", "Armed clash", None, None),
    ("Explosions/Remote violence", "Air/drone strike", "air strike", "drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelling", "rocket"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "IED", "car bomb"),
    ("Explosions/Remote violence", "Suicide bomb", "suicide bombing", "IED"),
    ("Violence against civilians", "Attack", "shooting", "execution"),
    ("Violence against civilians", "Abduction/forced disappearance", None, None),
)
VICTIMS = (("villagers", "civilian"), ("farmers", "civilian"), ("worshippers", "civilian"),
           ("shoppers", "civilian"), ("passengers", "civilian"), ("soldiers", "combatant"),
           ("policemen", "combatant"), ("fighters", "combatant"))
OUTLETS = tuple(f"Outlet {i}" for i in range(40))


@dataclass(frozen=True)
class Town:
    name: str
    geonameid: int
    country_code: str
    admin1: str
    latitude: float
    longitude: float
    admin1_latitude: float
    admin1_longitude: float


@dataclass
class Report:
    """One document to store: its extraction, what it copies, and the true incident of each event."""

    extraction: Extraction
    duplicate_of: str | None = None
    truth: dict[str, int] = field(default_factory=dict)


def make_towns(rng: random.Random) -> dict[str, list[Town]]:
    """Each country's towns, grouped in admin1 areas around the country's centre."""
    towns: dict[str, list[Town]] = {}
    geonameid = 1
    for code, lat, lon, _ in COUNTRIES:
        towns[code] = []
        for a in range(rng.randint(*ADMIN1_PER_COUNTRY)):
            a_lat, a_lon = lat + rng.uniform(-3, 3), lon + rng.uniform(-3, 3)
            for t in range(rng.randint(*TOWNS_PER_ADMIN1)):
                towns[code].append(Town(f"{code} town {a}-{t}", geonameid, code, f"{code} province {a}",
                                        a_lat + rng.uniform(-0.8, 0.8), a_lon + rng.uniform(-0.8, 0.8), a_lat, a_lon))
                geonameid += 1
    return towns


def report_when(rng: random.Random, day: dt.date) -> When:
    """The incident's day as one report gives it: mostly the day, sometimes a day off, a week,
    a month, rarely only the year."""
    draw = rng.random()
    if draw < 0.70:
        return When(day, day, "day")
    if draw < 0.92:
        shifted = day + dt.timedelta(days=rng.choice((-1, 1)))
        return When(shifted, shifted, "day")
    if draw < 0.975:
        monday = day - dt.timedelta(days=day.weekday())
        return When(monday, monday + dt.timedelta(days=6), "week")
    if draw >= 0.995:
        return When(day.replace(month=1, day=1), day.replace(month=12, day=31), "year")
    first = day.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return When(first, last, "month")


def report_toll(rng: random.Random, killed: int) -> Quantity:
    """The toll as one report gives it: the same, revised up, "at least", or none."""
    draw = rng.random()
    if draw < 0.6:
        return Quantity(killed, killed)
    if draw < 0.8:
        revised = killed + rng.randint(0, max(1, killed // 3))
        return Quantity(revised, revised)
    if draw < 0.9:
        return Quantity(max(0, killed - rng.randint(0, 2)), None, "at least")
    return Quantity()


def report_place(rng: random.Random, town: Town) -> Place:
    """The place as one report gives it: the town, or only its province or country."""
    draw = rng.random()
    if draw < 0.8:
        return Place(town.name, town.geonameid, town.country_code, town.admin1, town.latitude, town.longitude, 1)
    if draw < 0.95:
        return Place(town.admin1, None, town.country_code, town.admin1, town.admin1_latitude,
                     town.admin1_longitude, 3)
    return Place(town.country_code, None, town.country_code, None, None, None, 4)


def make_reports(n: int, days: int, seed: int) -> list[Report]:
    """Documents holding exactly `n` events, in arrival (publication) order."""
    rng = random.Random(seed)
    towns = make_towns(rng)
    codes = [c[0] for c in COUNTRIES]
    weights = [c[3] for c in COUNTRIES]
    counts, count_weights = zip(*REPORTS_PER_INCIDENT)
    pending: list[tuple[dt.date, int, Event, Document | None]] = []  # published, incident, event, -
    total = 0
    incident = 0
    while total < n:
        code = rng.choices(codes, weights)[0]
        town = rng.choice(towns[code])
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(days))
        event_type, sub_type, method, sibling = rng.choice(KINDS)
        group = rng.choice((f"{code} army", f"{code} group A", f"{code} group B", f"{code} militia"))
        victim, category = rng.choice(VICTIMS)
        killed = rng.choice((0, 0, 1, 1, 2, 3, 4, 5, 7, 9, 12, 15, 20, 30, 45, 80))
        for _ in range(rng.choices(counts, count_weights)[0]):
            if total == n:
                break
            when = report_when(rng, day)
            chosen = method if rng.random() < 0.8 else (sibling if rng.random() < 0.5 else None)
            perpetrator = group if rng.random() < 0.7 else "Unidentified Armed Group"
            event = Event(
                id="", document_id="", event_type=event_type, sub_event_type=sub_type, method=chosen,
                perpetrators=(Actor(perpetrator, "rebel_group"),),
                victims=(Victims(victim, category),), fatalities=report_toll(rng, killed),
                place=report_place(rng, town), when=when,
            )
            last = day if when.precision == "year" else max(day, when.end or day)  # "earlier this year"
            published = last + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 5)))
            pending.append((published, incident, event, None))
            total += 1
        incident += 1
    pending.sort(key=lambda p: (p[0], rng.random()))
    return _package(rng, pending)


def _package(rng: random.Random, pending: list[tuple[dt.date, int, Event, Document | None]]) -> list[Report]:
    """Put the events into documents (some with two events, some copied) with real ids."""
    reports: list[Report] = []
    index = 0
    while index < len(pending):
        group = [pending[index]]
        if (index + 1 < len(pending) and rng.random() < SECOND_EVENT_SHARE
                and pending[index + 1][1] != pending[index][1]):
            group.append(pending[index + 1])
        index += len(group)
        published = max(p[0] for p in group)
        outlet = rng.choice(OUTLETS)
        report = _report(len(reports), published, outlet, [(p[1], p[2]) for p in group], None)
        reports.append(report)
        if rng.random() < COPY_SHARE and index < len(pending):
            # A copy takes the place of the next event, so the total stays exact.
            pending.pop(index)
            copied = [(i, e) for e, i in zip(report.extraction.events, report.truth.values())][:1]
            reports.append(_report(len(reports), published, rng.choice(OUTLETS), copied,
                                   report.extraction.document.id, source=outlet))
    return reports


def _report(number: int, published: dt.date, outlet: str, events: list[tuple[int, Event]],
            duplicate_of: str | None, source: str | None = None) -> Report:
    document = make_document(f"Synthetic report {number} from {outlet}.", title=f"Report {number}",
                             publisher=outlet, published=published, origin="bench/resolution.py")
    chain = (Source(outlet, "news_outlet"),) + ((Source(source, "news_outlet"),) if source else ())
    built: list[Event] = []
    truth: dict[str, int] = {}
    for k, (incident, event) in enumerate(events):
        event_id = f"{document.id}:e{k}"
        built.append(Event(
            id=event_id, document_id=document.id, event_type=event.event_type,
            sub_event_type=event.sub_event_type, method=event.method, perpetrators=event.perpetrators,
            victims=event.victims, fatalities=event.fatalities, place=event.place, when=event.when,
            attribution=chain,
        ))
        truth[event_id] = incident
    return Report(Extraction(document, tuple(built)), duplicate_of, truth)


@contextmanager
def database(folder: Path, size: int, postgres: str | None) -> Iterator[str]:
    """A URL for an empty database: a new SQLite file, or a new PostgreSQL schema dropped after."""
    if postgres is None:
        yield f"sqlite:///{folder / f'resolution-{size}.db'}"
        return
    import sqlalchemy as sa

    text = postgres.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = sa.create_engine(text)
    schema = f"tally_bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield sa.make_url(text).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@dataclass(frozen=True)
class Result:
    size: int
    documents: int
    seconds: float
    cpu_seconds: float
    first_tenth_ms: float
    last_tenth_ms: float
    incidents: int
    true_incidents: int
    precision: float
    recall: float

    @property
    def ms_per_event(self) -> float:
        return 1000 * self.seconds / self.size


def measure(size: int, days: int, seed: int, url: str) -> Result:
    """Store `size` synthetic events at `url`; time the stores, score the clustering."""
    import sqlalchemy as sa

    from tally.migrations.tables import events
    from tally.store import Store

    reports = make_reports(size, days, seed)
    resolver = Resolver()
    tenth = max(1, size // 10)
    marks: list[tuple[int, float]] = [(0, 0.0)]
    with Store.open(url) as store:
        stored = 0
        cpu = time.process_time()
        start = time.perf_counter()
        for report in reports:
            store.add_extraction(report.extraction, resolver=resolver, run_id="bench",
                                 duplicate_of=report.duplicate_of)
            stored += len(report.extraction.events)
            if stored >= marks[-1][0] + tenth:
                marks.append((stored, time.perf_counter() - start))
                (n1, t1), (n2, t2) = marks[-2:]
                print(f"  {stored:,}/{size:,} events: {t2:.1f} s, {1000 * (t2 - t1) / (n2 - n1):.2f} ms/event "
                      "over the last tenth", file=sys.stderr, flush=True)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        with store._engine.connect() as conn:  # the benchmark reads the assignment directly
            found = dict(conn.execute(sa.select(events.c.id, events.c.incident_id)).all())
    truth = {k: v for r in reports for k, v in r.truth.items()}
    precision, recall = pairwise(found, truth)
    (n1, t1), (n2, t2) = marks[0], marks[1]
    (m1, u1), (m2, u2) = marks[-2], marks[-1]
    return Result(size, len(reports), seconds, cpu, 1000 * (t2 - t1) / (n2 - n1), 1000 * (u2 - u1) / (m2 - m1),
                  len(set(found.values())), len(set(truth.values())), precision, recall)


def pairwise(found: dict[str, int], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of `found` clusters against `truth`."""
    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter((found[e], truth[e]) for e in truth))
    predicted, actual = pairs(Counter(found[e] for e in truth)), pairs(Counter(truth.values()))
    return (both / predicted if predicted else 1.0), (both / actual if actual else 1.0)


def print_table(results: list[Result]) -> None:
    """One row per size, with growth against linear relative to the smallest."""
    base = results[0]
    print(f"{'events':>8} {'docs':>8} {'seconds':>8} {'cpu s':>8} {'events/s':>9} {'ms/event':>9} {'first 10%':>10} "
          f"{'last 10%':>9} {'vs linear':>10} {'cpu vs lin':>10} {'exponent':>9} {'incidents':>10} {'true':>8} "
          f"{'P':>6} {'R':>6}")
    for r in results:
        exponent = (math.log(r.seconds / base.seconds) / math.log(r.size / base.size)
                    if r.size != base.size else 1.0)
        cpu_ratio = (r.cpu_seconds / r.size) / (base.cpu_seconds / base.size)
        print(f"{r.size:>8,} {r.documents:>8,} {r.seconds:>8.1f} {r.cpu_seconds:>8.1f} {r.size / r.seconds:>9.0f} "
              f"{r.ms_per_event:>9.2f} {r.first_tenth_ms:>10.2f} {r.last_tenth_ms:>9.2f} "
              f"{r.ms_per_event / base.ms_per_event:>10.2f} {cpu_ratio:>10.2f} {exponent:>9.2f} {r.incidents:>10,} "
              f"{r.true_incidents:>8,} {r.precision:>6.3f} {r.recall:>6.3f}")
    print()
    print("vs linear: ms/event over the smallest size's (1.0 linear; the size ratio would be quadratic);")
    print("cpu vs lin: the same on this process's CPU time (SQLite runs in it; PostgreSQL's server does not),")
    print("            steadier than wall time on a shared machine.")
    print("exponent: log(time ratio) / log(size ratio) against the smallest size (1 linear, 2 quadratic).")
    print("first/last 10%: ms per event over the first and the last tenth of the events stored.")


def main(argv: list[str] | None = None) -> int:
    """Measure each size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated event counts (default %(default)s)")
    parser.add_argument("--days", type=int,
                        help=f"days the dates span, for every size "
                             f"(default: size / {EVENTS_PER_DAY}, at least {MIN_DAYS})")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--db", help="PostgreSQL URL to measure instead of SQLite (a schema per size, dropped after)")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: expected comma-separated integers")
    if not sizes or sizes[0] < 100:
        parser.error("--sizes: each size must be at least 100")
    spans = {size: args.days or max(MIN_DAYS, math.ceil(size / EVENTS_PER_DAY)) for size in sizes}
    print(f"sizes {', '.join(f'{s:,}' for s in sizes)}; dates over {', '.join(f'{d:,}' for d in spans.values())} "
          f"days from {FIRST_DAY}; "
          f"seed {args.seed}; {'PostgreSQL' if args.db else 'SQLite'}", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="tally-resolution-") as folder:
        for size in sizes:
            with database(Path(folder), size, args.db) as url:
                results.append(measure(size, spans[size], args.seed, url))
    print()
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
