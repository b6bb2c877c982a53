"""The `tally` command: a thin shell over the library (Typer + Rich).

Every command calls one library function; this module only parses options, prints and
turns `TallyError`s into one-line messages with a non-zero exit code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tally.errors import ConfigError, InputError, TallyError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Reports of violence in armed conflict, turned into sourced incidents and claims.")
db_app = typer.Typer(help="Database maintenance.")
app.add_typer(db_app, name="db")
#: Width of tables written to a file or pipe, where the terminal's width is unknown.
PIPE_WIDTH = 180
out = Console(width=None if sys.stdout.isatty() else PIPE_WIDTH)
err = Console(stderr=True)

DbOption = Annotated[Optional[str], typer.Option("--db", help="Database URL (default: $TALLY_DB or sqlite:///tally.db).")]
PublishedOption = Annotated[Optional[str], typer.Option("--published", help="YYYY-MM-DD, for documents that carry no date of their own.")]
StatusOption = Annotated[Optional[list[str]], typer.Option(
    "--status", metavar="STATUS",
    help="Only incidents of this status (repeat for several): unverified, corroborated, contested, confirmed, discounted.")]


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExtractFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"


class ExportFormat(str, Enum):
    acled = "acled"
    geojson = "geojson"
    jsonl = "jsonl"


#: Shown instead of evidence text that describes graphic violence.
CONTENT_WARNING = "[content warning: graphic violence; `tally show ID --graphic` to read]"


def _settings(db: str | None):
    from tally.settings import Settings

    return Settings.from_env(db_url=db)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from tally.documents import parse_date

    return parse_date(value, "--published")


def _fail(exc: TallyError) -> typer.Exit:
    # Messages name files and quote text: escaped, so brackets in them are not read as markup.
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: text, HTML, JSON Lines, JSON, CSV, RSS/Atom.")],
    db: DbOption = None,
    published: PublishedOption = None,
    text_column: Annotated[Optional[str], typer.Option(help="CSV column holding the text.")] = None,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="ADDRESS|local:N", help=(
        "Extract on a Dask cluster (scheduler address) or on N local worker processes; needs tally[scale]."))] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="With --dask: folder of the Parquet output (resumable).")] = Path("tally-parquet"),
    partition_files: Annotated[Optional[int], typer.Option(help="With --dask: files per partition (default 200).")] = None,
    partition_rows: Annotated[Optional[int], typer.Option(help=(
        "With --dask: a JSON Lines or CSV file of more records is cut into partitions of this many (default 200)."))] = None,
    extract_only: Annotated[bool, typer.Option("--extract-only", help=(
        "With --dask: write the Parquet and store nothing; run again without it to store."))] = False,
) -> None:
    """Ingest reports: extract events and claims, resolve incidents, store.

    Example: tally run examples/ --db sqlite:///demo.db
    (on a cluster: tally run archive/ --dask local:2 --out archive-parquet/)
    """
    if dask is not None:
        from tally.cli_scale import run_on_dask

        return run_on_dask(paths, db, published, text_column, dask, out_dir, partition_files, partition_rows,
                           load=not extract_only)
    if extract_only:
        raise _fail(ConfigError("--extract-only needs --dask (it writes the Parquet a cluster run leaves)"))
    from tally.runner import run as run_job

    try:
        settings = _settings(db)
        when = _date(published)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} documents"),
                      TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task("reading", total=None)

            def progress(report, name: str) -> None:
                bar.update(task, completed=report.read + len(report.errors), description=escape(Path(name.split(":")[0]).name[:40]))

            report = run_job(paths, settings=settings, published=when, text_column=text_column, progress=progress)
    except TallyError as exc:
        raise _fail(exc) from exc
    for error in report.errors:
        err.print(f"[yellow]skipped:[/yellow] {escape(str(error))}", highlight=False, soft_wrap=True)
    err.print(
        f"{report.stored} stored, {report.already_stored} already stored, {report.duplicates} syndicated copies, "
        f"{report.events} events, {report.claims} claims, {len(report.incidents)} incidents touched, "
        f"{len(report.errors)} errors",
        highlight=False,
        soft_wrap=True,
    )
    if report.read == 0 and not report.errors:
        err.print("error: no documents found in " + ", ".join(str(p) for p in paths), highlight=False, markup=False)
        raise typer.Exit(1)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A document, '-' for standard input, or a .jsonl file with --format jsonl.")],
    published: PublishedOption = None,
    format: Annotated[ExtractFormat, typer.Option("--format")] = ExtractFormat.json,
) -> None:
    """Analyse documents and print their events and claims; nothing is stored.

    Example: tally extract report.txt --published 2015-07-15
    """
    from tally.documents import make_document, read_path
    from tally.pipeline import default_pipeline

    try:
        pipeline = default_pipeline(_settings(None))
        when = _date(published)
        if format is ExtractFormat.jsonl:
            _extract_lines(file, when, pipeline)
            return
        if file == "-":
            document = make_document(sys.stdin.read(), published=when, origin="<stdin>")
        else:
            items = list(read_path(Path(file), published=when))
            if not items:
                raise InputError(file, "no document in it")
            if isinstance(items[0], InputError):
                raise items[0]
            document = items[0]
        print(json.dumps(pipeline.extract(document).to_dict(), ensure_ascii=False, indent=2))
    except TallyError as exc:
        raise _fail(exc) from exc


def _extract_lines(file: str, published: dt.date | None, pipeline) -> None:
    """One JSON object a line in, one a line out, in input order; a bad line gives an error object."""
    from tally.documents import make_document, parse_date

    try:
        stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(file, exc.strerror or str(exc)) from exc
    with stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            ident: Any = None
            try:
                line = raw.decode("utf-8")
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise InputError(f"{file}:line {number}", "not a JSON object")
                ident = item.get("id", number)
                if not isinstance(item.get("text"), str):
                    raise InputError(f"{file}:line {number}", "no 'text' string")
                when = parse_date(item["published"], f"{file}:line {number}") if item.get("published") else published
                document = make_document(item["text"], title=item.get("title"), published=when, origin=f"{file}:line {number}")
                result = {"id": ident, **pipeline.extract(document).to_dict()}
            except UnicodeDecodeError:
                result = {"id": ident, "error": f"{file}:line {number}: not UTF-8 text"}
            except json.JSONDecodeError as exc:
                result = {"id": ident, "error": f"{file}:line {number}: not JSON ({exc.msg})"}
            except TallyError as exc:
                result = {"id": ident, "error": str(exc)}
            print(json.dumps(result, ensure_ascii=False), flush=False)


def _open_store(db: str | None):
    from tally.store import Store

    settings = _settings(db)
    return Store.open(settings.db_url, policy=settings.incident_policy)


def _emit(rows: list[dict[str, Any]], format: ListFormat, columns: list[str], title: str) -> None:
    if format is ListFormat.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if format is ListFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        sys.stdout.write(buffer.getvalue())
        return
    table = Table(title=title, show_lines=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(row.get(c))) for c in columns))
    out.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _incident_row(incident, graphic: bool = False) -> dict[str, Any]:
    data = incident.to_dict()
    place = data["place"] or {}
    date = data["date"]
    evidence = [e["text"] for e in data["evidence"]]
    return {
        "id": data["id"],
        "method": data["method"],
        "perpetrators": data["perpetrators"],
        "status": data["status"],
        "type": data["sub_event_type"],
        "where": ", ".join(str(p) for p in (place.get("name"), place.get("admin1"), place.get("country_code")) if p),
        "when": _date_label(date),
        "fatalities": _range(data["fatalities_low"], data["fatalities_high"]),
        "sources": f"{data['independent_sources']} independent: " + ("; ".join(s["name"] for s in data["sources"]) or "the reports themselves"),
        "evidence_text": CONTENT_WARNING if data["graphic"] and not graphic else (evidence[0][:160] if evidence else ""),
    }


def _warned(data: dict[str, Any], graphic: bool) -> dict[str, Any]:
    """An incident's JSON with graphic evidence text behind the content warning.

    The offsets stay, so a program can still fetch the text from the stored document.
    """
    if data["graphic"] and not graphic:
        return {**data, "evidence": [{**e, "text": CONTENT_WARNING} for e in data["evidence"]]}
    return data


def _date_label(date: dict[str, Any]) -> str:
    if date["precision"] == "unknown":
        return f"unknown (reported by {date['end']})" if date.get("end") else "unknown"
    span = date["start"] if date["start"] == date["end"] or not date["end"] else f"{date['start']}..{date['end']}"
    return f"{date.get('qualifier') + ' ' if date.get('qualifier') else ''}{span} ({date['precision']})"


def _range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "unknown"
    if low == high:
        return str(low)
    return f"{'?' if low is None else low}..{'?' if high is None else high}"


@app.command()
def incidents(
    db: DbOption = None,
    format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
    country: Annotated[Optional[str], typer.Option(help="ISO country code.")] = None,
    event_type: Annotated[Optional[str], typer.Option(help="ACLED event type.")] = None,
    status: StatusOption = None,
    graphic: Annotated[bool, typer.Option("--graphic", help="Show evidence that describes graphic violence.")] = False,
) -> None:
    """List incidents with place, date, low/high fatalities, sources, status and evidence.

    Discounted incidents are listed, marked; merged-away ones are not (see `tally show ID`).

    Example: tally incidents --status contested --status unverified --format json
    """
    try:
        with _open_store(db) as store:
            found = store.incidents(country_code=country, event_type=event_type, status=status or None)
    except TallyError as exc:
        raise _fail(exc) from exc
    if format is ListFormat.json:
        print(json.dumps([_warned(i.to_dict(), graphic) for i in found], ensure_ascii=False, indent=2))
        return
    columns = ["id", "when", "type", "method", "perpetrators", "where", "fatalities", "sources", "status", "evidence_text"]
    _emit([_incident_row(i, graphic) for i in found], format, columns, "Incidents")


@app.command()
def claims(
    db: DbOption = None,
    format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
) -> None:
    """List aggregate claims (totals asserted by a source), kept apart from incidents.

    Example: tally claims --db sqlite:///demo.db
    """
    try:
        with _open_store(db) as store:
            rows = [c.to_dict() for c in store.claims()]
    except TallyError as exc:
        raise _fail(exc) from exc
    for row in rows:
        row["quantity"] = f"{row['qualifier'] + ' ' if row['qualifier'] else ''}{_range(row['quantity_low'], row['quantity_high'])}"
        row["period_text"] = f"{row['period']['start'] or '?'}..{row['period']['end'] or '?'}"
        row["source_name"] = (row["source"] or {}).get("name")
        row["breakdown_text"] = [f"{b['category']}: {_range(b['low'], b['high'])}" for b in row["breakdown"]]
    columns = ["id", "what", "quantity", "victim_category", "breakdown_text", "perpetrators", "period_text", "methods", "source_name"]
    if format is ListFormat.json:
        rows = [{k: v for k, v in r.items() if k not in {"quantity", "period_text", "source_name", "breakdown_text"}} for r in rows]
    _emit(rows, format, columns, "Claims (not added to incident totals)")


@app.command()
def show(
    incident_id: Annotated[str, typer.Argument(metavar="ID")],
    db: DbOption = None,
    graphic: Annotated[bool, typer.Option("--graphic", help="Show evidence that describes graphic violence.")] = False,
) -> None:
    """Show one incident in full, as JSON: every report's values side by side.

    Example: tally show 1 --db sqlite:///demo.db
    """
    try:
        with _open_store(db) as store:
            data = store.incident(incident_id).to_dict()
    except TallyError as exc:
        raise _fail(exc) from exc
    print(json.dumps(_warned(data, graphic), ensure_ascii=False, indent=2))


@app.command()
def stats(
    by: Annotated[str, typer.Option("--by", help="Comma-separated fields, e.g. perpetrator,method.")],
    db: DbOption = None,
    format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
    include_discounted: Annotated[bool, typer.Option(
        "--include-discounted", help="Count incidents a reviewer discounted (left out by default).")] = False,
) -> None:
    """Incidents and low/high fatality totals grouped by fields.

    Discounted incidents are left out unless --include-discounted; reviewers' values count.

    Example: tally stats --by perpetrator,method
    """
    from tally.stats import stats as group

    fields = [f.strip() for f in by.split(",") if f.strip()]
    try:
        with _open_store(db) as store:
            rows = [r.to_dict(fields) for r in group(store.incidents(), fields, include_discounted=include_discounted)]
    except TallyError as exc:
        raise _fail(exc) from exc
    _emit(rows, format, [*fields, "incidents", "events", "fatalities_low", "fatalities_high"], f"Incidents by {', '.join(fields)}")


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format")],
    db: DbOption = None,
    output: Annotated[Optional[Path], typer.Option("--out", help="File to write (default: standard output).")] = None,
    status: StatusOption = None,
) -> None:
    """Export incidents as ACLED-style CSV, GeoJSON or JSON Lines.

    Each row carries its status (ACLED: a "status: ..." tag); merged-away incidents are left out.

    Example: tally export --format acled --status confirmed --status corroborated --out incidents.csv
    """
    from tally.exports import export as write

    try:
        with _open_store(db) as store:
            records = store.incidents(status=status or None)
        if output:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = write(records, format.value, handle)
            err.print(f"{count} incidents written to {output}")
        else:
            write(records, format.value, sys.stdout)
    except BrokenPipeError:  # the reader (`| head`) stopped early: not an error
        _silence_stdout()
    except OSError as exc:
        raise _fail(InputError(str(output or "<stdout>"), exc.strerror or str(exc))) from exc
    except TallyError as exc:
        raise _fail(exc) from exc


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the final flush after a broken pipe does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file descriptor (a test runner's buffer): nothing will be flushed


class EvalKind(str, Enum):
    acled = "acled"
    case2021 = "case2021"
    geo = "geo"
    clusters = "clusters"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


#: Files each kind of gold reads when a folder is given.
EVAL_SUFFIXES = {EvalKind.acled: ".csv", EvalKind.case2021: ".tsv", EvalKind.geo: ".xml", EvalKind.clusters: "gold.tsv"}


@app.command("eval")
def eval_(
    kind: Annotated[EvalKind, typer.Argument(help="acled, case2021, geo or clusters (a folder of reports with its gold.tsv).")],
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Gold files, or folders of them.")],
    format: Annotated[EvalFormat, typer.Option("--format")] = EvalFormat.table,
) -> None:
    """Score Tally against hand-coded gold; every figure with the number of items it rests on.

    Example: tally eval acled ../shared/eval/acled/ --format json
    """
    from tally import evaluation

    paths = [p for f in files for p in (sorted(f.glob(f"*{EVAL_SUFFIXES[kind]}")) if f.is_dir() else [f])]
    try:
        if not paths:
            raise InputError(", ".join(str(f) for f in files), f"no {EVAL_SUFFIXES[kind]} file in it")
        settings = _settings(None)
        with err.status(f"scoring {len(paths)} file(s)"):
            if kind is EvalKind.acled:
                from tally.pipeline import default_pipeline

                report = evaluation.evaluate_acled(paths, default_pipeline(settings))
            elif kind is EvalKind.case2021:
                from tally.pipeline import default_pipeline

                pipeline = default_pipeline(settings)
                report = evaluation.combine(kind.value, [evaluation.evaluate_case(p, pipeline) for p in paths])
            elif kind is EvalKind.clusters:
                from tally.evaluation_clusters import evaluate_clusters

                folders = [p.parent if p.name == EVAL_SUFFIXES[kind] else p for p in paths]
                report = evaluation.combine(kind.value, [evaluate_clusters(f, settings) for f in folders])
            else:
                from tally.gazetteer import Gazetteer

                gazetteer = Gazetteer.load(settings)
                report = evaluation.combine(kind.value, [evaluation.evaluate_geo(p, gazetteer) for p in paths])
    except TallyError as exc:
        raise _fail(exc) from exc
    if format is EvalFormat.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"tally eval {kind.value} ({report.seconds:.1f} s)")
    for column in ("figure", "scope", "value", "right", "n"):
        table.add_column(column, justify="right" if column in ("value", "right", "n") else "left", overflow="fold")
    for figure in report.figures:
        value = "-" if figure.value is None else f"{figure.value:.3f}"
        table.add_row(escape(figure.name), escape(figure.scope), value, str(figure.numerator), str(figure.n))
    out.print(table)
    if report.confusion:
        confusion = Table(title="confusion (gold -> predicted)")
        for column in ("scope", "gold", "predicted", "count"):
            confusion.add_column(column, justify="right" if column == "count" else "left", overflow="fold")
        for scope, gold, predicted, count in report.confusion:
            confusion.add_row(escape(scope), escape(gold), escape(predicted), str(count))
        out.print(confusion)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Apply the database migrations (also done when a database is first opened).

    Example: tally db upgrade --db postgresql://localhost/tally
    """
    try:
        with _open_store(db) as store:
            store.upgrade()
    except TallyError as exc:
        raise _fail(exc) from exc
    err.print("database is up to date")


