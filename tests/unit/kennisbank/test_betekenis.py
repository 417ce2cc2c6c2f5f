"""The meaning of a question next to its words (bot/kennisbank/betekenis.py): it confirms the words' best article,
doubts a card on weak words that it places elsewhere, never decides alone, and its vectors of the kennisbank's texts are kept in a cache file."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bot.kennisbank.betekenis import (
    MAX_BETEKENIS_TEKENS,
    Betekenis,
    BetekenisDrempels,
    Betekenisindex,
    leesbare_tekst,
    teksten_van,
    weeg,
)
from bot.kennisbank.zoeken import Treffer
from tests.security.vijandig import MB, vijandige_teksten


def treffers(*scores: tuple[str, float]) -> list[Treffer]:
    return [Treffer(artikel_id=artikel_id, titel=artikel_id, score=score) for artikel_id, score in scores]


def kaart_na(index: Betekenisindex, vraag: str, lijst: list[Treffer],
             drempels: BetekenisDrempels = BetekenisDrempels()) -> str | None:
    """The card once the meaning weighed words that gave none."""
    beslissing, beste = weeg(index, vraag, "geen", [], lijst, drempels)
    return beste[0].artikel_id if beslissing == "antwoord" else None


def na_kaart(index: Betekenisindex, vraag: str, lijst: list[Treffer]) -> tuple[str, list[str]]:
    """The decision once the meaning weighed the words' card for the first of ``lijst``."""
    beslissing, beste = weeg(index, vraag, "antwoord", lijst[:1], lijst)
    return beslissing, [treffer.artikel_id for treffer in beste]


@pytest.fixture
def betekenis(tmp_path) -> Betekenis:
    return Betekenis(tmp_path / "vectoren.npz")


@pytest.fixture
def index(artikelen, betekenis) -> Betekenisindex:
    gekozen = [a for a in artikelen if a.id in ("terrasvergunning", "weekmarkt", "openbare-ruimte")]
    return Betekenisindex.bouw(gekozen, betekenis)


def test_the_meaning_confirms_the_words_best_article_when_both_agree(index):
    vraag = "Stoeltjes buiten zetten voor mijn zaak?"  # no word of the terrace article: the words score it low
    assert index.dichtstbij(vraag)[0] == "terrasvergunning"
    assert kaart_na(index, vraag, treffers(("terrasvergunning", 0.34), ("openbare-ruimte", 0.2))) == "terrasvergunning"


def test_the_meaning_never_picks_another_article_than_the_words_best(index):
    """The words rank the market first by a little, the meaning is the terrace's: no card (precision first)."""
    vraag = "Stoeltjes buiten zetten voor mijn zaak?"
    assert kaart_na(index, vraag, treffers(("weekmarkt", 0.36), ("terrasvergunning", 0.33))) is None


def test_the_meaning_never_decides_alone(index):
    vraag = "Stoeltjes buiten zetten voor mijn zaak?"
    # the words hardly point at it: no card, however alike the meaning
    assert kaart_na(index, vraag, treffers(("terrasvergunning", 0.29))) is None
    # the words point at it less than their bar: the meaning does not lift it
    assert kaart_na(index, vraag, treffers(("weekmarkt", 0.34), ("terrasvergunning", 0.29))) is None
    assert kaart_na(index, vraag, []) is None
    # nothing near enough in meaning
    streng = replace(BetekenisDrempels(), betekenis=0.999)
    assert kaart_na(index, vraag, treffers(("terrasvergunning", 0.34)), streng) is None


MARKT = "Hoe kom ik aan een vast plekje tussen de kramen op woensdagochtend?"  # the market's, in meaning


def test_the_meaning_doubts_a_card_on_weak_words_that_it_places_elsewhere(index):
    """Cards on weak words whose article is far in meaning and another's near were mostly wrong (docs/zoeken.md):
    a choice between the two when the words found the other one too, else no card."""
    assert na_kaart(index, MARKT, treffers(("terrasvergunning", 0.40), ("weekmarkt", 0.15))) == (
        "keuze", ["terrasvergunning", "weekmarkt"])
    assert na_kaart(index, MARKT, treffers(("terrasvergunning", 0.40), ("openbare-ruimte", 0.15))) == ("geen", [])


def test_the_meaning_keeps_a_card_on_strong_words_or_that_it_confirms(index):
    # the words are clear: the meaning is not asked
    assert na_kaart(index, MARKT, treffers(("terrasvergunning", 0.55), ("weekmarkt", 0.15))) == (
        "antwoord", ["terrasvergunning"])
    # weak words, but the meaning agrees
    assert na_kaart(index, MARKT, treffers(("weekmarkt", 0.40), ("terrasvergunning", 0.15))) == ("antwoord", ["weekmarkt"])
    # nothing readable to weigh: the words' card
    assert na_kaart(index, "😀" * 50, treffers(("weekmarkt", 0.40))) == ("antwoord", ["weekmarkt"])


