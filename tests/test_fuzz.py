"""Seeded fuzz test: a few hundred malformed reports through `docket extract` and `docket run` (real pipeline).

For every input: no traceback; either a JSON object that validates against the extraction schema, or exactly
one stderr line naming the input and the reason. Each document has a time budget (--timeout), so a hang
would fail that one input, not the test; the subprocess timeout is only a safety net. Every generated text
is FICTIONAL (built from the bundled fictional examples and invented sentences).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA = json.loads((ROOT / "src" / "docket" / "schema" / "extraction.schema.json").read_text(encoding="utf-8"))
N_INPUTS = 240
SEED = 20261204

SENTENCES = [
    "FICTIONAL: An air strike hit the market of Fictionville on Sunday, killing {n} civilians.",
    "Shelling on the town of Imaginara on {date} killed {n} people and injured {m} others, activists said.",
    "A barrel bomb fell on the hospital in Notreal on {date}; {n} were killed.",
    "The civil defence said {n} people died when a drone struck a car near Nowhereville.",
]


def _sentence(rng: random.Random) -> str:
    n = rng.choice(["3", "12", "9" * rng.randint(20, 400), "3,000,000,000", "-4", "1e999", "0", "three"])
    date = rng.choice(["2019-02-31", "31 February 2019", "2019-13-01", "0000-00-00", "3 March 2019", "99/99/9999"])
    return rng.choice(SENTENCES).format(n=n, m=rng.randint(0, 40), date=date)


def _report(rng: random.Random, examples: list[bytes]) -> bytes:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 6))).encode() if rng.random() < 0.5 \
        else rng.choice(examples)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if not data:
            break
        i = rng.randrange(len(data))
        op = rng.randrange(4)
        if op == 0:
            data[i] = rng.randrange(256)
        elif op == 1:
            del data[i:i + rng.randint(1, 50)]
        elif op == 2:
            data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        else:
            data[i:i] = data[max(0, i - 200):i]
    return bytes(data)


def generate(folder: Path) -> list[Path]:
    """The seeded inputs: each kind in turn, with random parameters."""
    rng = random.Random(SEED)
    examples = [p.read_bytes() for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    kinds = [
        ("txt", lambda: bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))),
        ("txt", lambda: _report(rng, examples).replace(b" ", b"\x00", rng.randint(0, 5))),
        ("txt", lambda: _report(rng, examples) + bytes([rng.choice([0x80, 0xC3, 0xFF, 0xE2])]) * rng.randint(1, 4)),
        ("txt", lambda: _report(rng, examples).decode("utf-8", "replace").encode(rng.choice(["utf-16", "utf-16-le"]))),
        ("txt", lambda: (_sentence(rng) + " (بيان الدفاع المدني)").encode("cp1256")),
        ("txt", lambda: _sentence(rng).encode() + b" " + b"x" * rng.randint(100, 3000) + b". " + _sentence(rng).encode()),
        ("md", lambda: b"---\ndate: " + rng.choice([b"2019-02-31", b"[[[[", b"&a x", b"*a", b"99999999999"])
         + b"\ntitle: " + rng.choice([b"FICTIONAL", b"[1, 2]", b"{a: b}", b"'" * 3]) + b"\n---\n" + _report(rng, examples)),
        ("html", lambda: b"<html><body>" + b"<div>" * rng.randint(10, 3000) + _sentence(rng).encode()
         + b"</div>" * rng.randint(0, 3000) + b"</body></html>"),
        ("html", lambda: b"<html><head><meta charset='" + rng.choice([b"utf-8", b"bogus", b"cp1256", b""])
         + b"'></head><body><p>" + _report(rng, examples) + b"</p></body>"),
        ("txt", lambda: _mutate(rng, rng.choice(examples))),
        ("md", lambda: _mutate(rng, rng.choice(examples))),
        ("html", lambda: _mutate(rng, rng.choice(examples))),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(N_INPUTS):
        suffix, make = kinds[k % len(kinds)]
        path = folder / f"f{k:04d}.{suffix}"
        path.write_bytes(make())
        paths.append(path)
    return paths


def test_fuzzed_reports_give_valid_json_or_one_line_each(tmp_path: Path) -> None:
    paths = generate(tmp_path / "in")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "docket.cli", "extract", "-q", "--timeout", "20", "--out", str(out),
                           *map(str, paths)], capture_output=True, text=True, timeout=1800)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    rejected: dict[str, str] = {}
    for line in lines:
        assert line.startswith("docket: "), line
        name = next((p.name for p in paths if line.startswith(f"docket: {p}: ")), None)
        assert name is not None and name not in rejected, line  # one line per rejected input, naming it
        rejected[name] = line
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for path in paths:
        result = out / f"{path.stem}.json"
        if path.name in rejected:
            assert not result.exists(), path
            continue
        assert result.exists(), f"{path.name}: neither a result nor a reason"
        errors = sorted(validator.iter_errors(json.loads(result.read_text(encoding="utf-8"))), key=str)
        assert not errors, f"{path.name}: {errors[0].message}"
    assert proc.returncode == (1 if rejected else 0)
    assert 0 < len(rejected) < len(paths)  # the generator makes both kinds


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_fuzzed_bulk_files_report_each_bad_row_and_keep_each_good_one(tmp_path: Path, suffix: str) -> None:
    rng = random.Random(SEED + len(suffix))
    good = [f"FICTIONAL row {k}: shelling on Fictionville on 3 March 2019 killed {rng.randint(1, 30)} people, "
            "local activists said." for k in range(30)]
    rows: list[str] = []
    bad_lines: list[int] = []
    for k, text in enumerate(good):
        if suffix == "jsonl":
            rows.append(json.dumps({"text": text, "url": f"https://example.org/{k}"}))
            junk = rng.choice(['{"text": ' + "[" * 5000, '{"text": 1' + "0" * 5000 + "}", "[1, 2]", '{"text": ""}',
                               '{"text": "\\ud800 lone"}', "\x00\x00"])
        else:
            rows.append(f'"{text}",https://example.org/{k}')
            junk = rng.choice(['"unterminated,https://e.org/x', "only,three,fields", '"a""b" x",y'])
        rows.append(junk)
        bad_lines.append(len(rows) + (1 if suffix == "csv" else 0))
    path = tmp_path / f"rows.{suffix}"
    header = "text,url\n" if suffix == "csv" else ""
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "docket.cli", "run", str(path), "--db", f"sqlite:///{tmp_path}/d.db",
                           "-q", "--log", str(tmp_path / "run.log")], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout[-2000:]
    failures = [line.strip() for line in proc.stdout.splitlines() if line.startswith(f"  {path}:")]
    assert sorted(int(line[len(str(path)) + 1:].split(":", 1)[0]) for line in failures) == bad_lines
    import sqlite3

    con = sqlite3.connect(tmp_path / "d.db")
    sources = {r[0] for r in con.execute("SELECT source FROM documents")}
    con.close()
    assert sources == {f"https://example.org/{k}" for k in range(len(good))}
