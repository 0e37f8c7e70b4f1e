"""full-text search folds Arabic words (docket.text.names.search_text): documents.search on PostgreSQL, the
folded copy in SQLite's documents_fts

Revision ID: 0004_arabic_search
Revises: 0003_document_language
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from docket.text.names import search_text

revision = "0004_arabic_search"
down_revision = "0003_document_language"
branch_labels = None
depends_on = None

# the expression of docket.store.read.where.FULLTEXT_DOCUMENT, unqualified
NEW_INDEX = "to_tsvector('simple', coalesce(search, coalesce(title, '') || ' ' || text))"
OLD_INDEX = "to_tsvector('simple', coalesce(title, '') || ' ' || text)"


def _arabic_documents() -> list[tuple[str, str | None, str]]:
    """Only documents read as Arabic (0003 records it) have words the folding changes."""
    rows = op.get_bind().execute(sa.text("SELECT id, title, text FROM documents WHERE language = 'ar'"))
    return [(r[0], r[1], r[2]) for r in rows]


def upgrade() -> None:
    op.add_column("documents", sa.Column("search", sa.Text(), nullable=True))
    bind = op.get_bind()
    docs = _arabic_documents()
    if bind.dialect.name == "sqlite":
        for doc_id, title, body in docs:
            bind.execute(sa.text("DELETE FROM documents_fts WHERE document_id = :id"), {"id": doc_id})
            bind.execute(sa.text("INSERT INTO documents_fts (document_id, title, text) VALUES (:id, :t, :x)"),
                         {"id": doc_id, "t": search_text(title or ""), "x": search_text(body)})
    elif bind.dialect.name == "postgresql":
        for doc_id, title, body in docs:
            plain = f"{title or ''} {body}"
            folded = search_text(plain)
            if folded != plain:
                bind.execute(sa.text("UPDATE documents SET search = :s WHERE id = :id"), {"s": folded, "id": doc_id})
        op.execute("DROP INDEX IF EXISTS ix_documents_fulltext")
        op.execute(f"CREATE INDEX ix_documents_fulltext ON documents USING gin ({NEW_INDEX})")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_fulltext")
        op.execute(f"CREATE INDEX ix_documents_fulltext ON documents USING gin ({OLD_INDEX})")
    elif bind.dialect.name == "sqlite":
        for doc_id, title, body in _arabic_documents():
            bind.execute(sa.text("DELETE FROM documents_fts WHERE document_id = :id"), {"id": doc_id})
            bind.execute(sa.text("INSERT INTO documents_fts (document_id, title, text) VALUES (:id, :t, :x)"),
                         {"id": doc_id, "t": title or "", "x": body})
    # a plain DROP COLUMN (SQLite >= 3.35): a batch table copy would drop `documents`, and SQLite's ON DELETE
    # CASCADE would take every incident with it
    op.execute("ALTER TABLE documents DROP COLUMN search")
