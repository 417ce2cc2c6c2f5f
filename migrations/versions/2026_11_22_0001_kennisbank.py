"""kennisbank: articles and their versions

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kennisbank_artikel",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("titel", sa.String(200), nullable=False),
        sa.Column("team", sa.String(80), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("laatst_gecontroleerd", sa.Date(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("bron_bestand", sa.String(300), nullable=True),
        sa.Column("bron_hash", sa.String(64), nullable=True),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kennisbank_artikel_versie",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("artikel_id", sa.String(80), sa.ForeignKey("kennisbank_artikel.id", ondelete="CASCADE"), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("gewijzigd_door", sa.String(120), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("artikel_id", "versie"),
    )


def downgrade() -> None:
    op.drop_table("kennisbank_artikel_versie")
    op.drop_table("kennisbank_artikel")
