"""Situations: the files are valid and point at existing articles; a broken file is named by file and
field; typical phrasings are recognised and subject questions are not; the message; storage and
the bot's view kept in step with the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.kennisbank.begrippen import lees_begrippen
from bot.kennisbank.herkenning import Woordenschat
from bot.kennisbank.inhoud import inhoud_stand
from bot.kennisbank.models import KennisbankItem, KennisbankItemVersie
from bot.kennisbank.nabijheid import vind
from bot.kennisbank.naslag import (
    Naslag,
    NaslagLezer,
    alle_situaties,
    publiceer_situatie,
    sla_situaties_op,
)
from bot.kennisbank.service import sla_artikelen_op
from bot.kennisbank.situaties import SituatieFout, SituatieIndex, herken_situatie, lees_situaties, situatie_bericht
from bot.kern.db import transaction
from bot.kern.settings import PROJECT_ROOT
from tests.unit.kennisbank.hulp import id_van, per_vraag

SITUATIES = PROJECT_ROOT / "kennisbank" / "situaties"
BEGRIPPEN = PROJECT_ROOT / "kennisbank" / "begrippen.yml"


@pytest.fixture(scope="module")
def situaties(artikelen, onderwerpen):
    return lees_situaties(SITUATIES, artikel_ids=frozenset(a.id for a in artikelen),
                          teams=frozenset(o.team for o in onderwerpen))


@pytest.fixture(scope="module")
def naslag(situaties, artikelen) -> Naslag:
    return Naslag.bouw(situaties, lees_begrippen(BEGRIPPEN), artikelen)


# --- the content ---------------------------------------------------------------------------------


def test_every_situation_names_existing_articles_in_order_and_a_known_team(situaties, artikelen, onderwerpen):
    assert len(situaties) >= 12
    onderwerp_ids = {o.id for o in onderwerpen}
    artikel_ids = {a.id for a in artikelen}
    teams = {o.team for o in onderwerpen}
    for situatie in situaties:
        assert situatie.artikel_ids() and set(situatie.artikel_ids()) <= artikel_ids & onderwerp_ids, situatie.id
        assert situatie.coordinator is None or situatie.coordinator.team in teams, situatie.id
        assert all(len(a.wanneer.split()) <= 25 for a in situatie.artikelen), situatie.id


# --- broken files ----------------------------------------------------------------------------------

GOED = """\
id: {id}
titel: "Een kapsalon beginnen"
herkenning:
  - "kapsalon/kapper beginnen/starten"
intro: "Voor een kapsalon heeft u meestal te maken met:"
artikelen:
  - artikel: gebruik-pand-wijzigen
    wanneer: "kijk eerst of het mag."
  - artikel: reclame
    wanneer: "als u een bord wilt."
coordinator:
  team: detailhandel-centrum
  rol: "centrummanager"
