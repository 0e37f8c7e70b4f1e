"""`docket run`, `docket export`, `docket stats`: the docket database from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

DB_HELP = "Database URL: sqlite:///FILE (default sqlite:///./docket.db) or postgresql://user@host/db"
DbOpt = Annotated[str, typer.Option("--db", help=DB_HELP, envvar="DOCKET_DB")]


def _err(msg: str) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {msg}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(2)


def _open(db: str, archive: Path | None = None) -> Any:
    from docket.store import Store, StoreError

    try:
        return Store.open(db, archive_dir=archive)
    except StoreError as exc:
        raise _err(str(exc)) from None


def _open_existing(db: str) -> Any:
    """Open a database for reading: a SQLite file that does not exist is refused, never created empty."""
    from docket.store.read import missing_database

    missing = missing_database(db)
    if missing:
        raise _err(missing)
    return _open(db)


def _filters(since: str | None, until: str | None, country: list[str] | None, admin1: list[str] | None,
             actor: list[str] | None, attack_type: list[str] | None, weapon: list[str] | None,
             target: list[str] | None, min_killed: str | None, source: list[str] | None,
             single_source: bool | None, status: list[str] | None, text: str | None,
             language: list[str] | None = None) -> Any:
    """The shared filters (:func:`docket.store.read.parse_filters`), errors named by their option."""
    from docket.store.read import FilterError, parse_filters

    try:
        return parse_filters(
            {"date_from": since, "date_to": until, "country": country, "admin1": admin1, "actor": actor,
             "attack_type": attack_type, "weapon": weapon, "target_type": target, "min_killed": min_killed,
             "source": source, "single_source": single_source, "review_status": status, "text": text,
             "language": language},
            names={"date_from": "--since", "date_to": "--until", "country": "--country", "admin1": "--admin1",
                   "actor": "--actor", "attack_type": "--attack-type", "weapon": "--weapon",
                   "target_type": "--target", "min_killed": "--min-killed", "source": "--source",
                   "review_status": "--status", "text": "--text", "language": "--language"})
    except FilterError as exc:
        raise _err(str(exc)) from None


Since = Annotated[str | None, typer.Option(help="Only events on or after this date (YYYY-MM-DD)")]
Until = Annotated[str | None, typer.Option(help="Only events on or before this date (YYYY-MM-DD)")]
Country = Annotated[list[str] | None, typer.Option(help="ISO country code (repeatable)")]
Admin1 = Annotated[list[str] | None, typer.Option("--admin1", "--governorate", help="Governorate (repeatable)")]
ActorOpt = Annotated[list[str] | None, typer.Option("--actor", help="Canonical actor name (repeatable)")]
AttackOpt = Annotated[list[str] | None, typer.Option("--attack-type", help="Attack type (repeatable)")]
WeaponOpt = Annotated[list[str] | None, typer.Option("--weapon", help="Weapon (repeatable)")]
TargetOpt = Annotated[list[str] | None, typer.Option("--target", help="Target type (repeatable)")]
MinKilled = Annotated[str | None, typer.Option(help="At least this many killed (best estimate)")]
SourceOpt = Annotated[list[str] | None, typer.Option("--source", help="Reporting source or publisher (substring)")]
SingleOpt = Annotated[bool | None, typer.Option("--single-source/--corroborated",
                                                 help="Only single-source / only multi-source cases")]
StatusOpt = Annotated[list[str] | None, typer.Option("--status", help="Review status (repeatable)")]
TextOpt = Annotated[str | None, typer.Option("--text", help="Full-text search in the reports")]
LanguageOpt = Annotated[list[str] | None, typer.Option("--language", help="Report language, ISO 639-1: en, ar (repeatable)")]


def register(app: typer.Typer) -> None:
    """Commands of this area are added here."""

    @app.command("export")
    def export_cmd(
        fmt: Annotated[str, typer.Option("--format", "-f", help="csv, geojson or jsonl")] = "jsonl",
        level: Annotated[str, typer.Option(help="case or incident")] = "case",
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout)")] = None,
        db: DbOpt = "sqlite:///./docket.db",
        since: Since = None, until: Until = None, country: Country = None, admin1: Admin1 = None,
        actor: ActorOpt = None, attack_type: AttackOpt = None, weapon: WeaponOpt = None, target: TargetOpt = None,
        min_killed: MinKilled = None, source: SourceOpt = None, single_source: SingleOpt = None,
        status: StatusOpt = None, text: TextOpt = None, language: LanguageOpt = None,
    ) -> None:
        """Export cases or incidents as CSV (ACLED-like columns plus ours), GeoJSON or JSONL.

        The attribution the data owes (GeoNames CC BY 4.0, ...) is printed on stderr, written to
        OUT.ATTRIBUTION.txt beside --out, and included in GeoJSON as the collection's "attribution".
        """
        from docket.export import FORMATS, LEVELS, export

        if fmt not in FORMATS:
            raise _err(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
        if level not in LEVELS:
            raise _err(f"--level {level!r}: expected one of {', '.join(LEVELS)}")
        flt = _filters(since, until, country, admin1, actor, attack_type, weapon, target, min_killed, source,
                       single_source, status, text, language)
        if out is not None and not out.parent.is_dir():
            raise _err(f"{out}: folder {out.parent} does not exist")
        store = _open_existing(db)
        tmp = out.with_name(out.name + ".tmp") if out else None
        try:
            with store.engine.connect() as conn:
                if tmp is not None:
                    with tmp.open("w", encoding="utf-8", newline="") as fh:
                        result = export(conn, fh, fmt, level, flt)
                    tmp.replace(out)  # type: ignore[arg-type]
                    sidecar = out.with_name(out.name + ".ATTRIBUTION.txt")  # type: ignore[union-attr]
                    sidecar.write_text("\n".join(result.attribution) + "\n", encoding="utf-8")
                else:
                    result = export(conn, sys.stdout, fmt, level, flt)
                    sys.stdout.flush()
        except OSError as exc:
            raise _err(f"{out}: cannot write ({exc.strerror or exc})") from None
        finally:
            if tmp is not None and tmp.exists():
                tmp.unlink()
            store.close()
        err = Console(stderr=True)
        err.print(f"exported {result.count} {level}{'s' if result.count != 1 else ''} as {fmt}"
                  + (f" to {out}" if out else ""), highlight=False)
        for line in result.attribution:
            err.print(f"attribution: {line}", highlight=False, soft_wrap=True)

    @app.command("stats")
    def stats_cmd(
        by: Annotated[list[str] | None, typer.Option(
            "--by", help="month, governorate, actor, weapon, target_type, attack_type (repeatable; default all)")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout instead of tables")] = False,
        db: DbOpt = "sqlite:///./docket.db",
        since: Since = None, until: Until = None, country: Country = None, admin1: Admin1 = None,
        actor: ActorOpt = None, attack_type: AttackOpt = None, weapon: WeaponOpt = None, target: TargetOpt = None,
        min_killed: MinKilled = None, source: SourceOpt = None, single_source: SingleOpt = None,
        status: StatusOpt = None, text: TextOpt = None, language: LanguageOpt = None,
    ) -> None:
        """Counts of cases by month, governorate, actor, weapon and target type, with casualty sums.

        Counted from cases (each event once; a case with two weapons counts under each weapon),
        never from aggregates.
        """
        from docket.store.read import STAT_DIMENSIONS, count_cases, stats

        dims = by or ["month", "governorate", "actor", "weapon", "target_type"]
        for d in dims:
            if d not in STAT_DIMENSIONS:
                raise _err(f"--by {d!r}: expected one of {', '.join(STAT_DIMENSIONS)}")
        flt = _filters(since, until, country, admin1, actor, attack_type, weapon, target, min_killed, source,
                       single_source, status, text, language)
        store = _open_existing(db)
        with store.engine.connect() as conn:
            result = {d: stats(conn, d, flt) for d in dims}
            total = count_cases(conn, flt)
        store.close()
        if as_json:
            sys.stdout.write(json.dumps({"cases": total, "by": result}, ensure_ascii=False, indent=1) + "\n")
            return
        out = Console(width=max(100, Console().width))
        out.print(f"[bold]{total}[/bold] cases (events counted once; aggregates excluded; "
                  "'open': a case has a lower bound but no upper one)")

        def fmt(v: int | None) -> str:
            return "" if v is None else f"{v:,}"

        def fmt_high(high: int | None, low: int | None) -> str:
            return "open" if high is None and low is not None else fmt(high)   # some case has no upper bound

        for d, rows in result.items():
            t = Table(title=f"by {d}", header_style="bold")
            for col, just in ((d, "left"), ("cases", "right"), ("killed low", "right"), ("best", "right"),
                              ("high", "right"), ("injured low", "right"), ("best", "right"), ("high", "right")):
                t.add_column(col, justify=just)  # type: ignore[arg-type]
            for r in rows:
                t.add_row(str(r["key"]), str(r["cases"]), fmt(r["killed_low"]), fmt(r["killed_best"]),
                          fmt_high(r["killed_high"], r["killed_low"]), fmt(r["injured_low"]), fmt(r["injured_best"]),
                          fmt_high(r["injured_high"], r["injured_low"]))
            out.print(t)
