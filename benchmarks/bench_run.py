"""Benchmark `docket run` over >= 10,000 documents: the dev corpus replicated with varied dates, places, numbers.

    .venv/bin/python benchmarks/bench_run.py [--docs 10000] [--db sqlite:///...] [--replay] [--timeout 30]

Uses the real pipeline (`docket.pipeline.Pipeline`) when it loads; with --replay (or when it does not load)
it uses a stand-in that replays the dev *gold* extraction of each replicated document (with the same
variations applied), so the figures then measure ingest + archive + store + link only, not extraction.
Prints docs/s, peak memory (max RSS of the run's process, and of the extraction worker when --timeout is on,
as in `docket run`), database + archive size and the time spent linking. The replay table is kept on disk so
that the benchmark's own memory does not grow with --docs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from docket.link.evaluation import gold_extractions
from docket.link.linker import Linker
from docket.model import Document, Extraction, Total
from docket.store import Store
from docket.store.run import run

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def replicate(out: Path, n_docs: int, seed: int = 7) -> Path:
    """Write n_docs report files, with a ``manifest.jsonl`` giving each its (shifted) publication date as a
    feed's metadata would, and the varied gold extraction of each to the returned folder."""
    rng = random.Random(seed)
    gold = [ex for ex, _ in gold_extractions(SHARED)]
    places = sorted({i.location.name for ex in gold for i in ex.incidents if i.location})
    replay = out.parent / "replay"
    replay.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for k in range(n_docs):
            ex = Extraction.from_dict(json.loads(json.dumps(gold[k % len(gold)].to_dict())))
            shift = rng.randint(-1500, 0)
            for inc in ex.incidents:
                if inc.date.start:
                    inc.date.start = _shift(inc.date.start, shift)
                    inc.date.end = _shift(inc.date.end or inc.date.start, shift)
                if inc.location and rng.random() < 0.5:
                    inc.location.name = rng.choice(places)
                if inc.killed and inc.killed.count is not None:
                    inc.killed = Total(max(1, inc.killed.count + rng.randint(-2, 5)), inc.killed.qualifier)
            text, published = _vary_text(ex.document.text, shift, rng, places, ex.document.published)
            text += f"\n\n[benchmark replica {k}: {shift} days]\n"
            bump = k % 3
            text = re.sub(r"\b(\d{1,2})\b", lambda m, b=bump: str(int(m.group(1)) + b), text, count=3)
            (out / f"r{k:06d}.txt").write_text(text, encoding="utf-8")
            manifest.write(json.dumps({"id": f"r{k:06d}", "published": published}) + "\n")
            (replay / f"{k}.json").write_text(json.dumps(ex.to_dict()), encoding="utf-8")
    return replay


