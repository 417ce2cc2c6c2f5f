"""The glossary: the file is valid and points at existing articles; a broken entry is named by file and
field; "wat is X?" finds the term and questions about a subject do not; the message; the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.kennisbank import __main__ as opdracht
from bot.kennisbank.begrippen import BegripFout, BegrippenIndex, begrip_bericht, lees_begrippen, zoek_begrip
from bot.kennisbank.inhoud import alle_items
from bot.kennisbank.naslag import Naslag, alle_begrippen, publiceer_begrip, sla_begrippen_op
from bot.kennisbank.service import sla_artikelen_op
from bot.kennisbank.situaties import lees_situaties
from bot.kern.db import transaction
from bot.kern.settings import PROJECT_ROOT
from tests.unit.kennisbank.hulp import id_van, per_vraag

BEGRIPPEN = PROJECT_ROOT / "kennisbank" / "begrippen.yml"


@pytest.fixture(scope="module")
def begrippen(artikelen):
    return lees_begrippen(BEGRIPPEN, artikel_ids=frozenset(a.id for a in artikelen))


@pytest.fixture(scope="module")
def naslag(begrippen, artikelen) -> Naslag:
    return Naslag.bouw(lees_situaties(PROJECT_ROOT / "kennisbank" / "situaties"), begrippen, artikelen)


# --- the content ---------------------------------------------------------------------------------


def test_the_glossary_explains_at_least_30_terms_briefly_with_existing_articles(begrippen, artikelen, onderwerpen):
    assert len(begrippen) >= 30
    bestaand = {a.id for a in artikelen} & {o.id for o in onderwerpen}
    for begrip in begrippen:
        assert len(begrip.uitleg.split()) <= 50, begrip.id
        assert begrip.artikelen and set(begrip.artikelen) <= bestaand, begrip.id
    ids = {b.id for b in begrippen}
    assert {"bibob", "gevolgklasse", "kwaliteitsborger", "eherkenning", "wbso", "precariobelasting", "omgevingsplan",
            "bestemmingsplan", "ozb", "woz-waarde", "biz", "verklaring-sociale-hygiene", "leidinggevende",
            "exploitatievergunning"} <= ids


def test_every_spelling_belongs_to_one_term(begrippen):
    from bot.kennisbank.herkenning import woorden

    per_begrip = [{tuple(woorden(v)) for v in b.vormen()} for b in begrippen]
    alle = [vorm for vormen in per_begrip for vorm in vormen]
    assert len(alle) == len(set(alle))


# --- a broken file ---------------------------------------------------------------------------------

GOED = """\
laatst_gecontroleerd: 2026-12-15
begrippen:
  leges:
    term: "Leges"
    uitleg: "Leges zijn de kosten van een aanvraag."
    synoniemen: ["legeskosten"]
    artikelen: [reclame]
    bronnen: ["https://www.rijksoverheid.nl"]
  precario:
    term: "Precariobelasting"
    uitleg: "Een belasting voor het gebruik van openbare grond."
    artikelen: [reclame]
    laatst_gecontroleerd: 2027-01-04
