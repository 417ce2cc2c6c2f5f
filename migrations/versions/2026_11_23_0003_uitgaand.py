"""outbox of messages to entrepreneurs (uitgaand_bericht)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uitgaand_bericht",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sleutel", sa.String(200), nullable=False),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("ontvanger", sa.String(200), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("knoppen", sa.JSON(), nullable=True),
        sa.Column("custom", sa.JSON(), nullable=True),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("zaak_id", sa.Integer(), sa.ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("volgende_poging_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatste_fout", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(120), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("afgeleverd_op", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("sleutel", name="uq_uitgaand_bericht_sleutel"),
        sa.CheckConstraint("status IN ('wachtend', 'afgeleverd', 'mislukt')", name="ck_uitgaand_bericht_status"),
    )
    op.create_index("ix_uitgaand_bericht_zaak_id", "uitgaand_bericht", ["zaak_id"])
    op.create_index("ix_uitgaand_kanaal_ontvanger_status", "uitgaand_bericht", ["kanaal", "ontvanger", "status"])
    op.create_index("ix_uitgaand_status_volgende_poging", "uitgaand_bericht", ["status", "volgende_poging_op"])


def downgrade() -> None:
    op.drop_table("uitgaand_bericht")
