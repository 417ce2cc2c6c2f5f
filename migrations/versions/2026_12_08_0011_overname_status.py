"""a takeover has a state, so the slot in Rasa and the row can be kept in step (bot/overname/protocol.py)

Adds ``status`` (start, actief, einde, voorbij), ``beeindigd_door`` and the claim columns
``claimed_by``/``claimed_until`` to ``overname``, and the end reason ``mislukt`` (a takeover that
never became active). Existing rows are ``actief`` while they hold their conversation, else
``voorbij``.

SQLite cannot change a CHECK constraint, so batch mode copies the table; no table refers to
``overname``, so the copy deletes nothing. PostgreSQL changes the table in place.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

REDENEN_VOOR = "'teruggegeven', 'gesloten', 'verlopen'"
REDENEN_NA = "'teruggegeven', 'gesloten', 'verlopen', 'mislukt'"
STATUSSEN = "'start', 'actief', 'einde', 'voorbij'"


def upgrade() -> None:
    with op.batch_alter_table("overname") as batch:
        batch.add_column(sa.Column("status", sa.String(10), nullable=True))
        batch.add_column(sa.Column("beeindigd_door", sa.String(120), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(120), nullable=True))
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE overname SET status = CASE WHEN actief_gesprek IS NULL THEN 'voorbij' ELSE 'actief' END")
    with op.batch_alter_table("overname") as batch:
        batch.alter_column("status", existing_type=sa.String(10), nullable=False)
        batch.drop_constraint("ck_overname_einde_reden", type_="check")
        batch.create_check_constraint("ck_overname_einde_reden",
                                      f"einde_reden IS NULL OR einde_reden IN ({REDENEN_NA})")
        batch.create_check_constraint("ck_overname_status", f"status IN ({STATUSSEN})")


def downgrade() -> None:
    # A takeover between two states ends as the worker would end it; 'mislukt' was never active.
    op.execute("UPDATE overname SET einde_reden = 'verlopen' WHERE einde_reden = 'mislukt'")
    op.execute("UPDATE overname SET actief_gesprek = NULL WHERE status = 'start'")
    with op.batch_alter_table("overname") as batch:
        batch.drop_constraint("ck_overname_status", type_="check")
        batch.drop_constraint("ck_overname_einde_reden", type_="check")
        batch.create_check_constraint("ck_overname_einde_reden",
                                      f"einde_reden IS NULL OR einde_reden IN ({REDENEN_VOOR})")
        batch.drop_column("claimed_until")
        batch.drop_column("claimed_by")
        batch.drop_column("beeindigd_door")
        batch.drop_column("status")
