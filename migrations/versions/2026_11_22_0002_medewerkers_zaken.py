"""medewerkers and zaken: staff directory, entrepreneurs, cases, promises, audit, case numbers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ZAAK_STATUSSEN = "'nieuw', 'toegewezen', 'in_behandeling', 'wacht_op_ondernemer', 'afgerond'"
BELOFTE_ACTIES = "'terugbellen', 'mailen', 'bezoek_inplannen', 'adviesgesprek'"
BELOFTE_STATUSSEN = "'open', 'nagekomen', 'te_laat', 'geannuleerd'"


def upgrade() -> None:
    op.create_table(
        "medewerker",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sleutel", sa.String(80), nullable=False),
        sa.Column("naam", sa.String(120), nullable=False),
        sa.Column("functie", sa.String(120), nullable=False),
        sa.Column("teams", sa.JSON(), nullable=False),
        sa.Column("leidt_teams", sa.JSON(), nullable=False),
        sa.Column("expertise_onderwerpen", sa.JSON(), nullable=False),
        sa.Column("expertise_sectoren", sa.JSON(), nullable=False),
        sa.Column("gebieden", sa.JSON(), nullable=False),
        sa.Column("telefoon", sa.String(40), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("werkdagen", sa.JSON(), nullable=False),
        sa.Column("werktijd_begin", sa.Time(), nullable=False),
        sa.Column("werktijd_eind", sa.Time(), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("sleutel", name="uq_medewerker_sleutel"),
    )
    op.create_table(
        "afwezigheid",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("medewerker_id", sa.Integer(), sa.ForeignKey("medewerker.id", ondelete="CASCADE"), nullable=False),
        sa.Column("van", sa.Date(), nullable=False),
        sa.Column("tot_en_met", sa.Date(), nullable=False),
    )
    op.create_index("ix_afwezigheid_medewerker_id", "afwezigheid", ["medewerker_id"])

    op.create_table(
        "ondernemer",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("contactnaam", sa.String(200), nullable=True),
        sa.Column("bedrijfsnaam", sa.String(200), nullable=True),
        sa.Column("kvk_nummer", sa.String(8), nullable=True),
        sa.Column("telefoon", sa.String(40), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ondernemer_kvk_nummer", "ondernemer", ["kvk_nummer"])
    op.create_table(
        "ondernemer_kanaal",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ondernemer_id", sa.Integer(), sa.ForeignKey("ondernemer.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("kanaal_id", sa.String(200), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kanaal", "kanaal_id", name="uq_ondernemer_kanaal"),
    )
    op.create_index("ix_ondernemer_kanaal_ondernemer_id", "ondernemer_kanaal", ["ondernemer_id"])

    op.create_table(
        "zaak",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("nummer", sa.String(20), nullable=False),
        sa.Column("onderwerpen", sa.JSON(), nullable=False),
        sa.Column("wat", sa.Text(), nullable=True),
        sa.Column("waarom", sa.Text(), nullable=True),
        sa.Column("hoe", sa.Text(), nullable=True),
        sa.Column("samenvatting", sa.Text(), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("medewerker_id", sa.Integer(), sa.ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("ondernemer_id", sa.Integer(), sa.ForeignKey("ondernemer.id", ondelete="SET NULL"), nullable=True),
        sa.Column("kanaal", sa.String(30), nullable=False),
        sa.Column("gesprek_id", sa.String(200), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("afgerond_op", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("nummer", name="uq_zaak_nummer"),
        sa.CheckConstraint(f"status IN ({ZAAK_STATUSSEN})", name="ck_zaak_status"),
    )
    op.create_index("ix_zaak_medewerker_id", "zaak", ["medewerker_id"])
    op.create_index("ix_zaak_ondernemer_id", "zaak", ["ondernemer_id"])
    op.create_index("ix_zaak_kanaal_gesprek", "zaak", ["kanaal", "gesprek_id"])

    op.create_table(
        "belofte",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("zaak_id", sa.Integer(), sa.ForeignKey("zaak.id", ondelete="CASCADE"), nullable=False),
        sa.Column("medewerker_id", sa.Integer(), sa.ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("actie", sa.String(30), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("zin", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("nagekomen_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("herinneringen_verstuurd", sa.Integer(), nullable=False),
        sa.Column("laatste_herinnering_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalaties_verstuurd", sa.Integer(), nullable=False),
        sa.Column("laatste_escalatie_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(120), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"actie IN ({BELOFTE_ACTIES})", name="ck_belofte_actie"),
        sa.CheckConstraint(f"status IN ({BELOFTE_STATUSSEN})", name="ck_belofte_status"),
    )
    op.create_index("ix_belofte_zaak_id", "belofte", ["zaak_id"])
    op.create_index("ix_belofte_medewerker_id", "belofte", ["medewerker_id"])
    op.create_index("ix_belofte_status_deadline", "belofte", ["status", "deadline"])

    op.create_table(
        "audit_regel",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("zaak_id", sa.Integer(), sa.ForeignKey("zaak.id", ondelete="SET NULL"), nullable=True),
        sa.Column("belofte_id", sa.Integer(), sa.ForeignKey("belofte.id", ondelete="SET NULL"), nullable=True),
        sa.Column("wie", sa.String(120), nullable=False),
        sa.Column("wat", sa.String(80), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audit_regel_zaak_id", "audit_regel", ["zaak_id"])
    op.create_index("ix_audit_regel_belofte_id", "audit_regel", ["belofte_id"])

    op.create_table(
        "zaak_teller",
        sa.Column("jaar", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("laatste", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("zaak_teller")
    op.drop_index("ix_audit_regel_belofte_id", table_name="audit_regel")
    op.drop_index("ix_audit_regel_zaak_id", table_name="audit_regel")
    op.drop_table("audit_regel")
    op.drop_index("ix_belofte_status_deadline", table_name="belofte")
    op.drop_index("ix_belofte_medewerker_id", table_name="belofte")
    op.drop_index("ix_belofte_zaak_id", table_name="belofte")
    op.drop_table("belofte")
    op.drop_index("ix_zaak_kanaal_gesprek", table_name="zaak")
    op.drop_index("ix_zaak_ondernemer_id", table_name="zaak")
    op.drop_index("ix_zaak_medewerker_id", table_name="zaak")
    op.drop_table("zaak")
    op.drop_index("ix_ondernemer_kanaal_ondernemer_id", table_name="ondernemer_kanaal")
    op.drop_table("ondernemer_kanaal")
    op.drop_index("ix_ondernemer_kvk_nummer", table_name="ondernemer")
    op.drop_table("ondernemer")
    op.drop_index("ix_afwezigheid_medewerker_id", table_name="afwezigheid")
    op.drop_table("afwezigheid")
    op.drop_table("medewerker")
