"""live takeover of conversations by medewerkers (overname)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overname",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("gesprek_id", sa.String(200), nullable=False),
        sa.Column("actief_gesprek", sa.String(240), nullable=True),
        sa.Column("zaak_id", sa.Integer(), sa.ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True),
        sa.Column("medewerker_id", sa.Integer(), sa.ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("gestart_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatste_activiteit_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("beeindigd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("einde_reden", sa.String(20), nullable=True),
        sa.UniqueConstraint("actief_gesprek", name="uq_overname_actief_gesprek"),
        sa.CheckConstraint("einde_reden IS NULL OR einde_reden IN ('teruggegeven', 'gesloten', 'verlopen')",
                           name="ck_overname_einde_reden"),
    )
    op.create_index("ix_overname_zaak_id", "overname", ["zaak_id"])
    op.create_index("ix_overname_medewerker_id", "overname", ["medewerker_id"])


def downgrade() -> None:
    op.drop_table("overname")
