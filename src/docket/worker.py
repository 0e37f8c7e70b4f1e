"""A time budget per document: work runs in a child process that is killed when it overruns.

A hang in pure-Python code (a regular expression that backtracks, a loop over a huge input) cannot be
interrupted from inside the process, so ``Isolated`` forks a child that has everything the parent has
loaded (the pipeline's vocabularies and gazetteer), sends it one job at a time over a pipe, and waits at
most ``timeout`` seconds for the answer. A job that overruns kills the child (SIGKILL) and raises
``Overrun``; the next job gets a fresh child. A child that dies (out of memory, a crash in C code) raises
``WorkerDied``. Exceptions raised by the job come back as ``JobFailed`` (or the job's own ``IngestError``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from docket.ingest.errors import IngestError

J = TypeVar("J")
R = TypeVar("R")


class Overrun(Exception):
    """The job took longer than the time budget; the worker was killed."""


class WorkerDied(Exception):
    """The worker process ended without answering (killed from outside, out of memory, a crash)."""


class JobFailed(Exception):
    """The job raised; ``kind`` is the exception's class name and ``detail`` the child's traceback."""

    def __init__(self, kind: str, message: str, detail: str = "") -> None:
        self.kind = kind
        self.message = message
        self.detail = detail
        super().__init__(f"{kind}: {message}")


def _portable(exc: BaseException) -> tuple[str, str, str, str]:
    """An exception as plain strings (exceptions with custom constructors do not unpickle)."""
    detail = "".join(traceback.format_exception(exc))[-20_000:]
    if isinstance(exc, IngestError):
        return ("ingest", exc.where, exc.problem, detail)
    message = " ".join(str(exc).split())[:500] or exc.__class__.__name__
    return ("failed", exc.__class__.__name__, message, detail)


def _serve(conn: Connection, parent_end: Connection, fn: Callable[[Any], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent_end.close()  # else the parent closing its end would never reach us as end-of-file
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", fn(job))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back as one answer
            answer = ("error", _portable(exc))
        try:
            conn.send(answer)
        except Exception as exc:  # e.g. a result that does not pickle
            conn.send(("error", _portable(exc)))


class Isolated(Generic[J, R]):
    """Run ``fn(job)`` in a forked child with a time budget of ``timeout`` seconds per job.

    ``timeout`` None or 0 runs jobs in this process, without a budget. Use as a context manager (or call
    ``close``) so the child is ended."""

    def __init__(self, fn: Callable[[J], R], timeout: float | None) -> None:
        self.fn = fn
        self.timeout = timeout or None
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self.restarts = 0

    def __enter__(self) -> Isolated[J, R]:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:  # interrupted (Ctrl-C) or failed: do not wait for the job in hand
            self._kill()
        self.close()

    def _start(self) -> tuple[BaseProcess, Connection]:
        if self._proc is None or self._conn is None or not self._proc.is_alive():
            self.close()
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            ctx: Any = multiprocessing.get_context(method)
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(child, parent, self.fn), daemon=True, name="docket-worker")
            proc.start()
            child.close()
            self._proc, self._conn = proc, parent
        return self._proc, self._conn

    def __call__(self, job: J) -> R:
        if self.timeout is None:
            return self.fn(job)
        proc, conn = self._start()
        try:
            conn.send(job)
            ready = conn.poll(self.timeout)
        except (BrokenPipeError, EOFError, OSError):
            code = self._kill()
            raise WorkerDied(_exit_reason(code)) from None
        if not ready:
            self._kill()
            raise Overrun(f"took longer than {self.timeout:g} s; stopped")
        try:
            status, payload = conn.recv()
        except (EOFError, OSError):
            code = self._kill()
            raise WorkerDied(_exit_reason(code)) from None
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        kind, a, b, detail = payload
        if kind == "ingest":
            raise IngestError(a, b)
        raise JobFailed(a, b, detail)

    def _kill(self) -> int | None:
        proc, self._proc = self._proc, None
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        if proc is None:
            return None
        if proc.is_alive() and proc.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        self.restarts += 1
        return proc.exitcode

    def close(self) -> None:
        """End the child (if any)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            self._proc.join(timeout=5)
            if self._proc.is_alive() and self._proc.pid is not None:
                os.kill(self._proc.pid, signal.SIGKILL)
                self._proc.join()
            self._proc = None


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"the worker process was killed by {signal.Signals(-code).name} (out of memory?)"
        except ValueError:
            pass
    return f"the worker process ended unexpectedly (exit code {code})"
