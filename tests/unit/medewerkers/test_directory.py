"""The staff directory: the real file is valid and complete, loads idempotently, broken files are named.

Loading and broken files use the tests' own copy of the directory (tests/data/medewerkers.yml),
so that the municipality can edit config/medewerkers.yml; only the first tests read that file.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from bot.kern.settings import PROJECT_ROOT, load_settings
from bot.kern.werktijden import Afwezigheid, Werktijden
from bot.medewerkers.__main__ import main
from bot.medewerkers.bestand import MedewerkersFout, lees_medewerkers
from bot.medewerkers.directory import (
    actieve_medewerkers,
    boven_teamleider_van,
    laad_medewerkers,
    medewerker_op_sleutel,
    teamleider_van,
)
from bot.medewerkers.models import Medewerker, MedewerkerAfwezigheid, afwezigheden_van, werktijden_van
from tests import factories as maak

ECHT = PROJECT_ROOT / "config" / "medewerkers.yml"
PAD = PROJECT_ROOT / "tests" / "data" / "medewerkers.yml"


def lees_data() -> dict:
    return yaml.safe_load(PAD.read_text(encoding="utf-8"))


def schrijf(tmp_path: Path, data: dict) -> Path:
    pad = tmp_path / "medewerkers.yml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pad


def medewerker_data(data: dict, sleutel: str) -> dict:
    return next(m for m in data["medewerkers"] if m["sleutel"] == sleutel)


def tel(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


# --- the real file -------------------------------------------------------------------------------


def test_the_real_directory_is_valid_and_every_team_has_members_and_one_lead(onderwerpen):
    lijst = lees_medewerkers(ECHT, onderwerpen=onderwerpen)
    teams = {o.team for o in onderwerpen}
    assert len(lijst.medewerkers) >= 10
    assert set(lijst.teamleiders) == teams
    assert {team for m in lijst.medewerkers for team in m.teams} == teams
    per_sleutel = {m.sleutel: m for m in lijst.medewerkers}
    for team, leider in lijst.teamleiders.items():
        assert team in per_sleutel[leider].teams


def test_the_check_command_accepts_the_real_directory(capsys, monkeypatch):
    monkeypatch.delenv("INGANG_MEDEWERKERS_BESTAND", raising=False)
    assert main(["check"]) == 0
    assert "Medewerkersbestand in orde" in capsys.readouterr().out


def test_the_test_directory_has_part_timers_an_absence_and_fictional_contact_details():
    lijst = lees_medewerkers(PAD)
    assert any(m.werktijden.dagen == frozenset({0, 1, 3}) for m in lijst.medewerkers)  # ma, di, do
    assert any(m.afwezig for m in lijst.medewerkers)
    assert all(m.email.endswith("@voorbeeldstad.nl") for m in lijst.medewerkers)
    assert all(m.telefoon.startswith(("06-9", "14 0123")) for m in lijst.medewerkers)
    assert any(len(lijst.teams_geleid_door(m.sleutel)) > 1 for m in lijst.medewerkers)  # one leads two teams


# --- loading -------------------------------------------------------------------------------------


def test_loading_stores_every_medewerker_with_teams_leads_and_absences(session):
    resultaat = laad_medewerkers(session=session, pad=PAD)
    aantal = len(lees_data()["medewerkers"])
    assert (resultaat.nieuw, resultaat.bijgewerkt, resultaat.ongewijzigd, resultaat.gedeactiveerd) == (aantal, 0, 0, 0)
    assert len(actieve_medewerkers(session=session)) == aantal
    lotte = session.execute(select(Medewerker).where(Medewerker.sleutel == "lotte-bakker")).scalar_one()
    assert afwezigheden_van(lotte) == [Afwezigheid(van=date(2026, 11, 16), tot_en_met=date(2026, 12, 4))]
    assert teamleider_van(session=session, team="inkoop").sleutel == "thomas-kok"
    assert teamleider_van(session=session, team="economie").sleutel == "thomas-kok"
    assert {m.sleutel for m in actieve_medewerkers(session=session, team="inkoop")} == {"thomas-kok", "els-van-leeuwen"}


def test_werktijden_van_converts_the_stored_days_and_hours(session):
    laad_medewerkers(session=session, pad=PAD)
    mehmet = session.execute(select(Medewerker).where(Medewerker.sleutel == "mehmet-yilmaz")).scalar_one()
    session.expire_all()  # read back from the database, not from the objects just written
    assert werktijden_van(mehmet) == Werktijden(dagen=frozenset({0, 1, 3}), begin=time(8, 30), eind=time(17, 0))
    assert afwezigheden_van(mehmet) == []


def test_reloading_the_same_file_changes_nothing(session):
    laad_medewerkers(session=session, pad=PAD)
    afwezigheid_ids = set(session.execute(select(MedewerkerAfwezigheid.id)).scalars())
    resultaat = laad_medewerkers(session=session, pad=PAD)
    assert (resultaat.nieuw, resultaat.bijgewerkt, resultaat.gedeactiveerd) == (0, 0, 0)
    assert resultaat.ongewijzigd == len(lees_data()["medewerkers"])
    assert set(session.execute(select(MedewerkerAfwezigheid.id)).scalars()) == afwezigheid_ids


def test_reloading_a_changed_file_updates_replaces_absences_and_deactivates_who_left(session, tmp_path):
    laad_medewerkers(session=session, pad=PAD)
    data = lees_data()
    lotte = medewerker_data(data, "lotte-bakker")
    lotte["afwezig"] = [{"van": date(2027, 1, 4), "tot_en_met": date(2027, 1, 8)}]
    lotte["functie"] = "senior vergunningverlener evenementen"
    data["medewerkers"] = [m for m in data["medewerkers"] if m["sleutel"] != "femke-willems"]
    resultaat = laad_medewerkers(session=session, pad=schrijf(tmp_path, data))
    assert (resultaat.nieuw, resultaat.bijgewerkt, resultaat.gedeactiveerd) == (0, 1, 1)
    rij = session.execute(select(Medewerker).where(Medewerker.sleutel == "lotte-bakker")).scalar_one()
    assert rij.functie == "senior vergunningverlener evenementen"
    assert afwezigheden_van(rij) == [Afwezigheid(van=date(2027, 1, 4), tot_en_met=date(2027, 1, 8))]
    assert tel(session, MedewerkerAfwezigheid) == 2  # Lotte's new period and Pieter's
    femke = session.execute(select(Medewerker).where(Medewerker.sleutel == "femke-willems")).scalar_one()
    assert femke.actief is False
    assert "femke-willems" not in {m.sleutel for m in actieve_medewerkers(session=session)}


# --- broken files --------------------------------------------------------------------------------


def fouten_van(pad: Path, onderwerpen=None) -> str:
    with pytest.raises(MedewerkersFout) as fout:
        lees_medewerkers(pad, onderwerpen=onderwerpen)
    return str(fout.value)


def test_a_missing_field_names_the_file_and_the_field(tmp_path):
    data = lees_data()
    del medewerker_data(data, "mehmet-yilmaz")["email"]
    melding = fouten_van(schrijf(tmp_path, data))
    assert "medewerkers.yml: veld 'medewerkers.mehmet-yilmaz.email': verplicht veld ontbreekt of is leeg" in melding


def test_an_unknown_field_names_the_file_and_the_field(tmp_path):
    data = lees_data()
    medewerker_data(data, "anouk-visser")["kamer"] = "2.14"
    melding = fouten_van(schrijf(tmp_path, data))
    assert "medewerkers.yml: veld 'medewerkers.anouk-visser.kamer': onbekend veld" in melding


def test_an_unknown_team_lead_names_the_file_and_the_field(tmp_path):
    data = lees_data()
    data["teamleiders"]["starters"] = "jan-onbekend"
    melding = fouten_van(schrijf(tmp_path, data))
    assert "medewerkers.yml: veld 'teamleiders.starters': onbekende medewerker 'jan-onbekend'" in melding


def test_a_team_lead_outside_the_team_is_refused(tmp_path):
    data = lees_data()
    data["teamleiders"]["starters"] = "ingrid-bos"
    melding = fouten_van(schrijf(tmp_path, data))
    assert "veld 'teamleiders.starters': 'ingrid-bos' hoort niet bij team 'starters'" in melding


@pytest.mark.parametrize("boven, melding", [
    ({"horeca-evenementen": "jan-onbekend"}, "onbekende medewerker 'jan-onbekend' (geen sleutel in 'medewerkers')"),
    ({"horeca-evenementen": "sanne-de-vries"}, "'sanne-de-vries' is zelf de teamleider van 'horeca-evenementen'"),
], ids=["onbekend", "de-teamleider-zelf"])
def test_who_is_above_a_lead_must_be_another_medewerker_of_the_file(tmp_path, boven, melding):
    data = lees_data()
    data["boven_teamleiders"] = boven
    fout = fouten_van(schrijf(tmp_path, data))
    assert f"medewerkers.yml: veld 'boven_teamleiders.horeca-evenementen': {melding}" in fout


def test_who_is_above_the_lead_of_an_unknown_team_is_refused(tmp_path, onderwerpen):
    data = lees_data()
    data["boven_teamleiders"] = {"ict": "thomas-kok"}
    assert "veld 'boven_teamleiders.ict': onbekend team 'ict'" in fouten_van(schrijf(tmp_path, data))
    assert "veld 'boven_teamleiders.ict': onbekend team 'ict'" in fouten_van(schrijf(tmp_path, data), onderwerpen)


def test_who_is_above_a_lead_is_stored_and_cleared_when_they_leave(session, tmp_path):
    data = lees_data()
    laad_medewerkers(session=session, pad=PAD)
    assert boven_teamleider_van(session=session, team="horeca-evenementen") is None  # optional
    data["boven_teamleiders"] = {"horeca-evenementen": "thomas-kok", "starters": "thomas-kok"}
    laad_medewerkers(session=session, pad=schrijf(tmp_path, data))
    assert boven_teamleider_van(session=session, team="horeca-evenementen").sleutel == "thomas-kok"
    assert boven_teamleider_van(session=session, team="starters").sleutel == "thomas-kok"
    assert boven_teamleider_van(session=session, team="inkoop") is None

    del data["boven_teamleiders"]
    data["teamleiders"]["inkoop"] = "els-van-leeuwen"
    data["teamleiders"]["economie"] = "femke-willems"
    data["medewerkers"] = [m for m in data["medewerkers"] if m["sleutel"] != "thomas-kok"]
    laad_medewerkers(session=session, pad=schrijf(tmp_path, data))
    thomas = session.execute(select(Medewerker).where(Medewerker.sleutel == "thomas-kok")).scalar_one()
    assert not thomas.actief and thomas.boven_teamleider_voor == []
    assert boven_teamleider_van(session=session, team="horeca-evenementen") is None


def test_a_bad_weekday_names_the_file_and_the_field(tmp_path):
    data = lees_data()
    medewerker_data(data, "noor-hendriks")["werktijden"]["dagen"] = ["ma", "maandagg"]
    melding = fouten_van(schrijf(tmp_path, data))
    assert "medewerkers.yml: veld 'medewerkers.noor-hendriks.werktijden.dagen': onbekende dag 'maandagg'" in melding


def test_an_unquoted_time_is_refused_with_a_hint(tmp_path):
    pad = tmp_path / "medewerkers.yml"
    tekst = PAD.read_text(encoding="utf-8").replace('begin: "09:00"', "begin: 9:00", 1)  # YAML reads 9:00 as 540
    pad.write_text(tekst, encoding="utf-8")
    melding = fouten_van(pad)
    assert "werktijden.begin': geen tijd in de vorm \"08:30\" (tussen aanhalingstekens): 540" in melding


def test_teams_and_subjects_are_checked_against_the_shared_list(tmp_path, onderwerpen):
    data = lees_data()
    medewerker_data(data, "els-van-leeuwen")["teams"] = ["inkoop", "ict"]
    medewerker_data(data, "els-van-leeuwen")["expertise"]["onderwerpen"] = ["aanbesteding"]
    melding = fouten_van(schrijf(tmp_path, data), onderwerpen=onderwerpen)
    assert "veld 'medewerkers.els-van-leeuwen.teams': onbekend team 'ict'" in melding
    assert "veld 'medewerkers.els-van-leeuwen.expertise.onderwerpen': onbekend onderwerp 'aanbesteding'" in melding


def test_phone_email_working_hours_and_duplicates_are_checked(tmp_path):
    data = lees_data()
    medewerker_data(data, "anouk-visser")["telefoon"] = "bel de receptie"
    medewerker_data(data, "noor-hendriks")["werktijden"]["eind"] = "08:00"
    data["medewerkers"].append(dict(medewerker_data(data, "ingrid-bos")))
    melding = fouten_van(schrijf(tmp_path, data))
    assert "veld 'medewerkers.anouk-visser.telefoon': geen geldig telefoonnummer: 'bel de receptie'" in melding
    assert "veld 'medewerkers.noor-hendriks.werktijden.eind': moet na begin (09:00) liggen" in melding
    assert "komt vaker voor" not in melding  # cross-entry checks wait until every entry is valid
    medewerker_data(data, "anouk-visser")["telefoon"] = "14 0123"  # a municipal short number is fine
    medewerker_data(data, "noor-hendriks")["werktijden"]["eind"] = "17:00"
    aantal = len(data["medewerkers"])
    assert f"veld 'medewerkers.{aantal}.sleutel': sleutel 'ingrid-bos' komt vaker voor" in fouten_van(schrijf(tmp_path, data))


def test_a_team_without_a_lead_is_refused(tmp_path):
    data = lees_data()
    del data["teamleiders"]["belastingen"]
    melding = fouten_van(schrijf(tmp_path, data))
    assert "veld 'teamleiders.belastingen': team heeft geen teamleider" in melding


def test_all_problems_of_a_file_are_reported_at_once(tmp_path):
    data = lees_data()
    del medewerker_data(data, "mehmet-yilmaz")["naam"]
    medewerker_data(data, "daan-mulder")["email"] = "daan-at-voorbeeldstad"
    medewerker_data(data, "erik-smit")["afwezig"] = [{"van": date(2027, 2, 5), "tot_en_met": date(2027, 2, 1)}]
    with pytest.raises(MedewerkersFout) as fout:
        lees_medewerkers(schrijf(tmp_path, data))
    velden = {p.veld for p in fout.value.problemen}
    assert velden == {
        "medewerkers.mehmet-yilmaz.naam",
        "medewerkers.daan-mulder.email",
        "medewerkers.erik-smit.afwezig.1.tot_en_met",
    }


def test_a_broken_file_loads_nothing(session, tmp_path):
    data = lees_data()
    data["teamleiders"]["starters"] = "jan-onbekend"
    with pytest.raises(MedewerkersFout):
        laad_medewerkers(session=session, pad=schrijf(tmp_path, data))
    assert tel(session, Medewerker) == 0


# --- the command ---------------------------------------------------------------------------------


def test_the_load_command_exits_1_with_the_errors_on_a_broken_file(tmp_path, capsys):
    data = lees_data()
    medewerker_data(data, "noor-hendriks")["werktijden"]["dagen"] = ["maandagg"]
    assert main(["load", "--pad", str(schrijf(tmp_path, data))]) == 1
    fout = capsys.readouterr().err
    assert "Het medewerkersbestand bevat 1 fout(en):" in fout
    assert "veld 'medewerkers.noor-hendriks.werktijden.dagen'" in fout


def test_the_load_command_stores_the_directory(database_url, engine, monkeypatch, capsys):
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    aantal = len(lees_data()["medewerkers"])
    assert main(["load", "--pad", str(PAD)]) == 0
    assert f"{aantal} nieuw" in capsys.readouterr().out
    with engine.connect() as verbinding:
        assert verbinding.execute(select(func.count()).select_from(Medewerker)).scalar_one() == aantal


def test_the_commands_read_the_file_named_by_the_environment(database_url, engine, tmp_path, monkeypatch, capsys):
    data = lees_data()
    medewerker_data(data, "noor-hendriks")["werktijden"]["dagen"] = ["maandagg"]
    monkeypatch.setenv("INGANG_MEDEWERKERS_BESTAND", str(schrijf(tmp_path, data)))
    assert main(["check"]) == 1
    assert "veld 'medewerkers.noor-hendriks.werktijden.dagen'" in capsys.readouterr().err

    monkeypatch.setenv("INGANG_MEDEWERKERS_BESTAND", str(PAD))
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    aantal = len(lees_data()["medewerkers"])
    assert main(["load"]) == 0
    assert f"{aantal} nieuw" in capsys.readouterr().out
    with engine.connect() as verbinding:
        assert verbinding.execute(select(func.count()).select_from(Medewerker)).scalar_one() == aantal


def test_without_the_variable_the_directory_is_the_one_in_config(monkeypatch):
    monkeypatch.delenv("INGANG_MEDEWERKERS_BESTAND", raising=False)
    assert load_settings().medewerkers_bestand == ECHT


def test_a_medewerker_is_found_by_sleutel_with_spaces_around_it(session):
    lotte = maak.medewerker(session, naam="Lotte Bakker")
    assert medewerker_op_sleutel(session=session, sleutel=" lotte-bakker ") is lotte
    assert medewerker_op_sleutel(session=session, sleutel="niemand") is None