UNDATED_BASE = "2017-06-30"   # the publication date given to a report that states none (before the shift)
_MONTH = r"(?P<{0}>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
_DATE_RX = re.compile(
    r"\b(?:" + _MONTH.format("m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?P<y1>,?\s+\d{4})?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format("m2") + r"(?P<y2>,?\s+\d{4})?)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _vary_text(text: str, shift: int, rng: random.Random, places: list[str],
               published: str | None = None) -> tuple[str, str]:
    """The same report on another day and, half the time per place, in another place: the real extractor then
    sees varied events, as a real stream of reports would give, instead of one event reported 400 times.
    Every calendar date the text writes moves by ``shift`` days with its publication date (the event's own
    dates, not only the dateline: otherwise every copy of a report that says "on 25 March" tells the same
    event, and that event's case grows with the number of documents). Returns the text and its shifted
    publication date (``UNDATED_BASE`` shifted when the report gives none)."""
    from docket.ingest import find_published

    iso, span = find_published(text)
    base = dt.date.fromisoformat((published or iso or UNDATED_BASE)[:10])
    if iso and span:
        day = dt.date.fromisoformat(iso) + dt.timedelta(days=shift)
        text = (_shift_dates(text[:span[0]], shift, base.year) + day.strftime("%d %B %Y")
                + _shift_dates(text[span[1]:], shift, base.year))
    else:
        text = _shift_dates(text, shift, base.year)
    for name in sorted({p for p in places if p in text}, key=lambda p: (-len(p), p)):  # same order every run
        if rng.random() < 0.5:
            text = text.replace(name, rng.choice(places))
    return text, (base + dt.timedelta(days=shift)).isoformat()


def _shift_dates(text: str, shift: int, year: int) -> str:
    """``text`` with each "25 March 2016" or "March 25" moved by ``shift`` days (a date without a year is taken in
    ``year``, the report's own), written day-month or month-day as it was, with a year only where it had one."""
    def move(m: re.Match[str]) -> str:
        month = _MONTHS.index((m.group("m1") or m.group("m2"))[:3].lower()) + 1
        y = m.group("y1") or m.group("y2")
        try:
            day = dt.date(int(y.strip(", ")) if y else year, month, int(m.group("d1") or m.group("d2")))
        except ValueError:          # (29 February in another year, "June 31")
            return m.group()
        day += dt.timedelta(days=shift)
        if m.group("m1"):
            return f"{day:%B} {day.day}" + (f", {day.year}" if y else "")
        return f"{day.day} {day:%B}" + (f" {day.year}" if y else "")

    return _DATE_RX.sub(move, text)


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


class Replay:
    """Stand-in pipeline: the varied gold extraction of a replicated document."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def process(self, doc: Document) -> Extraction:
        m = re.search(r"\[benchmark replica (\d+):", doc.text)
        if not m:
            return Extraction(doc)
        ex = Extraction.from_dict(json.loads((self.folder / f"{m.group(1)}.json").read_text(encoding="utf-8")))
        return Extraction(doc, ex.incidents, ex.aggregates)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--db", default=None)
    ap.add_argument("--replay", action="store_true", help="use the gold-replay stand-in pipeline")
    ap.add_argument("--timeout", type=float, default=30.0,
                    help="per-document budget as in `docket run` (extraction in a worker process); 0: in-process")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docket-bench-"))
    try:
        t0 = time.perf_counter()
        table = replicate(work / "reports", args.docs)
        print(f"generated {args.docs} documents in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        pipeline = None
        kind = "gold replay (stand-in; extraction not measured)"
        if not args.replay:
            try:
                from docket.pipeline import Pipeline

                pipeline = Pipeline.load()
                kind = "real pipeline"
            except Exception as exc:
                print(f"real pipeline does not load ({exc.__class__.__name__}: {exc}); using gold replay",
                      file=sys.stderr)
        pipeline = pipeline or Replay(table)
        url = args.db or f"sqlite:///{work}/docket.db"
        store = Store.open(url)
        link_time = [0.0]
        original = Linker.assign

        def timed(self: Linker, *a: object, **kw: object) -> object:
            t = time.perf_counter()
            try:
                return original(self, *a, **kw)  # type: ignore[arg-type]
            finally:
                link_time[0] += time.perf_counter() - t

        Linker.assign = timed  # type: ignore[method-assign]
        t0 = time.perf_counter()
        summary = run([work / "reports"], store, pipeline, timeout=args.timeout or None)
        elapsed = time.perf_counter() - t0
        t1 = time.perf_counter()
        rerun = run([work / "reports"], store, pipeline, timeout=args.timeout or None)
        rerun_s = time.perf_counter() - t1
        counts = store.counts()
        held = (len(getattr(store.linker, "entries", store.linker.records)), len(store.linker.records))
        store.close()
        db_bytes = sum(p.stat().st_size for p in work.glob("docket.db*"))
        arch_bytes = sum(p.stat().st_size for p in (work / "docket-archive").rglob("*") if p.is_file())
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"pipeline: {kind}")
        print(f"documents: {summary.new} new, {summary.copies} copies, {summary.failed} failed "
              f"({summary.failures[:3]})")
        print(f"stored: {counts}")
        print(f"run: {elapsed:.1f} s = {args.docs / elapsed:.0f} docs/s; linking {link_time[0]:.2f} s "
              f"({summary.incidents} incidents)")
        print(f"re-run (all duplicates): {rerun_s:.1f} s, {rerun.duplicates} duplicates")
        print(f"link stage: {held[0]} incidents indexed, {held[1]} full link records held in memory")
        print(f"peak memory (max RSS): {rss:.0f} MiB" + (f"; extraction worker {worker_rss:.0f} MiB"
                                                          if args.timeout else ""))
        if url.startswith("sqlite"):
            print(f"database: {db_bytes / 1e6:.1f} MB; archive: {arch_bytes / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
