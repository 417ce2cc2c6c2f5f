"""a case is never 'nieuw' or 'wacht_op_ondernemer': ck_zaak_status allows only the statuses in use

A new case is 'toegewezen' at once (it always has one medewerker), and nothing ever set
'wacht_op_ondernemer'. Rows with either value (none are expected) become 'toegewezen' and
'in_behandeling' first, so the narrower constraint holds for every row.

SQLite cannot change a CHECK constraint, so batch mode copies the table into a new one and
drops the old one. With foreign keys enforced, that DROP would delete every promise of every
case (ON DELETE CASCADE) and unlink the audit rows, so enforcement is switched off around the
copy; SQLite only allows that outside a transaction, hence the autocommit blocks. PostgreSQL
changes the constraint in place.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ALLE_STATUSSEN = "'nieuw', 'toegewezen', 'in_behandeling', 'wacht_op_ondernemer', 'afgerond'"
STATUSSEN_IN_GEBRUIK = "'toegewezen', 'in_behandeling', 'afgerond'"


def upgrade() -> None:
    op.execute("UPDATE zaak SET status = 'toegewezen' WHERE status = 'nieuw'")
    op.execute("UPDATE zaak SET status = 'in_behandeling' WHERE status = 'wacht_op_ondernemer'")
    _zaak_status_in(STATUSSEN_IN_GEBRUIK)


def downgrade() -> None:
    _zaak_status_in(ALLE_STATUSSEN)


def _zaak_status_in(statussen: str) -> None:
    with _zonder_foreign_keys_op_sqlite(), op.batch_alter_table("zaak") as batch:
        batch.drop_constraint("ck_zaak_status", type_="check")
        batch.create_check_constraint("ck_zaak_status", f"status IN ({statussen})")


@contextmanager
def _zonder_foreign_keys_op_sqlite() -> Iterator[None]:
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    aan = op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar()
    with op.get_context().autocommit_block():
        op.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if aan:
            with op.get_context().autocommit_block():
                op.execute("PRAGMA foreign_keys=ON")