laatst_gecontroleerd: 2026-12-15
"""


def _schrijf(map_: Path, naam: str, tekst: str) -> None:
    (map_ / naam).write_text(tekst, encoding="utf-8")


def _problemen(map_: Path) -> dict[tuple[str, str | None], str]:
    with pytest.raises(SituatieFout) as fout:
        lees_situaties(map_, artikel_ids=frozenset({"gebruik-pand-wijzigen", "reclame"}),
                       teams=frozenset({"detailhandel-centrum"}))
    return {(Path(p.bestand).name, p.veld): p.melding for p in fout.value.problemen}


def test_a_valid_situation_file_is_read(tmp_path):
    _schrijf(tmp_path, "kapsalon.yml", GOED.format(id="kapsalon"))
    [situatie] = lees_situaties(tmp_path, artikel_ids=frozenset({"gebruik-pand-wijzigen", "reclame"}),
                                teams=frozenset({"detailhandel-centrum"}))
    assert situatie.artikel_ids() == ["gebruik-pand-wijzigen", "reclame"]
    assert situatie.laatst_gecontroleerd == date(2026, 12, 15)


@pytest.mark.parametrize(("vervang", "door", "veld", "in_melding"), [
    ("id: kapsalon", "id: kapper", "id", "bestandsnaam"),
    ("  - artikel: reclame", "  - artikel: reklame", "artikelen.2.artikel", "reklame"),
    ('    wanneer: "als u een bord wilt."', "", "artikelen.2.wanneer", "verplicht"),
    ('    wanneer: "als u een bord wilt."', '    wanneer: "' + "woord " * 26 + '"', "artikelen.2.wanneer", "26 woorden"),
    ('"kapsalon/kapper beginnen/starten"', '"kapsalon//kapper beginnen"', "herkenning", "'/'"),
    ('"kapsalon/kapper beginnen/starten"', '"kapsalon/hair-salon beginnen"', "herkenning", "één woord"),
    ('"kapsalon/kapper beginnen/starten"', '"een de"', "herkenning", "minstens één woord"),
    ("  team: detailhandel-centrum", "  team: kappers", "coordinator.team", "onbekend team"),
    ('  rol: "centrummanager"', '  rol: "de centrummanager"', "coordinator.rol", "zonder 'de'"),
    ("laatst_gecontroleerd: 2026-12-15", "laatst_gecontroleerd: morgen", "laatst_gecontroleerd", "JJJJ-MM-DD"),
    ("titel:", "kleur: rood\ntitel:", "kleur", "onbekend veld"),
])
def test_a_broken_situation_file_is_named_by_file_and_field(tmp_path, vervang, door, veld, in_melding):
    tekst = GOED.format(id="kapsalon")
    assert vervang in tekst
    _schrijf(tmp_path, "kapsalon.yml", tekst.replace(vervang, door))
    problemen = _problemen(tmp_path)
    assert ("kapsalon.yml", veld) in problemen, problemen
    assert in_melding in problemen[("kapsalon.yml", veld)]


def test_too_few_or_repeated_articles_are_refused(tmp_path):
    een = GOED.format(id="een").split("  - artikel: reclame")[0] + "coordinator:" + GOED.split("coordinator:")[1]
    _schrijf(tmp_path, "een.yml", een.replace("id: {id}", "id: een"))
    _schrijf(tmp_path, "dubbel.yml", GOED.format(id="dubbel").replace("artikel: reclame", "artikel: gebruik-pand-wijzigen"))
    problemen = _problemen(tmp_path)
    assert "noem 2 tot 6 artikelen" in problemen[("een.yml", "artikelen")]
    assert "twee keer" in problemen[("dubbel.yml", "artikelen")]


def test_a_phrase_may_recognise_only_one_situation_and_an_empty_folder_is_an_error(tmp_path):
    _schrijf(tmp_path, "a.yml", GOED.format(id="a"))
    _schrijf(tmp_path, "b.yml", GOED.format(id="b").replace("kapsalon/kapper beginnen/starten", "kapper/kapsalon starten/beginnen"))
    assert "herkent ook de situatie 'a'" in _problemen(tmp_path)[("b.yml", "herkenning")]
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    with pytest.raises(SituatieFout, match="geen situaties"):
        lees_situaties(leeg)


# --- recognising ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("tekst", "situatie"), [
    ("hoi ik wil een cafeetje beginnen in de binnenstad wat heb ik allemaal nodig", "horecazaak-beginnen"),
    ("we gaan een restaurantje openen, waar moet ik allemaal aan denken", "horecazaak-beginnen"),
    ("ik wil een resturant starten met terras", "horecazaak-beginnen"),
    ("wij nemen volgende maand de kroeg op de hoek over", "horecazaak-overnemen"),
    ("ik wil een kledingwinkel openen in het centrum", "winkel-openen"),
    ("binnenkort open ik een bloemenwinkeltje, wat moet ik regelen? ik wil een winkel openen", "winkel-openen"),
    ("we willen een braderie organiseren in onze straat", "evenement-organiseren"),
    ("ik organiseer in juni een festivalletje op het plein", "evenement-organiseren"),
    ("ik wil mijn bedrijfspand verbouwen", "pand-verbouwen"),
    ("we gaan de winkel uitbreiden met een aanbouw", "pand-verbouwen"),
    ("ik wil vanuit huis een praktijk beginnen", "aan-huis-beginnen"),
    ("ik wil thuis een kapsalon starten", "aan-huis-beginnen"),
    ("ik ga een bedrijf overnemen van mijn oom", "bedrijf-overnemen"),
    ("we willen ons eerste personeel aannemen", "personeel-aannemen"),
    ("ik heb een foodtruk gekocht wat nu", "foodtruck-beginnen"),
    ("ik wil met mijn ijskar in de zomer ergens gaan staan", "foodtruck-beginnen"),
    ("we verhuizen het bedrijf naar een groter pand", "bedrijf-verhuizen"),
    ("ik wil mijn kantoor verduurzamen", "bedrijf-verduurzamen"),
    ("ik wil een autogarage beginnen", "werkplaats-beginnen"),
    ("mijn zaak loopt slecht en ik heb schulden", "geldzorgen"),
    ("ik kan de belastingen niet meer betalen", "geldzorgen"),  # "betalen" here is no question about costs
    ("ik kan mijn rekeningen niet betalen", "geldzorgen"),
    ("hoi. zit een beetje krap", "geldzorgen"),  # said short, ashamed: no card, no "geen antwoord"
    ("geld op. kan niet meer betalen", "geldzorgen"),
    ("ik wil een b&b beginnen in mijn boerderij", "bed-and-breakfast"),
    ("ik wil een sportschool openen in een oude loods", "sportschool-beginnen"),
    # the plan said in the first person, or only named ("ik start een lunchroom", "straatfeestje ...")
    ("ik start volgende maand een lunchroom", "horecazaak-beginnen"),
    ("straatfeestje bij ons in de straat, wat moet er geregeld", "evenement-organiseren"),
    ("verhuizen naar bedrijventerrein met mn garage wat moet ik regelen", "bedrijf-verhuizen"),
    ("Volgend jaar verhuizen we met onze drukkerij naar industrieterrein Noord.", "bedrijf-verhuizen"),
    ("Onze garage gaat van het gas af en het hele dak gaat vol zonnepanelen.", "bedrijf-verduurzamen"),
    ("mijn geld is op en de huur moet betaald", "geldzorgen"),
    # where it will be ("een leeg winkelpand") is no other question when everything is asked
    ("hoi ik wil een lunchroompje beginnen in een leeg winkelpand, wat heb ik allemaal nodig", "horecazaak-beginnen"),
    ("Help, morgen is de opening van mijn nieuwe bar. Wat moet ik vandaag echt nog regelen??", "horecazaak-beginnen"),
    # stopping with the business; "sluiten" alone is a closing time
    ("Na veertig jaar sluiten wij eind dit jaar onze kledingzaak in de Hoogstraat.", "bedrijf-stoppen"),
    ("cafe gaat dicht eind vd maand wat moet ik stopzetten bij jullie", "bedrijf-stoppen"),
    ("ik stop met mijn winkel, wat moet ik regelen", "bedrijf-stoppen"),
    ("ik wil mijn bedrijf opheffen", "bedrijf-stoppen"),
    # a new business of a kind no phrase names, and a question for everything
    ("wil ff n wasstraat voor autos openen, waar moet ik aan denken", "bedrijf-beginnen"),
    ("stomerij beginnen wat komt daar bij kijken", "bedrijf-beginnen"),
    ("sauna beginnen wat voor vergunningen moet ik hebben", "bedrijf-beginnen"),
    # any other situation before the one for a business of an unnamed kind
    ("ik wil een nieuw bedrijf beginnen in mijn huis", "aan-huis-beginnen"),
])
def test_typical_phrasings_are_recognised(naslag, tekst, situatie):
    assert id_van(naslag.herken_situatie(tekst)) == situatie


@pytest.mark.parametrize("tekst", [
    "heb ik een vergunning nodig voor een terras",
    "wat kost een exploitatievergunning",
    "ik ga een restaurant starten, heb ik een alcoholvergunning nodig?",  # names a permit
    "ik wil een winkel openen in het centrum, moet ik dan reclamebelasting betalen",
    "hoe lang duurt het om een café te openen",  # asks for a part of a subject
    "wat kost het om een evenement te organiseren",
    "Ik heb net een café overgenomen. Er staan twee gokkasten van de vorige eigenaar, geldt die toestemming nog?",
    "mijn winkel gaat niet open op zondag",
    "mag mijn café tot 3 uur open blijven",
    "ik heb een café, mag ik een terras",
    "ik ga verhuizen binnen de gemeente, hoe geef ik mijn nieuwe adres door",
    "mijn factuur is nog niet betaald door de gemeente",
    "wat kost dat",
    "",
    # the words of a phrase far apart in a story: no party for customers, no business at home
    "ik heb sinds maart een lunchroom in de passage. klanten vragen steeds of ze buiten kunnen zitten en ik heb nog "
    "statafels over van een feestje. mag ik die buiten zetten",
    "wij zijn de toneelvereniging en na de voorstelling in het buurthuis willen we bier en wijn gaan verkopen",
    # "buurt" is no neighbourhood party, "geld ... op het dak" no money trouble
    "Ik heb een fietsenwinkel en de kartonnen dozen passen niet in mijn rolcontainer. Ik zet ze bij het oud papier "
    "van de buurt, maar dat mag niet. Hoe moet het dan?",
    "Krijg ik hulp of geld als ik panelen op het dak van mijn loods leg om zelf stroom te maken?",
    # one word alone must be that word: coffee is no coffee cart
    "geen idee eigenlijk. het wordt een lunchroom met broodjes en koffie, misschien later ook wijn.",
    # a closing time, not closing down
    "hoe laat moet ik mijn zaak sluiten",
    "mijn zaak gaat om 2 uur dicht",
    # a start without a question for everything, or with a subject of its own
    "ik wil een wasstraat openen",
    "ik wil een terras openen, wat heb ik nodig?",
    "met kerst wil ik tot 3 uur open blijven en er komt een liveband, wat moet ik regelen",
])
def test_a_question_about_one_subject_is_no_situation(naslag, tekst):
    assert naslag.herken_situatie(tekst) is None


def test_recognising_needs_no_database_and_is_fast(situaties, artikelen):
    index = SituatieIndex(situaties, {a.id: a.synoniemen for a in artikelen})
    vragen = ["hoi ik wil een cafeetje beginnen in de binnenstad wat heb ik allemaal nodig",
              "Moet iedereen die achter de bar staat zo'n diploma hebben of alleen ik?"] * 100
    uitkomst, seconden = per_vraag(lambda vraag: herken_situatie(vraag, index), vragen)
    assert seconden < 0.02  # well within the 150 ms budget
    assert uitkomst[0].id == "horecazaak-beginnen" and uitkomst[1] is None


@pytest.mark.parametrize(("woord", "inhoud", "past"), [
    ("resturant", "restaurant", True),  # a letter missing
    ("restuarant", "restaurant", True),  # two letters swapped
    ("panden", "pand", True),  # an ending
    ("cafeetje", "cafe", True),  # a diminutive
    ("kledingwinkel", "winkel", True),  # a compound
    ("verhuis", "verhuizen", True),  # the same stem
    ("verkopen", "kopen", False),  # a prefix changes the verb
    ("komen", "kopen", False),  # short common words stay apart
    ("staat", "start", False),
    ("bedrijfspand", "bedrijfje", False),
])
def test_words_match_with_typos_endings_and_compounds(woord, inhoud, past):
    assert (inhoud in Woordenschat([inhoud]).treffers(woord)) is past


# --- the message ---------------------------------------------------------------------------------


def test_the_words_of_a_phrase_must_stand_close_together():
    plekken = (frozenset({"cafe"}), frozenset({"beginnen"}))

    def treffers(tekst: str) -> list[frozenset[str]]:
        return [frozenset({w}) & {"cafe", "beginnen", "nemen", "over"} for w in tekst.split()]

    assert vind(plekken, treffers("een cafe in het centrum beginnen"), 4) == (1, 5)
    assert vind(plekken, treffers("cafe a b c d e beginnen"), 4) is None
    assert vind(plekken, treffers("cafe a b c d e beginnen"), None) == (0, 6)
    assert vind(plekken, treffers("cafe " + "a " * 10 + "cafe beginnen"), 4) == (11, 12)
    # a separable verb: three words, so the room of two gaps
    over = (frozenset({"nemen"}), frozenset({"cafe"}), frozenset({"over"}))
    assert vind(over, treffers("wij nemen volgende maand het cafe op de hoek over"), 4) == (1, 5, 9)
    # many far-apart words cost one small window each: linear in the text
    lang = treffers("cafe a b c d e " * 20_000 + "beginnen")
    assert vind(plekken, lang, 4) is None


def test_the_message_lists_the_articles_in_order_as_choices_and_offers_one_person(naslag):
    situatie = naslag.herken_situatie("ik wil een café beginnen")
    bericht = naslag.situatie_bericht(situatie)
    ids = situatie.artikel_ids()
    assert [k["id"] for k in bericht.custom["keuzes"]] == ids
    assert bericht.custom["situatie"]["id"] == situatie.id and bericht.custom["situatie"]["titel"] == situatie.titel
    assert bericht.custom["situatie"]["coordinator"] == {"team": "horeca-evenementen", "rol": "accountmanager horeca"}
    assert [k["payload"] for k in bericht.knoppen[:len(ids)]] == [
        f'/ask_question{{"onderwerp": "{i}"}}' for i in ids]
    assert bericht.knoppen[-1]["payload"] == f'/request_human{{"coordinator": "{situatie.id}"}}'
    assert "accountmanager horeca" in bericht.knoppen[-1]["title"]
    assert bericht.tekst.startswith(situatie.intro)
    regels = bericht.tekst.splitlines()
    for nummer, artikel in enumerate(situatie.artikelen, start=1):
        assert f"{nummer}. {naslag.titels[artikel.artikel]}: {artikel.wanneer}" in regels
    assert "accountmanager horeca" in bericht.tekst and "Waar wilt u mee beginnen?" in bericht.tekst


def test_a_removed_article_is_left_out_and_without_a_coordinator_no_such_button(situaties):
    situatie = situaties[0]
    titels = {a.artikel: a.artikel.upper() for a in situatie.artikelen[1:]}
    zonder = situatie.copy(update={"coordinator": None})
    bericht = situatie_bericht(zonder, titels, coordinator_payload="/x")
    assert [k["id"] for k in bericht.custom["keuzes"]] == situatie.artikel_ids()[1:]
    assert all(k["payload"] != "/x" for k in bericht.knoppen) and bericht.custom["situatie"]["coordinator"] is None


# --- storage and the bot's view --------------------------------------------------------------------


def test_load_stores_versions_and_a_reload_of_unchanged_files_changes_nothing(session, situaties):
    eerste = sla_situaties_op(session=session, situaties=situaties, bron_map=SITUATIES, door="test")
    assert (eerste.nieuw, eerste.bijgewerkt) == (len(situaties), 0)
    stand = inhoud_stand(session=session)
    tweede = sla_situaties_op(session=session, situaties=situaties, bron_map=SITUATIES, door="test")
    assert tweede.ongewijzigd == len(situaties) and inhoud_stand(session=session) == stand
    assert alle_situaties(session=session) == sorted(situaties, key=lambda s: s.id)
    assert session.execute(select(func.count(KennisbankItemVersie.id))).scalar_one() == len(situaties)


def test_a_published_edit_is_validated_versioned_and_used_by_the_bot_at_once(engine, situaties, artikelen, onderwerpen,
                                                                             tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        sla_situaties_op(session=session, situaties=situaties, bron_map=SITUATIES, door="test")
    lezer = NaslagLezer(engine)
    assert lezer.actueel().herken_situatie("ik wil een escaperoom beginnen") is None
    eerst = lezer.actueel()
    assert lezer.actueel() is eerst  # no change, no rebuild

    data = situaties[0].dict()
    data["herkenning"] = [*data["herkenning"], "escaperoom beginnen"]
    teams = frozenset(o.team for o in onderwerpen)
    with transaction(engine) as session:
        publiceer_situatie(session=session, data=data, naam="formulier", teams=teams, door="console:sanne",
                           toelichting="escaperoom", vandaag=date(2027, 1, 4))
    gevonden = lezer.actueel().herken_situatie("ik wil een escaperoom beginnen")
    assert gevonden is not None and gevonden.id == situaties[0].id and gevonden.laatst_gecontroleerd == date(2027, 1, 4)
    with transaction(engine) as session:
        assert session.get(KennisbankItem, ("situatie", situaties[0].id)).versie == 2

    fout = {**data, "artikelen": [{"artikel": "bestaat-niet", "wanneer": "nooit"}, data["artikelen"][0]]}
    with pytest.raises(SituatieFout) as problemen, transaction(engine) as session:
        publiceer_situatie(session=session, data=fout, naam="formulier", teams=teams, door="x", toelichting="x",
                           vandaag=date(2027, 1, 5))
    assert [(p.bestand, p.veld) for p in problemen.value.problemen] == [("formulier", "artikelen.1.artikel")]


def test_the_migration_makes_the_tables_the_models_describe(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.kern.db import Base

    with engine.connect() as verbinding:
        verschillen = compare_metadata(MigrationContext.configure(verbinding), Base.metadata)
    assert [v for v in verschillen if "kennisbank_item" in repr(v)] == []
