"""channel bookkeeping (Telegram, WhatsApp: processed messages, service window)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per inbound message id a channel has handled: a redelivery hits the unique key.
    op.create_table(
        "kanaal_verwerkt",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("extern_id", sa.String(200), nullable=False),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kanaal", "extern_id", name="uq_kanaal_verwerkt"),
    )
    op.create_index("ix_kanaal_verwerkt_moment", "kanaal_verwerkt", ["moment"])
    # The last inbound message per conversation: WhatsApp's 24-hour customer-service window.
    op.create_table(
        "kanaal_venster",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("kanaal_id", sa.String(200), nullable=False),
        sa.Column("laatste_inkomend_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kanaal", "kanaal_id", name="uq_kanaal_venster"),
    )
    with op.batch_alter_table("uitgaand_bericht") as batch:
        batch.add_column(sa.Column("sjabloon", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("uitgaand_bericht") as batch:
        batch.drop_column("sjabloon")
    op.drop_table("kanaal_venster")
    op.drop_index("ix_kanaal_verwerkt_moment", table_name="kanaal_verwerkt")
    op.drop_table("kanaal_verwerkt")
