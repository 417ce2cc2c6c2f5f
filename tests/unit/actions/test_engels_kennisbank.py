"""An English speaker and an article without English texts (kennisbank/SCHEMA.md, ``engels_*``): the Dutch short
answer and parts, said to be in Dutch, with the link; the card marked Dutch."""

from __future__ import annotations

from dataclasses import replace

import pytest

import actions.engels as engels_acties
import actions.kennisbank as kennisbank_acties
from actions.engels import ActionEngels
from bot.kennisbank.artikel import ENGELS_VELDEN
from bot.kennisbank.service import sla_artikelen_op
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import transaction
from tests.unit.actions.hulp import run, tracker


@pytest.fixture
def zonder_engels(engine, artikelen, monkeypatch, tmp_path) -> KennisbankZoeker:
    """The real kennisbank with every English text left out."""
    kaal = [replace(artikel, **dict.fromkeys(ENGELS_VELDEN)) for artikel in artikelen]
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=kaal, bron_map=tmp_path, door="test")
    zoeker = KennisbankZoeker(engine)
    monkeypatch.setattr(kennisbank_acties, "ZOEKER", zoeker)
    monkeypatch.setattr(engels_acties, "ZOEKER", zoeker)
    return zoeker


def test_without_english_texts_the_dutch_ones_said_so(zonder_engels):
    eerste, _ = run(ActionEngels(), tracker("Do I need a permit for a terrace at my restaurant?", "english"))
    artikel = zonder_engels.actueel().artikel("terrasvergunning")
    assert eerste[0]["text"].startswith(f'This is about "{artikel.titel}". The information is in Dutch.')
    assert artikel.kort_antwoord in eerste[0]["text"] and eerste[0]["custom"]["kennisbank"]["taal"] == "nl"
    t = tracker("how much does it cost?", "english", slots={"taal": "en"})
    t.events[:0] = [{"event": "bot", "text": eerste[0]["text"], "data": {"custom": eerste[0]["custom"]}}]
    berichten, _ = run(ActionEngels(), t)
    assert berichten[0]["text"].startswith(f'About "{artikel.titel}", the costs (in Dutch):')
    assert artikel.kosten in berichten[0]["text"] and berichten[0]["custom"]["kennisbank"]["taal"] == "nl"


def test_every_article_has_its_short_answer_in_english(artikelen):
    """English speakers get a short English answer for every subject (the issue: "where the kennisbank allows")."""
    assert [a.id for a in artikelen if not a.engels_kort] == []
