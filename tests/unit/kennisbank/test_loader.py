"""The kennisbank loader: the real articles pass, every kind of broken file is named."""

from __future__ import annotations

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
