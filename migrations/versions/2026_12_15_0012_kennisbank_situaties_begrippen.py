"""kennisbank: situations and glossary terms, with their versions

One table for both kinds (``soort``: situatie or begrip), the way articles are stored: the
published version with all fields as JSON, and one row per saved version.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-15
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kennisbank_item",
        sa.Column("soort", sa.String(20), primary_key=True),
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("titel", sa.String(200), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("laatst_gecontroleerd", sa.Date(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("bron_bestand", sa.String(300), nullable=True),
        sa.Column("bron_hash", sa.String(64), nullable=True),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("soort IN ('situatie', 'begrip')", name="ck_kennisbank_item_soort"),
    )
    op.create_table(
        "kennisbank_item_versie",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("gewijzigd_door", sa.String(120), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("soort", "item_id", "versie"),
        sa.ForeignKeyConstraint(["soort", "item_id"], ["kennisbank_item.soort", "kennisbank_item.id"],
                                ondelete="CASCADE"),
    )


def downgrade() -> None:
    op.drop_table("kennisbank_item_versie")
    op.drop_table("kennisbank_item")
