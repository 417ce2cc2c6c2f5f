"""sector and area of an entrepreneur's company

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ondernemer") as batch:
        batch.add_column(sa.Column("sector", sa.String(60), nullable=True))
        batch.add_column(sa.Column("gebied", sa.String(60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ondernemer") as batch:
        batch.drop_column("gebied")
        batch.drop_column("sector")
