"""Count the copies in stock, never below zero, and let each book carry a note.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    # A server default fills the rows that already exist, so NOT NULL holds at once.
    op.add_column("books", sa.Column("stock", sa.Integer, nullable=False, server_default="0"))
    op.create_check_constraint("stock_not_negative", "books", "stock >= 0")
    op.add_column("books", sa.Column("note", sa.String, nullable=True))


def downgrade() -> None:
    op.drop_column("books", "note")
    op.drop_constraint("stock_not_negative", "books", type_="check")
    op.drop_column("books", "stock")
