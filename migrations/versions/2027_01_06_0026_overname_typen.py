"""a takeover keeps who is typing until when, so every console and Rasa process sees the marker

``overname.ondernemer_typt_tot`` and ``overname.medewerker_typt_tot``: the moment the "typt…"
marker of each side ends (a few seconds after its last signal). The state lives on the takeover
row because typing only shows during a takeover and ends with it; it is shared across
processes through the database, never kept in one process's memory. Downgrading drops both
columns (in place on SQLite 3.35 and later, and PostgreSQL).

Revision ID: 0026
Revises: 0025
Create Date: 2027-01-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("overname", sa.Column("ondernemer_typt_tot", sa.DateTime(timezone=True), nullable=True))
    op.add_column("overname", sa.Column("medewerker_typt_tot", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE overname DROP COLUMN medewerker_typt_tot")
    op.execute("ALTER TABLE overname DROP COLUMN ondernemer_typt_tot")
