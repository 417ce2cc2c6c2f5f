"""Which subject a follow-up is about, and which subjects a message of several questions names.

A follow-up ("en wat kost dat?") stays with the conversation's subject unless it clearly names another one; a
message with two questions ("heb ik een vergunning nodig en hoe lang duurt dat?") is split into its questions,
each grouped with the subject it names. The bars here are shared by every action that searches the kennisbank.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.context import vraagt_of_het_ook_geldt
from bot.kennisbank.antwoorden import kan_niet_betalen, vraagdelen
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.betekenis import BetekenisDrempels
from bot.kennisbank.passage import Passage, zoek_passage
from bot.kennisbank.zoeken import Treffer, ZoekDrempels, beslis
from bot.kennisbank.zoeker import Kennisbank
from bot.kern.invoer import is_vraag_van_vorm
from bot.overdracht.service import OverdrachtRegels

DREMPELS = ZoekDrempels()
# A follow-up question ("en wat kost dat?") stays with the current subject unless the new
# question clearly names another subject. The bars below were set on the development sets before the
# example questions counted (0.45, 0.35, 0.5) and moved with them: as many questions pass them now.
WISSEL_DREMPEL = 0.60
# A second subject in one message ("... moet de exploitatievergunning opnieuw? en mag de gokkast
# blijven staan"): its part is short, so it scores lower. On the development sets 0.35 found both
# subjects of 25 of 70 two-part questions (0.45: 8), and a second subject in 6 of 975 others.
DEEL_DREMPEL = 0.48
# A question that scores the current subject at least this share of the best one stays with it, if that
# score is more than the similarity any question has to some example question ("waarom heb ik nog niks
# gehoord" scores every subject about 0.1: it names none of them).
HUIDIG_AANDEEL = 0.4
HUIDIG_MINIMUM = 0.15
# A wish or a plan in a part of a message ("ik zoek een winkelpand", "ik ga verbouwen", "heb ... nodig"): something
# asked, even without a question's form.
WENS = re.compile(r"\b(?:wil|wilde|willen|wou|zoek|zoeken|ga|gaan|nodig|graag|moet|moeten|mag|mogen|kan|kunnen)\b",
                  re.IGNORECASE)


def passage_van_vervolg(kennisbank: Kennisbank, artikel: Artikel, tracker: Tracker) -> Passage | None:
    """The sentence of ``artikel`` that answers the message typed (never for a button's payload)."""
    tekst = tracker.latest_message.get("text") or ""
    return None if tekst.startswith("/") else zoek_passage(kennisbank.index, artikel, tekst)


def antwoord_in_huidig(kennisbank: Kennisbank, huidig: Artikel | None, tekst: str, ander_genoemd: bool) -> bool:
    """A follow-up that a sentence of the current article answers stays with it, unless another subject is named
    clearly: "hoeveel ruimte moet er overblijven voor voetgangers" after the terrace is no question about the
    pedestrian area's delivery hours. "geldt dat ook voor het terras buiten" after the closing times names the
    terrace clearly, but asks about the closing times."""
    if huidig is None or (ander_genoemd and not vraagt_of_het_ook_geldt(tekst)):
        return False
    return zoek_passage(kennisbank.index, huidig, tekst) is not None


def noemt_huidig(treffers: list[Treffer], huidig: Artikel) -> bool:
    """A new question that still touches the current subject ("ik heb al een terras, ..."), while
    no other subject stands out clearly: it is a follow-up on the current subject."""
    score = score_van(treffers, huidig.id)
    return bool(treffers) and score >= max(HUIDIG_MINIMUM, HUIDIG_AANDEEL * treffers[0].score)


def zorg_gaat_voor(kennisbank: Kennisbank, tekst: str, treffers: list[Treffer], regels: OverdrachtRegels) -> Treffer | None:
    """Money trouble told in the middle of another subject ("ik kan door het omzetverlies de huur niet meer betalen"
    after the road works): the article with care that is nearest in meaning, when the entrepreneur says they cannot
    pay (``antwoorden.kan_niet_betalen``). The search misses it: it drops "niet" and reads "betalen" as asking for
    the costs. Worry is never answered with "that is not in what I know about the road works"."""
    if not kan_niet_betalen(tekst):
        return None
    gelijkenissen = kennisbank.gelijkenissen(tekst)
    zorg = max((a for a in regels.altijd_met_zorg if a in gelijkenissen), key=gelijkenissen.__getitem__, default=None)
    artikel = kennisbank.artikel(zorg)
    if artikel is None or gelijkenissen[artikel.id] < BetekenisDrempels().betekenis:
        return None
    return Treffer(artikel.id, artikel.titel, score_van(treffers, artikel.id))


def score_van(treffers: list[Treffer], artikel_id: str) -> float:
    """The score of ``artikel_id`` among the hits, 0 when it is none of them."""
    return next((t.score for t in treffers if t.artikel_id == artikel_id), 0.0)


def vragen_per_onderwerp(kennisbank: Kennisbank, tekst: str) -> list[tuple[Artikel, str]]:
    """The questions of a message grouped by the subject each one clearly names, in the order
    asked: (article, the words of its questions). A question that names no subject ("en hoe lang
    duurt dat?") belongs to the subject before it; one before any subject, to the first."""
    groepen: list[tuple[str, list[str]]] = []
    zonder: list[str] = []
    for deel in vraagdelen(tekst):
        beslissing, beste = beslis(kennisbank.index.zoek(deel), DREMPELS)
        if beslissing == "antwoord" and beste[0].score >= DEEL_DREMPEL:
            groep = next((g for g in groepen if g[0] == beste[0].artikel_id), None)
            if groep is None:
                groepen.append((beste[0].artikel_id, [*zonder, deel]))
                zonder = []
            else:
                groep[1].append(deel)
        elif groepen:
            groepen[-1][1].append(deel)
        else:
            zonder.append(deel)
    return [(kennisbank.artikel(artikel_id), " ".join(delen)) for artikel_id, delen in groepen]


def hoofdonderwerp_eerst(groepen: list[tuple[Artikel, str]], hoofd_id: str) -> list[tuple[Artikel, str]]:
    """The questions per subject with the subject the whole message is clearly about first, when what came before it
    only sets the scene ("ik huur een winkelpand." before a question about the OZB): that is no subject the
    entrepreneur asked about, so not offered as one. Two questions, or a wish and a question ("ik zoek een
    winkelpand, en mag ik daar op zondag open?"), keep the order asked."""
    plek = next((i for i, (artikel, _) in enumerate(groepen) if artikel.id == hoofd_id), None)
    if not plek or any(is_vraag_van_vorm(woorden) or WENS.search(woorden) for _, woorden in groepen[:plek]):
        return groepen
    return groepen[plek:]
