"""A small cache of aggregate answers (counts, timeline, map) keyed by the filters and the data version.

The version changes whenever a document, case or review change is stored (by this app or another
process), so a cached answer is never stale; the cache is an object the app holds, bounded in size."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Connection, func, select

from docket.store import schema as S


def data_version(conn: Connection) -> tuple[Any, ...]:
    """Cheap (index-only) markers that move whenever the docket changes."""
    return tuple(conn.execute(select(
        select(func.max(S.documents.c.seq)).scalar_subquery(),
        select(func.max(S.cases.c.seq)).scalar_subquery(),
        select(func.max(S.review_log.c.id)).scalar_subquery(),
        select(func.max(S.overrides.c.id)).scalar_subquery(),
    )).one())


class AggregateCache:
    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], Any]) -> Any:
        if self.size <= 0:
            return compute()
        full = (key, data_version(conn))
        with self._lock:
            if full in self._data:
                self._data.move_to_end(full)
                return self._data[full]
        value = compute()
        with self._lock:
            self._data[full] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value
