"""Kennisbank search: accuracy on the held-out test set, and the answer/choice/none decision."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.kennisbank.zoeken import Treffer, ZoekDrempels, Zoekindex, beslis, spacy_lemmatiseerder
from bot.kern.taal import load_pipeline
from tests.vragensets import lees_vragen

MIN_TOP1 = 0.90


@pytest.fixture(scope="module")
def index(artikelen) -> Zoekindex:
    return Zoekindex(artikelen, lemmatiseer=spacy_lemmatiseerder(load_pipeline()))


def test_the_test_set_is_big_and_covers_every_subject(onderwerpen):
    vragen = lees_vragen("vragen_test.yml")
    assert len(vragen) >= 200
    per_id = Counter(v.id for v in vragen)
    assert all(per_id[o.id] >= 5 for o in onderwerpen)


def test_top1_accuracy_on_the_held_out_test_set(index):
    vragen = [v for v in lees_vragen("vragen_test.yml") if v.id]
    fout = []
    for v in vragen:
        treffers = index.zoek(v.vraag)
        if not treffers or treffers[0].artikel_id != v.id:
            fout.append((v.vraag, v.id, treffers[0].artikel_id if treffers else None))
    nauwkeurigheid = 1 - len(fout) / len(vragen)
    print(f"\ntop-1 nauwkeurigheid kennisbank: {nauwkeurigheid:.1%} over {len(vragen)} vragen")
    for vraag, verwacht, gekregen in fout:
        print(f"  fout: {vraag!r}: verwacht {verwacht}, kreeg {gekregen}")
    assert nauwkeurigheid >= MIN_TOP1


def test_a_misspelled_compound_still_finds_its_article(index):
    assert index.zoek("terasvergunnig aanvragen")[0].artikel_id == "terrasvergunning"


def test_beslis_answers_when_one_article_stands_out():
    treffers = [Treffer("a", "A", 0.9), Treffer("b", "B", 0.3)]
    assert beslis(treffers) == ("antwoord", [treffers[0]])


def test_beslis_offers_a_choice_when_two_or_three_are_close():
    treffers = [Treffer("a", "A", 0.6), Treffer("b", "B", 0.58), Treffer("c", "C", 0.55), Treffer("d", "D", 0.2)]
    beslissing, keuzes = beslis(treffers)
    assert beslissing == "keuze" and [t.artikel_id for t in keuzes] == ["a", "b", "c"]


def test_beslis_says_none_when_nothing_fits():
    drempels = ZoekDrempels()
    assert beslis([Treffer("a", "A", drempels.minimum / 2)]) == ("geen", [])
    assert beslis([]) == ("geen", [])
