"""Articles in the database: loaded from files, versioned, edits not undone by a reload."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from bot.kennisbank.models import KennisbankArtikel, KennisbankArtikelVersie
from bot.kennisbank.service import alle_artikelen, haal_artikel, kennisbank_stand, sla_artikelen_op

BRON = Path("kennisbank/artikelen")


def test_load_stores_every_article_with_a_first_version(session, artikelen):
    resultaat = sla_artikelen_op(session=session, artikelen=artikelen, bron_map=BRON, door="test")
    assert (resultaat.nieuw, resultaat.bijgewerkt, resultaat.ongewijzigd) == (len(artikelen), 0, 0)
    assert [a.id for a in alle_artikelen(session=session)] == sorted(a.id for a in artikelen)
    versies = session.execute(select(func.count(KennisbankArtikelVersie.id))).scalar_one()
    assert versies == len(artikelen)
    assert haal_artikel(session=session, artikel_id=artikelen[0].id) == artikelen[0]


def test_reloading_unchanged_files_changes_nothing(session, artikelen):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=BRON, door="test")
    stand = kennisbank_stand(session=session)
    resultaat = sla_artikelen_op(session=session, artikelen=artikelen, bron_map=BRON, door="test")
    assert resultaat.ongewijzigd == len(artikelen)
    assert kennisbank_stand(session=session) == stand


def test_a_changed_file_makes_a_new_version_and_changes_the_fingerprint(session, artikelen):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=BRON, door="test")
    stand = kennisbank_stand(session=session)
    gewijzigd = replace(artikelen[0], kosten="Nieuw tarief.")
    resultaat = sla_artikelen_op(session=session, artikelen=[gewijzigd, *artikelen[1:]], bron_map=BRON, door="test")
    assert resultaat.bijgewerkt == 1
    assert haal_artikel(session=session, artikel_id=gewijzigd.id).kosten == "Nieuw tarief."
    assert session.get(KennisbankArtikel, gewijzigd.id).versie == 2
    assert kennisbank_stand(session=session) != stand


def test_an_edit_in_the_database_survives_reloading_the_unchanged_file(session, artikelen):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=BRON, door="test")
    rij = session.get(KennisbankArtikel, artikelen[0].id)
    rij.inhoud = {**rij.inhoud, "kosten": "Door de redacteur aangepast."}
    session.flush()
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=BRON, door="test")
    assert haal_artikel(session=session, artikel_id=artikelen[0].id).kosten == "Door de redacteur aangepast."
