"""documents.language: the language detected at import (en, ar); NULL for documents stored before

Revision ID: 0003_document_language
Revises: 0002_web
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_document_language"
down_revision = "0002_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable, no default: a plain ADD COLUMN on SQLite and PostgreSQL, no table rewrite, nothing stored changes
    op.add_column("documents", sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    # a plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch table copy would drop `documents`, and SQLite's
    # ON DELETE CASCADE would take every incident with it
    op.execute("ALTER TABLE documents DROP COLUMN language")
