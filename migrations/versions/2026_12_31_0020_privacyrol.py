"""an account may have the role 'privacy': the privacy officer, who handles requests to see or erase data

SQLite cannot change a CHECK constraint, so batch mode copies the table into a new one and drops
the old one. With foreign keys enforced, that DROP would delete every API token and login session
(ON DELETE CASCADE), so enforcement is switched off around the copy, as in 0010. PostgreSQL changes
the constraint in place. Downgrading first makes every privacy account a disabled medewerker
account without a medewerker, which can do nothing.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-31
"""
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

ROLLEN = "'medewerker', 'teamleider', 'beheerder'"


def upgrade() -> None:
    _rol_in(f"{ROLLEN}, 'privacy'")


def downgrade() -> None:
    op.execute("UPDATE account SET rol = 'medewerker', actief = false WHERE rol = 'privacy'")
    _rol_in(ROLLEN)


def _rol_in(rollen: str) -> None:
    with _zonder_foreign_keys_op_sqlite(), op.batch_alter_table("account") as batch:
        batch.drop_constraint("ck_account_rol", type_="check")
        batch.create_check_constraint("ck_account_rol", f"rol IN ({rollen})")


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
