"""repair databases migrated while 0004, 0006 and 0007 were still empty placeholders

An earlier version shipped revisions 0004 (accounts), 0006 (sector and area) and 0007 (channel
bookkeeping) with empty upgrades; a database migrated then is stamped past them and lacks their
tables and columns. This revision adds whatever of them is missing, and does nothing on a
database that ran the real 0004-0007.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

HIER = Path(__file__).resolve().parent


def _revisie(naam: str):
    """The module of an earlier revision file in this folder (its name starts with a date)."""
    [pad] = HIER.glob(f"*_{naam}.py")
    spec = importlib.util.spec_from_file_location(f"ingang_revisie_{naam}", pad)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    tabellen = set(inspector.get_table_names())
    if "account" not in tabellen:
        _revisie("0004_accounts").upgrade()
    if "sector" not in {k["name"] for k in inspector.get_columns("ondernemer")}:
        _revisie("0006_sector_gebied").upgrade()
    if "kanaal_verwerkt" not in tabellen:
        _revisie("0007_kanalen").upgrade()


def downgrade() -> None:
    pass  # the tables belong to 0004, 0006 and 0007, whose downgrades remove them
