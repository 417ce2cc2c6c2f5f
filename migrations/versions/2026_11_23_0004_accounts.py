"""staff accounts and API tokens

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("medewerker_id", sa.Integer(), sa.ForeignKey("medewerker.id", ondelete="RESTRICT"), nullable=True),
        sa.Column("gebruikersnaam", sa.String(80), nullable=False),
        sa.Column("wachtwoord_hash", sa.String(255), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("gebruikersnaam", name="uq_account_gebruikersnaam"),
        sa.UniqueConstraint("medewerker_id", name="uq_account_medewerker_id"),
        sa.CheckConstraint("rol IN ('medewerker', 'teamleider', 'beheerder')", name="ck_account_rol"),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("naam", sa.String(120), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ingetrokken_op", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_api_token_token_hash"),
    )
    op.create_index("ix_api_token_account_id", "api_token", ["account_id"])
    op.create_table(
        "console_sessie",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sessie_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verloopt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatst_gezien_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("sessie_hash", name="uq_console_sessie_sessie_hash"),
    )
    op.create_index("ix_console_sessie_account_id", "console_sessie", ["account_id"])
    op.create_table(
        "login_poging",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("gebruikersnaam", sa.String(200), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("moment", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gelukt", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_login_poging_gebruikersnaam_moment", "login_poging", ["gebruikersnaam", "moment"])
    op.create_index("ix_login_poging_ip_moment", "login_poging", ["ip", "moment"])


def downgrade() -> None:
    op.drop_table("login_poging")
    op.drop_table("console_sessie")
    op.drop_table("api_token")
    op.drop_table("account")
