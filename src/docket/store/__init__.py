"""The docket database: schema, migrations, the archive, and reads/writes in transactions."""

from docket.store.store import DEFAULT_URL, Store, StoreError, StoreResult

__all__ = ["DEFAULT_URL", "Store", "StoreError", "StoreResult"]