"""


def _problemen(tmp_path: Path, tekst: str) -> dict[str | None, str]:
    pad = tmp_path / "begrippen.yml"
    pad.write_text(tekst, encoding="utf-8")
    with pytest.raises(BegripFout) as fout:
        lees_begrippen(pad, artikel_ids=frozenset({"reclame"}))
    assert {Path(p.bestand).name for p in fout.value.problemen} == {"begrippen.yml"}
    return {p.veld: p.melding for p in fout.value.problemen}


def test_a_valid_file_is_read_with_the_dates_of_the_file_and_of_a_term(tmp_path):
    pad = tmp_path / "begrippen.yml"
    pad.write_text(GOED, encoding="utf-8")
    leges, precario = lees_begrippen(pad, artikel_ids=frozenset({"reclame"}))
    assert (leges.id, leges.laatst_gecontroleerd) == ("leges", date(2026, 12, 15))
    assert (precario.id, precario.laatst_gecontroleerd, precario.synoniemen) == ("precario", date(2027, 1, 4), ())


@pytest.mark.parametrize(("vervang", "door", "veld", "in_melding"), [
    ('"Leges zijn de kosten van een aanvraag."', '"' + "woord " * 51 + '"', "begrippen.leges.uitleg", "51 woorden"),
    ("artikelen: [reclame]\n    bronnen", "artikelen: [reklame]\n    bronnen", "begrippen.leges.artikelen.1", "reklame"),
    ("artikelen: [reclame]\n    bronnen", "artikelen: []\n    bronnen", "begrippen.leges.artikelen", "minstens één"),
    ('synoniemen: ["legeskosten"]', 'synoniemen: ["precariobelasting"]', "begrippen.precario.term",
     "hoort al bij het begrip 'leges'"),
    ('"https://www.rijksoverheid.nl"', '"rijksoverheid"', "begrippen.leges.bronnen.1", "geen geldig webadres"),
    ("  leges:", "  Leges:", "begrippen.Leges", "kleine letters"),
    ('    term: "Leges"', '    term: "Leges"\n    kleur: rood', "begrippen.leges.kleur", "onbekend veld"),
    ('    uitleg: "Een belasting', '    gemeentelijk: "' + "woord " * 41 + '"\n    uitleg: "Een belasting',
     "begrippen.precario.gemeentelijk", "41 woorden"),
    ("laatst_gecontroleerd: 2026-12-15", "laatst_gecontroleerd: ooit", "laatst_gecontroleerd", "JJJJ-MM-DD"),
])
def test_a_broken_entry_is_named_by_file_and_field(tmp_path, vervang, door, veld, in_melding):
    assert vervang in GOED
    problemen = _problemen(tmp_path, GOED.replace(vervang, door))
    assert veld in problemen, problemen
    assert in_melding in problemen[veld]


# --- recognising a glossary question ---------------------------------------------------------------


@pytest.mark.parametrize(("tekst", "begrip"), [
    ("wat is dat bibob onderzoek precies?", "bibob"),
    ("wat is gevolgklasse 1?", "gevolgklasse"),
    ("gevolgklasse?", "gevolgklasse"),
    ("wat betekend gevolgklase", "gevolgklasse"),  # typos
    ("Wat betekent WBSO", "wbso"),
    ("wat is een kwaliteitsborger eigenlijk", "kwaliteitsborger"),
    ("ik weet niet wat eherkenning is", "eherkenning"),
    ("Bibob, wat is dat precies?", "bibob"),
    ("ik kreeg een brief over de bibob toets. wat is dat?", "bibob"),
    ("wat houdt een gebruiksmelding in", "gebruiksmelding"),
    ("wat bedoelt u met vergunningvrij?", "vergunningvrij"),
    ("wat moet ik verstaan onder een kruimelgeval", "kruimelgeval"),
    ("wat is precario", "precariobelasting"),
    ("wat is de precariobelasting in voorbeeldstad", "precariobelasting"),
    ("hoi, wat is een svh diploma?", "verklaring-sociale-hygiene"),
    ("wat zijn leges", "leges"),
    ("wat is een bestemingsplan", "bestemmingsplan"),
    ("wat is bibob en hoe lang duurt het?", "bibob"),  # the second question is left for the search
])
def test_what_is_x_finds_the_term(naslag, tekst, begrip):
    assert id_van(naslag.zoek_begrip(tekst)) == begrip


@pytest.mark.parametrize("tekst", [
    "wat kost dat",
    "wat kost een exploitatievergunning?",
    "wat is het tarief van de precariobelasting",  # asks for a part of a subject
    "wat zijn de leges voor een terras",
    "wat is de doorlooptijd van een omgevingsvergunning",
    "wat is mijn woz waarde",  # their own case
    "ozb",  # a bare article name is a search for the article
    "bibob formulier",
    "hoe kom ik aan eherkenning",
    "wat zijn de sluitingstijden",
    "wat is het adres van het ondernemersloket",
    "kan ik Joost van Dijk spreken?",
    "wie is mijn accountmanager",
    "wat is dat?",
    "hallo",
    "",
])
def test_questions_about_a_subject_are_no_glossary_questions(naslag, tekst):
    assert naslag.zoek_begrip(tekst) is None


def test_looking_up_needs_no_database_and_is_fast(begrippen):
    index = BegrippenIndex(begrippen, ["OZB en WOZ-waarde van uw bedrijfspand", "ozb"])
    vragen = ["wat is dat bibob onderzoek precies?", "wat kost een terras in het centrum van de stad?"] * 100
    uitkomst, seconden = per_vraag(lambda vraag: zoek_begrip(vraag, index), vragen)
    assert seconden < 0.02
    assert uitkomst[0].id == "bibob" and uitkomst[1] is None
    assert zoek_begrip("ozb", index) is None and zoek_begrip("wat is de ozb?", index).id == "ozb"


# --- the message ---------------------------------------------------------------------------------


def test_the_answer_explains_the_term_and_offers_the_related_articles(naslag):
    begrip = naslag.zoek_begrip("wat is precariobelasting?")
    bericht = naslag.begrip_bericht(begrip)
    assert begrip.uitleg in bericht.tekst and begrip.gemeentelijk in bericht.tekst
    assert bericht.custom == {"begrip": {"term": begrip.term, "id": begrip.artikelen[0]}}
    assert [k["payload"] for k in bericht.knoppen] == [f'/ask_question{{"onderwerp": "{a}"}}' for a in begrip.artikelen]
    assert naslag.titels[begrip.artikelen[0]] in bericht.knoppen[0]["title"]


def test_without_an_existing_article_the_answer_has_no_button(begrippen):
    bericht = begrip_bericht(begrippen[0], titels={})
    assert bericht.knoppen == [] and bericht.custom == {"begrip": {"term": begrippen[0].term, "id": None}}
    assert bericht.tekst.startswith(begrippen[0].uitleg)


# --- storage and the command line ----------------------------------------------------------------------


def test_a_term_is_stored_and_an_edit_is_checked_against_the_other_terms(engine, begrippen, artikelen, tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        sla_begrippen_op(session=session, begrippen=begrippen, bron=BEGRIPPEN, door="test")
    with transaction(engine) as session:
        assert alle_begrippen(session=session) == sorted(begrippen, key=lambda b: b.id)
        bibob = next(b for b in begrippen if b.id == "bibob").dict()
        with pytest.raises(BegripFout) as fout:
            publiceer_begrip(session=session, data={**bibob, "synoniemen": ["gevolgklasse"]}, naam="formulier",
                             door="x", toelichting="x", vandaag=date(2027, 1, 4))
        assert [(p.veld, p.melding) for p in fout.value.problemen] == [
            ("synoniemen", "'gevolgklasse' hoort al bij het begrip 'gevolgklasse'")]
        publiceer_begrip(session=session, data={**bibob, "uitleg": "Nieuwe uitleg."}, naam="formulier", door="x",
                         toelichting="x", vandaag=date(2027, 1, 4))
    with transaction(engine) as session:
        [rij] = [r for r in alle_items(session=session, soort="begrip") if r.id == "bibob"]
        assert (rij.versie, rij.inhoud["uitleg"], rij.laatst_gecontroleerd) == (2, "Nieuwe uitleg.", date(2027, 1, 4))


def test_check_and_load_cover_articles_situations_and_terms(database_url, monkeypatch, capsys):
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    assert opdracht.main(["check"]) == 0
    assert "situaties" in capsys.readouterr().out
    assert opdracht.main(["load"]) == 0
    uit = capsys.readouterr().out
    assert "Situaties geladen: " in uit and "Begrippen geladen: " in uit
    assert opdracht.main(["load"]) == 0
    assert "Begrippen geladen: 0 nieuw, 0 bijgewerkt" in capsys.readouterr().out


def test_check_fails_with_file_and_field_when_the_glossary_is_broken(tmp_path, monkeypatch, capsys):
    kennisbank = tmp_path / "kennisbank"
    (kennisbank / "artikelen").mkdir(parents=True)
    for bestand in (PROJECT_ROOT / "kennisbank" / "artikelen").glob("*.yml"):
        (kennisbank / "artikelen" / bestand.name).write_text(bestand.read_text(encoding="utf-8"), encoding="utf-8")
    (kennisbank / "situaties").mkdir()
    for bestand in (PROJECT_ROOT / "kennisbank" / "situaties").glob("*.yml"):
        (kennisbank / "situaties" / bestand.name).write_text(bestand.read_text(encoding="utf-8"), encoding="utf-8")
    (kennisbank / "begrippen.yml").write_text(GOED.replace("[reclame]\n    bronnen", "[reklame]\n    bronnen"),
                                              encoding="utf-8")
    monkeypatch.setenv("INGANG_KENNISBANK_DIR", str(kennisbank / "artikelen"))
    assert opdracht.main(["check"]) == 1
    assert "begrippen.yml: veld 'begrippen.leges.artikelen.1'" in capsys.readouterr().err
