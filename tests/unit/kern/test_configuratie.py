"""The one loader of configuration files: YAML and pydantic errors named by file and field, in Dutch."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from pydantic import StrictBool

from bot.kern.configuratie import (
    ConfiguratieFout,
    Datum,
    Getal,
    Schema,
    Tekst,
    Tijd,
    lees_configuratie,
)
from bot.kern.validatie import ValidatieFout
from bot.zaken.models import BelofteActie


class Periode(Schema):
    van: Datum
    tot_en_met: Datum


class Persoon(Schema):
    sleutel: Tekst
    naam: Tekst
    begin: Tijd
    uren: Getal = 8.0
    afwezig: tuple[Periode, ...] = ()


class Voorbeeld(Schema):
    actief: StrictBool
    actie: BelofteActie
    personen: list[Persoon]


GOED = """\
actief: true
actie: mailen
personen:
  - {sleutel: ans, naam: Ans, begin: "08:30", afwezig: [{van: 2026-11-16, tot_en_met: 2026-11-20}]}
  - {sleutel: bob, naam: Bob, begin: "9:00", uren: 4}
"""


def schrijf(tmp_path: Path, tekst: str | bytes) -> Path:
    pad = tmp_path / "voorbeeld.yml"
    if isinstance(tekst, bytes):
        pad.write_bytes(tekst)
    else:
        pad.write_text(tekst, encoding="utf-8")
    return pad


def problemen(pad: Path, **opties) -> list[tuple[str | None, str]]:
    with pytest.raises(ConfiguratieFout) as fout:
        lees_configuratie(pad, Voorbeeld, **opties)
    assert all(p.bestand == str(pad) for p in fout.value.problemen)
    return [(p.veld, p.melding) for p in fout.value.problemen]


def test_a_valid_file_reads_into_the_model_with_strict_field_types(tmp_path):
    voorbeeld = lees_configuratie(schrijf(tmp_path, GOED), Voorbeeld)
    ans, bob = voorbeeld.personen
    assert voorbeeld.actie == BelofteActie.MAILEN and voorbeeld.actief is True
    assert (ans.begin, bob.begin, ans.uren, bob.uren) == (time(8, 30), time(9, 0), 8.0, 4.0)
    assert ans.afwezig[0].van == date(2026, 11, 16)


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        ("actief: [niet gesloten\n", "geen geldige YAML"),
        (b"actief: \xff\xfe\n", "het bestand is geen UTF-8-tekst"),
        ("", "het bestand moet velden bevatten (naam: waarde)"),
        ("- een\n- lijst\n", "het bestand moet velden bevatten (naam: waarde)"),
    ],
)
def test_a_file_that_is_no_yaml_mapping_is_named_without_a_field(tmp_path, inhoud, melding):
    [(veld, gevonden)] = problemen(schrijf(tmp_path, inhoud))
    assert veld is None and melding in gevonden


def test_a_missing_file_is_named(tmp_path):
    assert problemen(tmp_path / "voorbeeld.yml") == [(None, "het bestand bestaat niet")]


def test_every_problem_is_named_by_a_dotted_path_with_a_dutch_message(tmp_path):
    pad = schrijf(tmp_path, """\
actief: ja
actie: faxen
kleur: blauw
personen:
  - {sleutel: ans, begin: 9:00, uren: true, afwezig: [{van: 2026-11-16, tot_en_met: gisteren}]}
  - {naam: 12, begin: "25:00", uren: acht}
""")
    assert problemen(pad) == [
        ("actief", "moet true of false zijn: 'ja'"),
        ("actie", "kies uit terugbellen, mailen, bezoek_inplannen, adviesgesprek: 'faxen'"),
        ("personen.ans.naam", "verplicht veld ontbreekt of is leeg"),
        ("personen.ans.begin", 'geen tijd in de vorm "08:30" (tussen aanhalingstekens): 540'),
        ("personen.ans.uren", "moet een getal zijn: True"),
        ("personen.ans.afwezig.1.tot_en_met", "geen datum in de vorm JJJJ-MM-DD: 'gisteren'"),
        ("personen.2.sleutel", "verplicht veld ontbreekt of is leeg"),
        ("personen.2.naam", "moet tekst zijn: 12"),
        ("personen.2.begin", "geen tijd in de vorm \"08:30\" (tussen aanhalingstekens): '25:00'"),
        ("personen.2.uren", "moet een getal zijn: 'acht'"),
        ("kleur", "onbekend veld"),
    ]


def test_a_list_where_fields_are_expected_and_text_where_a_list_is_expected(tmp_path):
    pad = schrijf(tmp_path, "actief: false\nactie: mailen\npersonen: Ans\n")
    assert problemen(pad) == [("personen", "moet een lijst zijn: 'Ans'")]


def test_the_post_check_runs_on_a_valid_file_and_names_file_and_field(tmp_path):
    def nacontrole(voorbeeld: Voorbeeld):
        if len(voorbeeld.personen) < 3:
            yield "personen", "minstens drie personen"

    assert problemen(schrijf(tmp_path, GOED), nacontrole=nacontrole) == [("personen", "minstens drie personen")]


def test_the_error_is_a_validation_error_and_a_value_error_and_says_what_file_it_is(tmp_path):
    class Eigen(ConfiguratieFout):
        wat = "Het voorbeeldbestand"

    with pytest.raises(Eigen) as fout:
        lees_configuratie(schrijf(tmp_path, "actief: true\n"), Voorbeeld, fout=Eigen)
    assert isinstance(fout.value, ValidatieFout) and isinstance(fout.value, ValueError)
    assert str(fout.value).startswith("Het voorbeeldbestand bevat 2 fout(en):\n")
    assert f"{tmp_path / 'voorbeeld.yml'}: veld 'actie': verplicht veld ontbreekt of is leeg" in str(fout.value)
