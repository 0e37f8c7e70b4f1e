"""A small cache of aggregate answers (counts, timeline, map) keyed by the filters and the data version.

The version changes whenever a document, case or review change is stored (by this app or another
process), so a cached answer is never stale; the cache is an object the app holds, bounded in size."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Connection

from docket.store.read import data_version


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
