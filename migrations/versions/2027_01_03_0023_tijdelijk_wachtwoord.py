"""an account may have a temporary password: one a beheerder gave it, to be replaced at the next login

Existing accounts keep their password as it is (false). Downgrading drops the column (SQLite 3.35 and
later, and PostgreSQL, drop a column in place, so no table copy and no cascade on tokens and sessions).

Revision ID: 0023
Revises: 0022
Create Date: 2027-01-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("account", sa.Column("wachtwoord_tijdelijk", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))


def downgrade() -> None:
    op.execute("ALTER TABLE account DROP COLUMN wachtwoord_tijdelijk")
