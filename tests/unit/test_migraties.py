"""Migrations: a database migrated while 0004, 0006 and 0007 were empty placeholders is repaired."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.kern.db import make_engine
from bot.kern.settings import PROJECT_ROOT


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def test_a_database_stamped_past_the_empty_placeholders_gets_their_tables(tmp_path):
    url = f"sqlite:///{tmp_path / 'oud.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0003")
    command.stamp(config, "0007")  # what the empty 0004-0007 of an earlier version left behind
    command.upgrade(config, "head")
    engine = make_engine(url)
    inspector = sa.inspect(engine)
    assert {"account", "api_token", "console_sessie", "login_poging", "kanaal_verwerkt", "kanaal_venster",
            "overname"} <= set(inspector.get_table_names())
    assert {"sector", "gebied"} <= {k["name"] for k in inspector.get_columns("ondernemer")}
    assert "sjabloon" in {k["name"] for k in inspector.get_columns("uitgaand_bericht")}
    engine.dispose()


def test_on_a_normal_database_the_repair_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'nieuw.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0008")
    voor = sa.inspect(make_engine(url)).get_table_names()
    command.upgrade(config, "head")
    assert sa.inspect(make_engine(url)).get_table_names() == voor