gazetteer_app = typer.Typer(help="The offline gazetteer of place names.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("add")
def gazetteer_add(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dump files: AF.txt or AF.zip, allCountries.zip, admin1CodesASCII.txt, admin2Codes.txt.")],
) -> None:
    """Add GeoNames dump files (download.geonames.org/export/dump/) to the gazetteer.

    Example: tally gazetteer add AF.zip admin1CodesASCII.txt admin2Codes.txt
    """
    from tally.gazetteer import Gazetteer
    from tally.gazetteer_dumps import add_dumps

    try:
        settings = _settings(None)
        summary = add_dumps(files, settings)
        with err.status("rebuilding the gazetteer"):
            Gazetteer.load(settings)
    except TallyError as exc:
        raise _fail(exc) from exc
    err.print(
        f"read {summary.places_read} places, {summary.admin1_codes_read} admin1 and {summary.admin2_codes_read} "
        f"admin2 codes; the layer in {escape(str(summary.directory))} holds {summary.places_in_layer} places"
    )


def main() -> None:
    """Entry point of the `tally` script."""
    app()


import tally.cli_review  # noqa: E402,F401  (registers merge, split, edit, status, note, history on `app`)
import tally.cli_reconcile  # noqa: E402,F401  (registers reconcile on `app`)
import tally.cli_server  # noqa: E402,F401  (registers serve and users on `app`)
