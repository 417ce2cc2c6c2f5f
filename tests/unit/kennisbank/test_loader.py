"""The kennisbank loader: the real articles pass, every kind of broken file is named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.kennisbank.loader import KennisbankFout, lees_artikelen
from bot.kern.settings import load_settings

ARTIKELEN = load_settings().kennisbank_dir


def test_every_shared_subject_has_a_valid_article(artikelen, onderwerpen):
    assert {a.id for a in artikelen} >= {o.id for o in onderwerpen}
    teams = {o.id: o.team for o in onderwerpen}
    assert all(a.team == teams[a.id] for a in artikelen if a.id in teams)


def test_short_answers_fit_in_80_words(artikelen):
    assert all(len(a.kort_antwoord.split()) <= 80 for a in artikelen)


def test_upl_names_and_uris_come_from_the_upl_list(artikelen, onderwerpen, upl_uris):
    for artikel in artikelen:
        for product in artikel.upl:
            assert upl_uris[product.naam.lower()] == product.uri


@pytest.fixture
def kopie(tmp_path: Path) -> Path:
    """A copy of the real kennisbank to break in one place."""
    doel = tmp_path / "artikelen"
    shutil.copytree(ARTIKELEN, doel)
    return doel


def laad(map_: Path, onderwerpen, upl_uris):
    return lees_artikelen(map_, onderwerpen=onderwerpen, upl_uris=upl_uris)


def wijzig(map_: Path, artikel_id: str, **velden) -> Path:
    pad = map_ / f"{artikel_id}.yml"
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    for veld, waarde in velden.items():
        if waarde is None:
            data.pop(veld, None)
        else:
            data[veld] = waarde
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pad


def fout_bij(map_: Path, onderwerpen, upl_uris) -> list[tuple[str, str | None, str]]:
    with pytest.raises(KennisbankFout) as fout:
        laad(map_, onderwerpen, upl_uris)
    return [(Path(p.bestand).name, p.veld, p.melding) for p in fout.value.problemen]


def test_the_copy_itself_loads(kopie, onderwerpen, upl_uris):
    assert len(laad(kopie, onderwerpen, upl_uris)) >= len(onderwerpen)


def test_invalid_yaml_names_the_file(kopie, onderwerpen, upl_uris):
    (kopie / "reclame.yml").write_text("id: reclame\ntitel: [niet gesloten\n", encoding="utf-8")
    problemen = fout_bij(kopie, onderwerpen, upl_uris)
    assert problemen[0][0] == "reclame.yml" and "YAML" in problemen[0][2]


def test_unknown_field_is_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "reclame", prijs="gratis")
    assert ("reclame.yml", "prijs", "onbekend veld") in fout_bij(kopie, onderwerpen, upl_uris)


def test_missing_required_field_is_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "weekmarkt", kosten=None)
    assert ("weekmarkt.yml", "kosten") in [(b, v) for b, v, _ in fout_bij(kopie, onderwerpen, upl_uris)]


def test_wrong_type_is_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "biz", zoektermen="biz bijdrage")
    assert ("biz.yml", "zoektermen") in [(b, v) for b, v, _ in fout_bij(kopie, onderwerpen, upl_uris)]


def test_too_long_short_answer_is_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "bbz", kort_antwoord="woord " * 81)
    assert ("bbz.yml", "kort_antwoord") in [(b, v) for b, v, _ in fout_bij(kopie, onderwerpen, upl_uris)]


def test_bad_date_and_link_are_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "factuur", laatst_gecontroleerd="gisteren", link="www.zonder-schema")
    velden = {v for b, v, _ in fout_bij(kopie, onderwerpen, upl_uris) if b == "factuur.yml"}
    assert velden == {"laatst_gecontroleerd", "link"}


def test_upl_uri_must_match_the_upl_list(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "terrasvergunning", upl=[{"naam": "terrasvergunning", "uri": "http://example.org/fout"}])
    assert ("terrasvergunning.yml", "upl") in [(b, v) for b, v, _ in fout_bij(kopie, onderwerpen, upl_uris)]


def test_team_must_match_the_shared_list(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "toeristenbelasting", team="horeca-evenementen")
    assert ("toeristenbelasting.yml", "team") in [(b, v) for b, v, _ in fout_bij(kopie, onderwerpen, upl_uris)]


def test_id_must_match_the_file_name(kopie, onderwerpen, upl_uris):
    pad = kopie / "reclame.yml"
    pad.rename(kopie / "reclame-kopie.yml")
    problemen = fout_bij(kopie, onderwerpen, upl_uris)
    assert ("reclame-kopie.yml", "id") in [(b, v) for b, v, _ in problemen]


def test_duplicate_id_is_named(kopie, onderwerpen, upl_uris):
    shutil.copy(kopie / "reclame.yml", kopie / "reclame.yaml")
    problemen = fout_bij(kopie, onderwerpen, upl_uris)
    assert any(b == "reclame.yaml" and v == "id" and "reclame.yml" in m for b, v, m in problemen)


def test_subject_without_article_is_named(kopie, onderwerpen, upl_uris):
    (kopie / "speelautomaten.yml").unlink()
    problemen = fout_bij(kopie, onderwerpen, upl_uris)
    assert ("speelautomaten.yml", "id") in [(b, v) for b, v, _ in problemen]
    assert "geen artikel" in problemen[0][2]


def test_file_that_is_not_a_mapping(kopie, onderwerpen, upl_uris):
    (kopie / "reclame.yml").write_text("- alleen\n- een lijst\n", encoding="utf-8")
    assert ("reclame.yml", None) in [(b, v) for b, v, _ in fout_bij(kopie, onderwerpen, upl_uris)]


def test_empty_folder(tmp_path, onderwerpen, upl_uris):
    with pytest.raises(KennisbankFout, match="geen artikelbestanden"):
        laad(tmp_path, onderwerpen, upl_uris)


def test_error_message_lists_file_and_field(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "weekmarkt", kosten=None)
    with pytest.raises(KennisbankFout) as fout:
        laad(kopie, onderwerpen, upl_uris)
    assert "weekmarkt.yml: veld 'kosten'" in str(fout.value)


def test_niet_voor_is_an_optional_list_of_short_phrases(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "terrasvergunning", niet_voor=None)
    wijzig(kopie, "reclame", niet_voor=["reclame in de krant"])
    artikelen = {a.id: a for a in laad(kopie, onderwerpen, upl_uris)}
    assert artikelen["terrasvergunning"].niet_voor == ()
    assert artikelen["reclame"].niet_voor == ("reclame in de krant",)
    assert "niet_voor" not in artikelen["terrasvergunning"].to_dict()


def test_a_wrong_niet_voor_is_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "terrasvergunning", niet_voor="boete")
    wijzig(kopie, "reclame", niet_voor=["een heel lange zin over reclame in de krant van vandaag"])
    wijzig(kopie, "standplaats", niet_voor=["foodtruck"], zoektermen=["foodtruck"])
    problemen = fout_bij(kopie, onderwerpen, upl_uris)
    assert {(bestand, veld) for bestand, veld, _ in problemen} == {
        ("terrasvergunning.yml", "niet_voor"), ("reclame.yml", "niet_voor"), ("standplaats.yml", "niet_voor"),
    }


def test_the_english_texts_are_optional_and_kept(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "bbz", engels_kort=None, engels_kosten=None, engels_doorlooptijd=None, engels_aanvragen=None)
    wijzig(kopie, "reclame", engels_kort="A sign on your wall.", engels_kosten=None, engels_doorlooptijd=None,
           engels_aanvragen=None)
    artikelen = {a.id: a for a in laad(kopie, onderwerpen, upl_uris)}
    assert artikelen["bbz"].engels_kort is None and "engels_kort" not in artikelen["bbz"].to_dict()
    assert artikelen["reclame"].in_het_engels("kort") == "A sign on your wall."
    assert artikelen["reclame"].in_het_engels("kosten") is None
    assert type(artikelen["reclame"]).from_dict(artikelen["reclame"].to_dict()) == artikelen["reclame"]


def test_a_wrong_english_text_is_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "bbz", engels_kort="word " * 81)  # as long as the Dutch short answer may be
    wijzig(kopie, "reclame", engels_kort=None, engels_kosten="It costs 85 euros.")  # a part without the short answer
    wijzig(kopie, "standplaats", engels_kort="A place for your stall.", engels_doorlooptijd=["two weeks"])
    problemen = fout_bij(kopie, onderwerpen, upl_uris)
    assert {(bestand, veld) for bestand, veld, _ in problemen} == {
        ("bbz.yml", "engels_kort"), ("reclame.yml", "engels_kort"), ("standplaats.yml", "engels_doorlooptijd"),
    }


def test_articles_where_confusion_is_likely_name_what_they_are_not_for(artikelen):
    per_id = {a.id: a for a in artikelen}
    for artikel_id in ("exploitatievergunning", "veilig-ondernemen", "bedrijfsruimte", "alcoholvergunning"):
        assert per_id[artikel_id].niet_voor


# A term and words that show it is explained where an article first uses it (issue 11).
BEGRIPPEN = {
    "eHerkenning": "inlogmiddel", "precariobelasting": "gebruik van", "gevolgklasse": "eenvoudige",
    "kwaliteitsborger": "controleur", "WBSO": "loonbelasting", "Bibob": "misdaad|crimine",
    "Verklaring Sociale Hygiëne": "diploma", "curatele": "rechter", "conceptverzoek": "kans maakt",
}
LEESVOLGORDE = ("kort_antwoord", "uitleg", "voorwaarden", "kosten", "doorlooptijd", "aanvragen")


def _tekst(artikel, veld: str) -> str:
    waarde = getattr(artikel, veld)
    return " ".join(waarde) if isinstance(waarde, tuple) else waarde


def test_jargon_is_explained_the_first_time_an_article_uses_it(artikelen):
    onuitgelegd = []
    for artikel in artikelen:
        for term, uitleg in BEGRIPPEN.items():
            eerste = next((_tekst(artikel, v) for v in LEESVOLGORDE if term in _tekst(artikel, v)), None)
            if eerste is not None and not re.search(uitleg, eerste):
                onuitgelegd.append((artikel.id, term))
    assert onuitgelegd == []


def test_no_text_sends_the_entrepreneur_to_the_phone_without_offering_to_arrange_it(artikelen):
    """Where a text names the loket's phone number or e-mail address, the assistant also offers
    to arrange it ("Ik kan dit voor u regelen"), so phoning is never the only way forward."""
    alleen_bellen = [
        (artikel.id, veld)
        for artikel in artikelen
        for veld in ("kort_antwoord", "uitleg", "doorlooptijd", "aanvragen")
        if re.search(r"14 0123|ondernemersloket@", _tekst(artikel, veld)) and "regelen" not in _tekst(artikel, veld)
    ]
    assert alleen_bellen == []


def test_voorbeeldvragen_are_an_optional_list_kept_in_order(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "terrasvergunning", voorbeeldvragen=None)
    wijzig(kopie, "reclame", voorbeeldvragen=["mag ik een bord op de stoep", "  lichtbak aan de gevel?  "])
    artikelen = {a.id: a for a in laad(kopie, onderwerpen, upl_uris)}
    assert artikelen["terrasvergunning"].voorbeeldvragen == ()
    assert "voorbeeldvragen" not in artikelen["terrasvergunning"].to_dict()
    assert artikelen["reclame"].voorbeeldvragen == ("mag ik een bord op de stoep", "lichtbak aan de gevel?")
    assert type(artikelen["reclame"]).from_dict(artikelen["reclame"].to_dict()) == artikelen["reclame"]


def test_wrong_voorbeeldvragen_are_named(kopie, onderwerpen, upl_uris):
    wijzig(kopie, "terrasvergunning", voorbeeldvragen="terras?")
    wijzig(kopie, "reclame", voorbeeldvragen=["bord op de stoep", "Bord op  de stoep"])
    wijzig(kopie, "standplaats", voorbeeldvragen=["kraam " * 100])
    wijzig(kopie, "weekmarkt", voorbeeldvragen=[f"vraag {n}" for n in range(151)])
    problemen = fout_bij(kopie, onderwerpen, upl_uris)
    assert {(bestand, veld) for bestand, veld, _ in problemen} == {
        ("terrasvergunning.yml", "voorbeeldvragen"), ("reclame.yml", "voorbeeldvragen"),
        ("standplaats.yml", "voorbeeldvragen"), ("weekmarkt.yml", "voorbeeldvragen"),
    }
