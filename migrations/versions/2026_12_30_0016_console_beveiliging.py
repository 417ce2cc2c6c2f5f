"""console security: a case keeps its team, API tokens expire

``zaak.team``: the team that owns a case, stored when the case is made, so that moving an article
to another team no longer moves its existing cases (and their access rights) along. Existing cases
get the team of their first subject's article as it is now, else the main team of their medewerker:
what the console showed until this migration.

``api_token.verloopt_op``: every token now expires. Existing tokens get the default lifetime from
the moment of the upgrade (``TOKEN_DAGEN``, 90 days); make a new one with ``maak-token`` in time.

Plain ADD COLUMNs on ``zaak`` (no batch copy: dropping the old table would cascade to the promises);
``api_token`` is copied once on SQLite to make its new column NOT NULL (no table refers to it).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-30
"""
import json
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TOKEN_DAGEN = 90  # bot/accounts/service.py TOKEN_DAGEN at the time of this migration


def upgrade() -> None:
    op.add_column("zaak", sa.Column("team", sa.String(80), nullable=True))
    op.create_index("ix_zaak_team", "zaak", ["team"])
    _vul_teams()
    op.add_column("api_token", sa.Column("verloopt_op", sa.DateTime(timezone=True), nullable=True))
    token = sa.table("api_token", sa.column("verloopt_op", sa.DateTime(timezone=True)))
    verloopt_op = datetime.now(timezone.utc) + timedelta(days=TOKEN_DAGEN)
    op.execute(token.update().where(token.c.verloopt_op.is_(None)).values(verloopt_op=verloopt_op))
    with op.batch_alter_table("api_token") as batch:
        batch.alter_column("verloopt_op", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("verloopt_op")
    op.drop_index("ix_zaak_team", table_name="zaak")
    op.drop_column("zaak", "team")  # SQLite 3.35+ drops a plain column in place


def _vul_teams() -> None:
    """Each case's team as the console read it so far: its first subject's article, else its medewerker's."""
    verbinding = op.get_bind()
    artikelen = dict(verbinding.execute(sa.text("SELECT id, team FROM kennisbank_artikel")).all())
    zaken = verbinding.execute(sa.text(
        "SELECT zaak.id, zaak.onderwerpen, medewerker.teams FROM zaak "
        "JOIN medewerker ON medewerker.id = zaak.medewerker_id WHERE zaak.team IS NULL"
    )).all()
    zaak = sa.table("zaak", sa.column("id", sa.Integer), sa.column("team", sa.String))
    for zaak_id, onderwerpen, teams in zaken:
        team = _team(_lijst(onderwerpen), _lijst(teams), artikelen)
        if team:
            verbinding.execute(zaak.update().where(zaak.c.id == zaak_id).values(team=team))


def _team(onderwerpen: list, teams: list, artikelen: dict) -> str | None:
    if onderwerpen and artikelen.get(onderwerpen[0]):
        return artikelen[onderwerpen[0]]
    return teams[0] if teams else None


def _lijst(waarde) -> list:
    """A JSON column as a list: text on SQLite, already decoded on PostgreSQL."""
    if waarde is None:
        return []
    return json.loads(waarde) if isinstance(waarde, str) else list(waarde)
