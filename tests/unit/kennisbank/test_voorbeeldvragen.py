"""Example questions (``voorbeeldvragen``): a signal of the search, and never a held-out question.

The examples come from the development sets. The held-out sets (``tests/data/vreemd``, and the older
test set ``vragen_test.yml``) measure the assistant on questions it has not seen: none of their questions
may be an example, or the measurement would be worth nothing.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import yaml

from bot.kennisbank.loader import vraag_sleutel
from bot.kennisbank.zoeken import ZoekGewichten, Zoekindex, spacy_lemmatiseerder
from bot.kern.taal import load_pipeline
from tests.vragensets import DATA

HELD_OUT = [DATA / "vragen_test.yml", *sorted((DATA / "vreemd").glob("*.yml"))]


def teksten(data: object) -> list[str]:
    """Every string in a question file (questions, follow-ups, conversation turns)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [t for waarde in data.values() for t in teksten(waarde)]
    if isinstance(data, list):
        return [t for waarde in data for t in teksten(waarde)]
    return []


@pytest.fixture(scope="module")
def lemmatiseer():
    return spacy_lemmatiseerder(load_pipeline())


def test_no_held_out_question_is_an_example(artikelen):
    voorbeelden = {vraag_sleutel(v) for a in artikelen for v in a.voorbeeldvragen}
    assert len(voorbeelden) > 500
    for bestand in HELD_OUT:
        lekken = voorbeelden & {vraag_sleutel(t) for t in teksten(yaml.safe_load(bestand.read_text(encoding="utf-8")))}
        assert not lekken, f"{bestand.name}: {sorted(lekken)[:3]}"


def test_an_example_question_lifts_its_article_and_only_that_one(artikelen, lemmatiseer):
    vraag = "wij willen met de buurt een kerstmarkt met glühwein op het pleintje"
    kaal = [replace(a, voorbeeldvragen=()) for a in artikelen]
    met = [replace(a, voorbeeldvragen=(vraag,)) if a.id == "evenementenvergunning" else a for a in kaal]
    ids = [a.id for a in artikelen]
    voor, na = Zoekindex(kaal, lemmatiseer=lemmatiseer).scores(vraag), Zoekindex(met, lemmatiseer=lemmatiseer).scores(vraag)
    i = ids.index("evenementenvergunning")
    assert na[i] > voor[i]
    assert np.allclose(np.delete(na, i), np.delete(voor, i))


def test_many_examples_do_not_dilute_an_articles_own_words(artikelen, lemmatiseer):
    """An article counts its most similar example: more examples about other things leave a question
    that names its title as strong as before (more search terms would lower it)."""
    kaal = [replace(a, voorbeeldvragen=()) for a in artikelen]
    veel = [replace(a, voorbeeldvragen=tuple(f"vraag over iets heel anders nummer {n}" for n in range(100)))
            if a.id == "terrasvergunning" else a for a in kaal]
    vraag = "terrasvergunning aanvragen"
    i = [a.id for a in artikelen].index("terrasvergunning")
    assert Zoekindex(veel, lemmatiseer=lemmatiseer).scores(vraag)[i] >= Zoekindex(kaal, lemmatiseer=lemmatiseer).scores(vraag)[i]


def test_the_example_signal_can_be_switched_off(artikelen, lemmatiseer):
    vraag = "mag k mn terras ff groter maken"
    zonder = Zoekindex(artikelen, lemmatiseer=lemmatiseer, gewichten=ZoekGewichten(voorbeelden=0))
    kaal = Zoekindex([replace(a, voorbeeldvragen=()) for a in artikelen], lemmatiseer=lemmatiseer)
    assert np.allclose(zonder.scores(vraag), kaal.scores(vraag))
