"""Editing the kennisbank from the console: same validation as the files, versions kept,
and the bot's search sees the change without retraining."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kennisbank.loader import KennisbankFout
from bot.kennisbank.models import KennisbankArtikel
from bot.kennisbank.service import (
    artikel_historie,
    haal_artikel,
    is_verouderd,
    kennisbank_stand,
    markeer_gecontroleerd,
    publiceer_artikel,
    sla_artikelen_op,
    zoek_artikelen,
)
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import transaction

VANDAAG = date(2026, 12, 1)


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    return engine


def bewerkt(engine, artikel_id: str, **velden) -> dict:
    with transaction(engine) as session:
        return {**haal_artikel(session=session, artikel_id=artikel_id).to_dict(), **velden}


def test_an_edit_is_published_as_a_new_version_and_kept_in_history(gevuld, onderwerpen):
    data = bewerkt(gevuld, "terrasvergunning", kort_antwoord="Een terras vraagt u aan via het nieuwe loket.")
    with transaction(gevuld) as session:
        voor = kennisbank_stand(session=session)
        publiceer_artikel(session=session, data=data, door="redacteur", toelichting="nieuw loket",
                          vandaag=VANDAAG, onderwerpen=onderwerpen)
    with transaction(gevuld) as session:
        assert kennisbank_stand(session=session) != voor
        artikel = haal_artikel(session=session, artikel_id="terrasvergunning")
        historie = artikel_historie(session=session, artikel_id="terrasvergunning")
    assert artikel.kort_antwoord == "Een terras vraagt u aan via het nieuwe loket."
    assert artikel.laatst_gecontroleerd == VANDAAG
    assert [v.versie for v in historie] == [2, 1]
    assert historie[0].gewijzigd_door == "redacteur" and historie[0].toelichting == "nieuw loket"
    assert historie[1].inhoud["kort_antwoord"] != artikel.kort_antwoord, "the old text is kept"


def test_the_bot_search_answers_with_the_new_text_without_retraining(gevuld):
    zoeker = KennisbankZoeker(gevuld)
    assert "nieuwe loket" not in zoeker.actueel().artikel("terrasvergunning").kort_antwoord
    data = bewerkt(gevuld, "terrasvergunning", kort_antwoord="Een terras vraagt u aan via het nieuwe loket.")
    with transaction(gevuld) as session:
        publiceer_artikel(session=session, data=data, door="redacteur", toelichting="", vandaag=VANDAAG)
    assert "nieuwe loket" in zoeker.actueel().artikel("terrasvergunning").kort_antwoord


def test_a_wrong_edit_names_the_fields_and_stores_nothing(gevuld, onderwerpen):
    data = bewerkt(gevuld, "terrasvergunning", kort_antwoord="", link="geen-url", team="belastingen")
    with pytest.raises(KennisbankFout) as fout, transaction(gevuld) as session:
        publiceer_artikel(session=session, data=data, door="redacteur", toelichting="", vandaag=VANDAAG,
                          onderwerpen=onderwerpen)
    velden = {p.veld for p in fout.value.problemen}
    assert {"kort_antwoord", "link"} <= velden
    with transaction(gevuld) as session:
        assert session.get(KennisbankArtikel, "terrasvergunning").versie == 1

    goed_behalve_team = bewerkt(gevuld, "terrasvergunning", team="belastingen")
    with pytest.raises(KennisbankFout, match="team"), transaction(gevuld) as session:
        publiceer_artikel(session=session, data=goed_behalve_team, door="r", toelichting="", vandaag=VANDAAG,
                          onderwerpen=onderwerpen)


def test_a_new_article_can_be_added(gevuld):
    data = bewerkt(gevuld, "terrasvergunning", id="terras-winter", titel="Terras in de winter")
    with transaction(gevuld) as session:
        publiceer_artikel(session=session, data=data, door="redacteur", toelichting="nieuw", vandaag=VANDAAG)
    with transaction(gevuld) as session:
        gevonden = [r.id for r in zoek_artikelen(session=session, tekst="winter")]
        assert gevonden[0] == "terras-winter"  # in its title: before the articles that name winter in the text
        assert len(zoek_artikelen(session=session)) == 39


def test_stale_articles_are_flagged_and_a_check_clears_it(gevuld):
    with transaction(gevuld) as session:
        rij = session.get(KennisbankArtikel, "winkeltijden")
        assert is_verouderd(rij, vandaag=rij.laatst_gecontroleerd.replace(year=rij.laatst_gecontroleerd.year + 1),
                            max_dagen=180)
        assert not is_verouderd(rij, vandaag=rij.laatst_gecontroleerd, max_dagen=180)
        markeer_gecontroleerd(session=session, artikel_id="winkeltijden", door="redacteur", vandaag=VANDAAG)
    with transaction(gevuld) as session:
        rij = session.get(KennisbankArtikel, "winkeltijden")
        assert rij.laatst_gecontroleerd == VANDAAG and rij.versie == 2
