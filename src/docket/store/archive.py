"""The evidentiary archive: original bytes, content-addressed, written once, never modified."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

TMP_PREFIX = ".tmp-"       # ".tmp-<pid>-<random>": a copy being written by process <pid>


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class ArchivedCopy:
    sha256: str          # hex digest of the bytes
    relpath: str         # path under the archive root, e.g. "ab/cd/abcd...."
    size: int


@dataclass
class Archive:
    root: Path

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> ArchivedCopy:
        """Store ``data`` under its SHA-256 (tmp file + fsync + rename); an existing copy is left untouched."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        rel = target.relative_to(self.root).as_posix()
        if target.exists() and target.stat().st_size == len(data):
            return ArchivedCopy(digest, rel, len(data))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return ArchivedCopy(digest, rel, len(data))

    def sweep(self) -> int:
        """Remove temporary files left by processes that were killed while writing; returns how many."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for folder, _dirs, names in os.walk(self.root):
            for name in names:
                if not name.startswith(TMP_PREFIX):
                    continue
                pid = name[len(TMP_PREFIX):].split("-", 1)[0]
                if pid.isdigit() and _alive(int(pid)):
                    continue  # another run is writing it now
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
        return removed

    def verify(self, sha256: str) -> bool:
        """True when the archived copy exists and still hashes to ``sha256``."""
        path = self.path_for(sha256)
        if not path.is_file():
            return False
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest() == sha256
