"""`docket extract` and `docket evaluate`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

ActorsOpt = Annotated[list[Path] | None, typer.Option(
    "--actors", help="Extra actor dictionary (YAML, same shape as the shipped Syria one); repeatable")]


def _say(line: str) -> None:
    """One line on stderr, never wrapped (a rich Console wraps at 80 columns when not on a terminal)."""
    sys.stderr.write(" ".join(line.split()) + "\n")
    sys.stderr.flush()


def _progress(console: Console, quiet: bool) -> Progress:
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, disable=quiet or not console.is_terminal, transient=True)


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_cmd(
        files: Annotated[list[Path], typer.Argument(help="Report files (.txt, .md, .html)")],
        out: Annotated[Path | None, typer.Option("--out", help="Write DIR/<file stem>.json per input")] = None,
        actors: ActorsOpt = None,
        no_geocode: Annotated[bool, typer.Option("--no-geocode", help="Skip the gazetteer")] = False,
        timeout: Annotated[float, typer.Option(
            help="Seconds each report may take to read and extract; 0: no limit")] = 30.0,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    ) -> None:
        """Extract incidents and aggregates from each report: one JSON object per document (SPEC §4).

        Without --out the objects go to stdout (one per line when there are several files). Bad inputs are
        reported on stderr, one line each, and the other files are still processed (exit code 1)."""
        from docket.ingest import IngestError
        from docket.ingest.manifest import Manifests
        from docket.ingest.reader import read_raw, sidecar_meta
        from docket.pipeline import Pipeline
        from docket.store.run import read_and_extract
        from docket.worker import Isolated, JobFailed, Overrun, WorkerDied

        err = Console(stderr=True)
        try:
            pipeline = Pipeline.load(actor_files=actors, geocode=not no_geocode)
        except ValueError as exc:
            _say(f"docket: {exc}")
            raise typer.Exit(2) from None
        if timeout < 0:
            _say(f"docket: --timeout {timeout:g}: expected seconds >= 0 (0: no limit)")
            raise typer.Exit(2)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        failed = 0
        written: dict[Path, Path] = {}

        manifests = Manifests()

        def job(path: Path) -> dict[str, Any]:
            return read_and_extract(pipeline, read_raw(path, meta=sidecar_meta(manifests, path)))[0].to_dict()

        with _progress(err, quiet or out is None) as progress, Isolated(job, timeout or None) as worker:
            task = progress.add_task("extracting", total=len(files))
            for path in files:
                progress.advance(task)
                target = out / f"{path.stem}.json" if out is not None else None
                if target is not None and target in written:
                    _say(f"docket: {path}: would overwrite {target} (from {written[target]}); skipped")
                    failed += 1
                    continue
                try:
                    result = worker(path)
                except IngestError as exc:
                    _say(f"docket: {exc}")
                    failed += 1
                    continue
                except Overrun as exc:
                    _say(f"docket: {path}: timed out: {exc}")
                    failed += 1
                    continue
                except (JobFailed, WorkerDied) as exc:
                    _say(f"docket: {path}: extraction failed: {exc}")
                    failed += 1
                    continue
                except Exception as exc:  # an extraction bug on one report must not stop the others
                    reason = " ".join(str(exc).split())[:300] or type(exc).__name__
                    _say(f"docket: {path}: extraction failed: {type(exc).__name__}: {reason}")
                    failed += 1
                    continue
                if target is not None and out is not None:
                    written[target] = path
                    tmp = out / f".{path.stem}.json.tmp"
                    tmp.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
                    tmp.replace(target)
                elif len(files) == 1:
                    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
                else:
                    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        if failed:
            raise typer.Exit(1)

    @app.command("evaluate")
    def evaluate_cmd(
        gold: Annotated[Path, typer.Argument(help="Folder of gold <doc>.json files")],
        corpus: Annotated[Path | None, typer.Option(help="Folder of the reports the gold describes (<doc>.txt ...)")] = None,
        pred: Annotated[Path | None, typer.Option(help="Score existing `docket extract --out` files instead")] = None,
        actors: ActorsOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="Also print the figures as JSON")] = False,
    ) -> None:
        """Score extraction against gold annotations with the reference scorer's rules."""
        from docket import evaluate
        from docket.ingest import IngestError
        from docket.ingest.manifest import Manifests
        from docket.ingest.reader import read_raw, sidecar_meta
        from docket.pipeline import Pipeline

        err = Console(stderr=True)
        if (corpus is None) == (pred is None):
            err.print("docket evaluate: give exactly one of --corpus DIR or --pred DIR")
            raise typer.Exit(2)
        try:
            golds = evaluate.load_gold(gold)
        except ValueError as exc:
            _say(f"docket: {exc}")
            raise typer.Exit(2) from None
        if not golds:
            err.print(f"docket: {gold}: no gold .json files")
            raise typer.Exit(2)
        pairs = []
        missing: list[str] = []
        pipeline = Pipeline.load(actor_files=actors) if corpus is not None else None
        manifests = Manifests()   # a corpus folder's manifest.jsonl, read as `docket extract` reads it
        for stem, g in golds:
            p = None
            if pipeline is not None and corpus is not None:
                src = next((f for f in sorted(corpus.glob(f"{stem}.*")) if f.suffix in (".txt", ".md", ".html", ".htm")), None)
                if src is not None:
                    try:
                        p = pipeline.process(read_raw(src, meta=sidecar_meta(manifests, src)).document()).to_dict()
                    except IngestError as exc:
                        _say(f"docket: {exc}")
            elif pred is not None:
                pf = pred / f"{stem}.json"
                if pf.exists():
                    try:
                        p = json.loads(pf.read_text(encoding="utf-8"))
                    except json.JSONDecodeError:
                        p = None
            if p is None:
                missing.append(stem)
            pairs.append((g, p))
        result = evaluate.score(pairs)
        if as_json:
            print(json.dumps(result, indent=1))
        print(evaluate.format_table(result, missing))
