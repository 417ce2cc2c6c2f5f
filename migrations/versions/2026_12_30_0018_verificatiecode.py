"""one-time codes of the status question (verificatiecode)

A case of another conversation is shown, and that conversation linked to its entrepreneur, only
after a code sent to what is on file is typed back. The table ``verificatiecode`` keeps a salted
hash of each code, its tries and expiry, in the database so that the check holds across replicas
(bot/zaken/verificatiecode.py).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verificatiecode",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("nummer", sa.String(20), nullable=False),
        sa.Column("zaak_id", sa.Integer(), sa.ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True),
        sa.Column("ondernemer_id", sa.Integer(), sa.ForeignKey("ondernemer.id", ondelete="CASCADE"), nullable=True),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("kanaal_id", sa.String(200), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("zout", sa.String(32), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("verloopt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("geverifieerd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("afgehandeld_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_verificatiecode_zaak_id", "verificatiecode", ["zaak_id"])
    op.create_index("ix_verificatiecode_identiteit", "verificatiecode", ["kanaal", "kanaal_id", "nummer"])


def downgrade() -> None:
    op.drop_table("verificatiecode")
