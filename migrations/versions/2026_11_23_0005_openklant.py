"""export of cases to Open Klant (Klantinteracties)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "zaak_export",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("zaak_id", sa.Integer(), sa.ForeignKey("zaak.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("volgende_poging_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatste_fout", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(120), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("klantcontact_uuid", sa.String(36), nullable=True),
        sa.Column("onderwerpobject_uuid", sa.String(36), nullable=True),
        sa.Column("partij_aangemaakt_uuid", sa.String(36), nullable=True),
        sa.Column("partij_uuid", sa.String(36), nullable=True),
        sa.Column("betrokkene_uuid", sa.String(36), nullable=True),
        sa.Column("digitale_adressen", sa.JSON(), nullable=True),
        sa.Column("actor_uuid", sa.String(36), nullable=True),
        sa.Column("internetaak_uuid", sa.String(36), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("geexporteerd_op", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("zaak_id", name="uq_zaak_export_zaak_id"),
        sa.CheckConstraint(
            "status IN ('te_exporteren', 'geexporteerd', 'mislukt', 'overgeslagen')", name="ck_zaak_export_status"
        ),
    )
    op.create_index("ix_zaak_export_status_volgende_poging", "zaak_export", ["status", "volgende_poging_op"])


def downgrade() -> None:
    op.drop_table("zaak_export")
