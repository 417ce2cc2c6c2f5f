"""a promise keeps its planned reminder moment, so the worker's sweep selects only what is due

``belofte.herinner_op``: the moment the reminder is due, planned by the worker the first time it
sees the promise. Existing rows have none (NULL) and are planned in the next round. With an index
on (status, herinner_op) a round reads only the promises that are due, not every open one.
Downgrading drops the index and the column (in place on SQLite 3.35 and later, and PostgreSQL).

Revision ID: 0025
Revises: 0024
Create Date: 2027-01-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("belofte", sa.Column("herinner_op", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_belofte_status_herinner_op", "belofte", ["status", "herinner_op"])


def downgrade() -> None:
    op.drop_index("ix_belofte_status_herinner_op", table_name="belofte")
    op.execute("ALTER TABLE belofte DROP COLUMN herinner_op")
