"""Migration 0016 (console security): existing cases get the team the console showed for them, existing
API tokens an expiry, and the tables are as the models describe them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from bot.accounts.models import ApiToken
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import Base, make_engine, transaction
from bot.kern.settings import PROJECT_ROOT
from tests import factories as maak


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def _zaak(verbinding, nummer: str, onderwerpen: str, medewerker_id: int) -> None:
    verbinding.exec_driver_sql(
        "INSERT INTO zaak (nummer, onderwerpen, samenvatting, status, medewerker_id, kanaal, gesprek_id, "
        f"aangemaakt_op, bijgewerkt_op) VALUES ('{nummer}', '{onderwerpen}', 'Een terras.', 'toegewezen', "
        f"{medewerker_id}, 'rest', 'g1', '2026-11-23 09:00:00', '2026-11-23 09:00:00')")


def test_existing_cases_get_the_team_of_their_article_else_of_their_medewerker(tmp_path, artikelen):
    url = f"sqlite:///{tmp_path / 'team.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0015")
    engine = make_engine(url)
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        starter = maak.medewerker(session, teams=("starters", "economie")).id
        zonder_team = maak.medewerker(session, teams=()).id
    with engine.begin() as verbinding:
        _zaak(verbinding, "ON-2026-00001", '["terrasvergunning", "btw-ondernemer"]', starter)
        _zaak(verbinding, "ON-2026-00002", '["bestaat-niet"]', starter)
        _zaak(verbinding, "ON-2026-00003", '[]', zonder_team)
    command.upgrade(config, "0016")
    with engine.connect() as verbinding:
        teams = dict(verbinding.exec_driver_sql("SELECT nummer, team FROM zaak").all())
    assert teams == {"ON-2026-00001": "horeca-evenementen", "ON-2026-00002": "starters", "ON-2026-00003": None}
    command.downgrade(config, "0015")
    with engine.connect() as verbinding:
        assert "team" not in {k["name"] for k in sa.inspect(verbinding).get_columns("zaak")}
        assert verbinding.exec_driver_sql("SELECT count(*) FROM zaak").scalar_one() == 3
    engine.dispose()


def test_existing_tokens_expire_90_days_after_the_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'token.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0015")
    engine = make_engine(url)
    with engine.begin() as verbinding:
        verbinding.exec_driver_sql(
            "INSERT INTO account (gebruikersnaam, wachtwoord_hash, rol, actief, aangemaakt_op, bijgewerkt_op) "
            "VALUES ('beheer', 'x', 'beheerder', 1, '2026-01-05 09:00:00', '2026-01-05 09:00:00')")
        verbinding.exec_driver_sql(
            "INSERT INTO api_token (account_id, naam, token_hash, aangemaakt_op) "
            "VALUES (1, 'oud', 'abc', '2026-01-05 09:00:00')")
    voor = datetime.now(timezone.utc)
    command.upgrade(config, "0016")
    with transaction(engine) as session:
        verloopt_op = session.get(ApiToken, 1).verloopt_op
    assert voor + timedelta(days=90) <= verloopt_op <= datetime.now(timezone.utc) + timedelta(days=90)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as verbinding:  # a token without an expiry
        verbinding.exec_driver_sql("INSERT INTO api_token (account_id, naam, token_hash, aangemaakt_op) "
                                   "VALUES (1, 'nieuw', 'def', '2026-01-05 09:00:00')")
    command.downgrade(config, "0015")
    with engine.connect() as verbinding:
        assert verbinding.exec_driver_sql("SELECT naam FROM api_token").scalar_one() == "oud"
    engine.dispose()


def test_the_migrated_tables_are_as_the_models_describe_them(engine):
    with engine.connect() as verbinding:
        verschillen = compare_metadata(MigrationContext.configure(verbinding), Base.metadata)
    assert [v for v in verschillen if "zaak" in repr(v) or "api_token" in repr(v)] == []
