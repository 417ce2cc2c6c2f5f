"""an outbox message keeps the provider's id of what was sent (WhatsApp: the wamid)

WhatsApp accepts a message with 200 and reports only later, in a status callback to the webhook,
that it could not be delivered (e.g. 131047: outside the 24-hour window). The callback names the
message by its wamid; ``extern_id`` finds the outbox row. Existing rows have none (NULL).
Downgrading drops the index and the column (in place on SQLite 3.35 and later, and PostgreSQL).

Revision ID: 0024
Revises: 0023
Create Date: 2027-01-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("uitgaand_bericht", sa.Column("extern_id", sa.String(200), nullable=True))
    op.create_index("ix_uitgaand_bericht_extern_id", "uitgaand_bericht", ["extern_id"])


def downgrade() -> None:
    op.drop_index("ix_uitgaand_bericht_extern_id", table_name="uitgaand_bericht")
    op.execute("ALTER TABLE uitgaand_bericht DROP COLUMN extern_id")
