"""Migrations: a database migrated while 0004, 0006 and 0007 were empty placeholders is repaired; 0010
narrows the case statuses without losing a promise."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from bot.kern.db import Base, make_engine
from bot.kern.identiteit import gesprek_id
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
    command.upgrade(config, "0009")  # the repair; later migrations may add tables of their own
    assert sa.inspect(make_engine(url)).get_table_names() == voor


def _zaak_met_belofte(engine, status: str) -> None:
    """One medewerker, one case with ``status``, one promise and one audit row, in plain SQL."""
    with engine.begin() as verbinding:
        verbinding.exec_driver_sql(
            "INSERT INTO medewerker (sleutel, naam, functie, teams, leidt_teams, expertise_onderwerpen, "
            "expertise_sectoren, gebieden, telefoon, email, werkdagen, werktijd_begin, werktijd_eind, actief) "
            "VALUES ('ans', 'Ans', 'medewerker', '[]', '[]', '[]', '[]', '[]', '06-90000000', 'ans@voorbeeldstad.nl', "
            "'[0]', '08:30:00', '17:00:00', 1)")
        verbinding.exec_driver_sql(
            "INSERT INTO zaak (nummer, onderwerpen, samenvatting, status, medewerker_id, kanaal, gesprek_id, "
            f"aangemaakt_op, bijgewerkt_op) VALUES ('ON-2026-00001', '[]', 'Een terras.', '{status}', 1, 'rest', 'g1', "
            "'2026-11-23 09:00:00', '2026-11-23 09:00:00')")
        verbinding.exec_driver_sql(
            "INSERT INTO belofte (zaak_id, medewerker_id, actie, deadline, zin, status, herinneringen_verstuurd, "
            "escalaties_verstuurd, aangemaakt_op, bijgewerkt_op) VALUES (1, 1, 'mailen', '2026-11-24 09:00:00', "
            "'U krijgt een e-mail.', 'open', 0, 0, '2026-11-23 09:00:00', '2026-11-23 09:00:00')")
        verbinding.exec_driver_sql("INSERT INTO audit_regel (zaak_id, belofte_id, wie, wat, op) "
                                   "VALUES (1, 1, 'assistent', 'zaak_aangemaakt', '2026-11-23 09:00:00')")


def test_0010_narrows_the_case_statuses_and_keeps_every_promise_and_audit_row(tmp_path):
    """On SQLite the table is copied; with foreign keys on, dropping the old one would delete the promises."""
    url = f"sqlite:///{tmp_path / 'status.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0009")
    engine = make_engine(url)
    _zaak_met_belofte(engine, "wacht_op_ondernemer")
    command.upgrade(config, "0010")
    with engine.connect() as verbinding:
        assert verbinding.exec_driver_sql("SELECT status FROM zaak").scalar_one() == "in_behandeling"
        assert verbinding.exec_driver_sql("SELECT count(*) FROM belofte").scalar_one() == 1
        assert verbinding.exec_driver_sql("SELECT zaak_id, belofte_id FROM audit_regel").one() == (1, 1)
        assert verbinding.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert verbinding.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert {i["name"] for i in sa.inspect(verbinding).get_indexes("zaak")} >= {
            "ix_zaak_medewerker_id", "ix_zaak_ondernemer_id", "ix_zaak_kanaal_gesprek"}
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as verbinding:
        verbinding.exec_driver_sql("UPDATE zaak SET status = 'nieuw'")
    command.downgrade(config, "0009")
    with engine.begin() as verbinding:
        verbinding.exec_driver_sql("UPDATE zaak SET status = 'nieuw'")  # allowed again
        assert verbinding.exec_driver_sql("SELECT count(*) FROM belofte").scalar_one() == 1
    engine.dispose()


def test_0010_turns_a_new_case_into_an_assigned_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'nieuw.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0009")
    engine = make_engine(url)
    _zaak_met_belofte(engine, "nieuw")
    command.upgrade(config, "head")
    with engine.connect() as verbinding:
        assert verbinding.exec_driver_sql("SELECT status FROM zaak").scalar_one() == "toegewezen"
    engine.dispose()


def test_0013_gives_every_medewerker_an_empty_list_of_teams_above_whose_lead_they_are(tmp_path):
    url = f"sqlite:///{tmp_path / 'boven.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0011")
    engine = make_engine(url)
    _zaak_met_belofte(engine, "toegewezen")
    command.upgrade(config, "0013")
    with engine.connect() as verbinding:
        assert verbinding.exec_driver_sql("SELECT boven_teamleider_voor FROM medewerker").scalar_one() == "[]"
        assert verbinding.exec_driver_sql("SELECT count(*) FROM belofte").scalar_one() == 1
        assert verbinding.exec_driver_sql("SELECT count(*) FROM zaak").scalar_one() == 1
    command.downgrade(config, "0011")
    with engine.connect() as verbinding:
        assert "boven_teamleider_voor" not in {k["name"] for k in sa.inspect(verbinding).get_columns("medewerker")}
        assert verbinding.exec_driver_sql("SELECT count(*) FROM belofte").scalar_one() == 1
    engine.dispose()


def test_0014_marks_every_existing_case_not_urgent_and_keeps_its_promises(tmp_path):
    url = f"sqlite:///{tmp_path / 'urgent.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0013")
    engine = make_engine(url)
    _zaak_met_belofte(engine, "toegewezen")
    command.upgrade(config, "0014")
    with engine.connect() as verbinding:
        assert verbinding.exec_driver_sql("SELECT urgent FROM zaak").scalar_one() == 0
        assert verbinding.exec_driver_sql("SELECT count(*) FROM belofte").scalar_one() == 1
    command.downgrade(config, "0013")
    with engine.connect() as verbinding:
        assert "urgent" not in {k["name"] for k in sa.inspect(verbinding).get_columns("zaak")}
        assert verbinding.exec_driver_sql("SELECT count(*) FROM belofte").scalar_one() == 1
    engine.dispose()


def test_0015_gives_the_ids_of_telegram_whatsapp_and_webchat_their_channel_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'identiteit.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0014")
    engine = make_engine(url)
    _zaak_met_belofte(engine, "toegewezen")
    with engine.begin() as verbinding:
        verbinding.exec_driver_sql("INSERT INTO ondernemer (aangemaakt_op, bijgewerkt_op) "
                                   "VALUES ('2026-11-23 09:00:00', '2026-11-23 09:00:00')")
        for kanaal, kanaal_id in (("whatsapp", "31612345678"), ("telegram", "4242"), ("rest", "u1")):
            verbinding.exec_driver_sql("INSERT INTO ondernemer_kanaal (ondernemer_id, kanaal, kanaal_id, aangemaakt_op) "
                                       f"VALUES (1, '{kanaal}', '{kanaal_id}', '2026-11-23 09:00:00')")
        verbinding.exec_driver_sql("UPDATE zaak SET kanaal = 'whatsapp', gesprek_id = '31612345678'")
        for sleutel, kanaal, ontvanger in (("a", "webchat", "sessie1"), ("b", "email", "ans@voorbeeldstad.nl")):
            verbinding.exec_driver_sql(
                "INSERT INTO uitgaand_bericht (sleutel, kanaal, ontvanger, tekst, knoppen, soort, status, pogingen, "
                f"volgende_poging_op, aangemaakt_op) VALUES ('{sleutel}', '{kanaal}', '{ontvanger}', 'Hallo', '[]', "
                "'medewerker', 'wachtend', 0, '2026-11-23 09:00:00', '2026-11-23 09:00:00')")
        verbinding.exec_driver_sql(
            "INSERT INTO overname (zaak_id, kanaal, gesprek_id, actief_gesprek, status, medewerker_id, gestart_op, "
            "laatste_activiteit_op) VALUES (1, 'telegram', '4242', 'telegram:4242', 'actief', 1, "
            "'2026-11-23 09:00:00', '2026-11-23 09:00:00')")

    def ids() -> tuple:
        with engine.connect() as verbinding:
            return (sorted(verbinding.exec_driver_sql("SELECT kanaal_id FROM ondernemer_kanaal").scalars()),
                    verbinding.exec_driver_sql("SELECT gesprek_id FROM zaak").scalar_one(),
                    sorted(verbinding.exec_driver_sql("SELECT ontvanger FROM uitgaand_bericht").scalars()),
                    verbinding.exec_driver_sql("SELECT gesprek_id, actief_gesprek FROM overname").one())

    voor = ids()
    command.upgrade(config, "0015")
    telegram, whatsapp = gesprek_id("telegram", "4242"), gesprek_id("whatsapp", "31612345678")
    assert ids() == (sorted([telegram, "u1", whatsapp]), whatsapp,
                     sorted(["ans@voorbeeldstad.nl", gesprek_id("webchat", "sessie1")]),
                     (telegram, f"telegram:{telegram}"))  # actief_gesprek is "<kanaal>:<gesprek_id>"
    command.downgrade(config, "0014")
    assert ids() == voor
    engine.dispose()


def test_0020_allows_the_privacy_role_and_keeps_every_token_and_session(tmp_path):
    url = f"sqlite:///{tmp_path / 'rol.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0019")
    engine = make_engine(url)
    with engine.begin() as verbinding:
        verbinding.exec_driver_sql(
            "INSERT INTO account (gebruikersnaam, wachtwoord_hash, rol, actief, aangemaakt_op, bijgewerkt_op) "
            "VALUES ('beheer', 'x', 'beheerder', 1, '2026-12-01 09:00:00', '2026-12-01 09:00:00')")
        verbinding.exec_driver_sql(
            "INSERT INTO api_token (account_id, naam, token_hash, aangemaakt_op, verloopt_op) "
            "VALUES (1, 'test', 'h', '2026-12-01 09:00:00', '2027-03-01 09:00:00')")
    invoegen = ("INSERT INTO account (gebruikersnaam, wachtwoord_hash, rol, actief, aangemaakt_op, bijgewerkt_op) "
                "VALUES ('fg', 'x', 'privacy', 1, '2026-12-01 09:00:00', '2026-12-01 09:00:00')")
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as verbinding:
        verbinding.exec_driver_sql(invoegen)
    command.upgrade(config, "0020")
    with engine.begin() as verbinding:
        verbinding.exec_driver_sql(invoegen)
        assert verbinding.exec_driver_sql("SELECT count(*) FROM api_token").scalar() == 1
    command.downgrade(config, "0019")
    with engine.begin() as verbinding:
        assert verbinding.exec_driver_sql("SELECT rol, actief FROM account WHERE gebruikersnaam = 'fg'").one() == (
            "medewerker", 0)
        assert verbinding.exec_driver_sql("SELECT count(*) FROM api_token").scalar() == 1
    engine.dispose()


def test_from_empty_to_head_and_back_the_schema_matches_the_models(lege_database_url):
    """On both engines: every migration from empty, the result equal to the models (tables, columns,
    types, indexes, keys), every downgrade to empty, and up again."""
    config = alembic_config(lege_database_url)
    command.upgrade(config, "head")
    engine = make_engine(lege_database_url)
    with engine.connect() as verbinding:
        assert compare_metadata(MigrationContext.configure(verbinding), Base.metadata) == []
    command.downgrade(config, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert "zaak" in sa.inspect(engine).get_table_names()
    engine.dispose()