def test_of_two_articles_the_words_found_well_the_meaning_takes_the_clearly_nearer(index):
    """"het afval van mijn kapsalon, mag dat in de grijze bak thuis": the words found the business at home a little
    better than the waste, the meaning clearly the waste (docs/zoeken.md, "Round sixteen")."""
    assert index.gelijkenissen(MARKT)["weekmarkt"] - index.gelijkenissen(MARKT)["terrasvergunning"] >= 0.03
    assert na_kaart(index, MARKT, treffers(("terrasvergunning", 0.60), ("weekmarkt", 0.45))) == ("antwoord", ["weekmarkt"])
    # the second far behind in words: the words' card stays, whatever the meaning
    assert na_kaart(index, MARKT, treffers(("terrasvergunning", 0.60), ("weekmarkt", 0.30))) == (
        "antwoord", ["terrasvergunning"])
    # the meaning not clearly nearer: the words' card stays
    voorzichtig = replace(BetekenisDrempels(), wissel_verschil=0.5)
    lijst = treffers(("terrasvergunning", 0.60), ("weekmarkt", 0.45))
    assert weeg(index, MARKT, "antwoord", lijst[:1], lijst, voorzichtig) == ("antwoord", lijst[:1])


def test_the_meaning_settles_a_choice_it_places_clearly(index):
    lijst = treffers(("terrasvergunning", 0.40), ("weekmarkt", 0.38))
    beslissing, beste = weeg(index, MARKT, "keuze", lijst, lijst)
    assert (beslissing, [t.artikel_id for t in beste]) == ("antwoord", ["weekmarkt"])
    voorzichtig = replace(BetekenisDrempels(), wissel_verschil=0.5)
    assert weeg(index, MARKT, "keuze", lijst, lijst, voorzichtig) == ("keuze", lijst)


def test_the_vectors_of_the_kennisbank_are_read_from_the_cache(artikelen, betekenis, tmp_path, monkeypatch):
    gekozen = [a for a in artikelen if a.id == "weekmarkt"]
    eerst = Betekenisindex.bouw(gekozen, betekenis)
    assert (tmp_path / "vectoren.npz").exists() and eerst.matrix.shape[0] == len(eerst.artikel_ids)
    # another process (a new Betekenis on the same file) embeds nothing: every vector comes from the cache
    monkeypatch.setattr(Betekenis, "_model", staticmethod(lambda: pytest.fail("embedded again")))
    opnieuw = Betekenisindex.bouw(gekozen, Betekenis(tmp_path / "vectoren.npz"))
    assert np.array_equal(opnieuw.matrix, eerst.matrix) and opnieuw.artikel_ids == eerst.artikel_ids


def test_a_broken_cache_is_rebuilt(artikelen, tmp_path):
    cache = tmp_path / "vectoren.npz"
    cache.write_bytes(b"geen npz")
    gekozen = [a for a in artikelen if a.id == "weekmarkt"]
    index = Betekenisindex.bouw(gekozen, Betekenis(cache))
    assert index.dichtstbij("plekje op de markt met mijn kraam")[0] == "weekmarkt"
    assert len(np.load(cache)["sleutels"]) == len({tekst for artikel in gekozen for tekst in teksten_van(artikel)})


def test_the_meaning_reads_a_bounded_part_of_hostile_text(index, monkeypatch):
    """The embedding's time grows with the tokens (2 s for 2,000 emoji): it reads letters, digits and punctuation,
    at most MAX_BETEKENIS_TEKENS characters, the start and the end of a long message."""
    gelezen: list[str] = []
    model = Betekenis._model()
    monkeypatch.setattr(Betekenis, "_model", staticmethod(lambda: type("M", (), {
        "query": staticmethod(lambda tekst: gelezen.append(tekst) or model.query(tekst))})))
    for _, tekst in vijandige_teksten(MB):
        index.dichtstbij(tekst)
    assert gelezen and all(len(tekst) <= MAX_BETEKENIS_TEKENS + 5 for tekst in gelezen)
    assert index.dichtstbij("😀" * 5000) == (None, 0.0)  # nothing readable: nothing embedded
    verhaal = "Wij hebben een lunchroom aan het plein. " * 20 + "Mag ik stoeltjes buiten zetten?"
    assert leesbare_tekst(verhaal).endswith("Mag ik stoeltjes buiten zetten?")


def test_a_cache_that_cannot_be_written_only_costs_time(artikelen, tmp_path):
    """A read-only image or a wrong path: the vectors are embedded and used, a warning is logged."""
    (tmp_path / "bestand").write_text("geen map")
    gekozen = [a for a in artikelen if a.id == "weekmarkt"]
    index = Betekenisindex.bouw(gekozen, Betekenis(tmp_path / "bestand" / "vectoren.npz"))
    assert index.dichtstbij("plekje op de markt met mijn kraam")[0] == "weekmarkt"
