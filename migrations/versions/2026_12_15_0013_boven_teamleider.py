"""who is above each team lead: escalations of a missed promise go there when the lead missed it

Adds ``medewerker.boven_teamleider_voor``: the teams whose lead this medewerker is above (a
deputy or manager), loaded from ``boven_teamleiders`` in config/medewerkers.yml like
``leidt_teams``. Existing rows get an empty list (nobody above until the directory is loaded
again).

A plain ADD COLUMN with a constant default, on SQLite and PostgreSQL alike: no batch copy of
``medewerker``, whose DROP would cascade to the absences and break the cases pointing at it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-15
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("medewerker", sa.Column("boven_teamleider_voor", sa.JSON(), nullable=False,
                                          server_default=sa.text("'[]'")))


def downgrade() -> None:
    op.drop_column("medewerker", "boven_teamleider_voor")  # SQLite 3.35+ drops a plain column in place
