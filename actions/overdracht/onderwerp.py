"""The subject of a case from the entrepreneur's own words, not from the last card shown.

The subject decides the kind of questions (config/vragen.yml) and the team the case goes to.
"""

from __future__ import annotations

from actions.kennisbank import NASLAG, ZOEKER
from actions.vervolg import DREMPELS, WISSEL_DREMPEL
from bot.kennisbank.zoeken import Treffer, beslis
from bot.kern.invoer import is_engels
from bot.overdracht.service import ONDERWERP_ONBEKEND

# Routing a case may guess where answering may not (a card must be right; a case is forwarded):
# the best article from this score, when no other team's article comes within this share of it.
ROUTING_MINIMUM = 0.17
ROUTING_VERHOUDING = 0.75


def onderwerpen_uit_antwoorden(woorden: str, getoond: str | None) -> list[str]:
    """The subjects of the case, from the entrepreneur's own words rather than from the last card shown.

    The kennisbank search decides, with the same thresholds as for answering. A subject the words
    name clearly wins over the card shown; when the words name nothing clearly, the card's subject
    stays. When the close candidates include another team's subject, that one is added (a question
    crossing teams: one coordinator, the other team informed). Nothing at all: no subject, and the
    case goes to the Ondernemersloket.
    """
    gekozen = onderwerp_uit_woorden(woorden, getoond)
    if gekozen is None:
        return []
    kennisbank = ZOEKER.actueel()
    beslissing, beste = beslis(kennisbank.index.zoek(woorden), DREMPELS) if woorden.strip() else ("geen", [])
    teams = kennisbank.teams()
    anderen = [t.artikel_id for t in beste if beslissing != "geen" and teams.get(t.artikel_id) != teams.get(gekozen)]
    return [gekozen, *anderen[:1]]


def onderwerp_uit_woorden(woorden: str | None, getoond: str | None) -> str | None:
    """The subject the words name clearly (search decides "antwoord"), else the subject shown."""
    if not woorden or not woorden.strip():
        return getoond
    beslissing, beste = beslis(ZOEKER.actueel().index.zoek(woorden), DREMPELS)
    if beslissing == "antwoord" and (getoond is None or beste[0].artikel_id != getoond):
        kandidaten = [t.artikel_id for t in beste]
        return getoond if getoond in kandidaten[:2] and beste[0].score < WISSEL_DREMPEL else beste[0].artikel_id
    if beslissing == "antwoord" or getoond:
        return getoond or beste[0].artikel_id
    situatie = NASLAG.actueel().herken_situatie(woorden)  # "we willen de winkel uitbreiden ...": its main article
    if situatie is not None and situatie.artikelen:
        return situatie.artikelen[0].artikel
    return team_gok(woorden, beste_voor_routing(woorden))


def beste_voor_routing(woorden: str) -> list[Treffer]:
    """The search's best articles for routing a case: the Ondernemersloket's own article (contact,
    calling back) is left out, since asking for a person is what every handoff does."""
    return [t for t in ZOEKER.actueel().index.zoek(woorden) if t.artikel_id != ONDERWERP_ONBEKEND]


def team_gok(woorden: str, treffers: list[Treffer]) -> str | None:
    """Too unsure to show a card, yet good enough to route: the best article when it shares two words
    with the question, or one of its search terms ("geen idee" is no subject), and it stands out or
    the articles close to it are all its team's ("een zomerfeest met een bandje": sound and events,
    both the events team), or they share fewer of its words. A wrong team forwards the case; no team sends it
    to the loket."""
    index = ZOEKER.actueel().index
    if not treffers or treffers[0].score < ROUTING_MINIMUM or len(index.inhoudswoorden(woorden)) < 3:
        return None  # "geen idee", "weet ik niet": no story to route by
    if is_engels(woorden):
        return None  # Dutch search terms in English words are chance, not a subject
    gedeeld, kern = index.gedeelde_woorden(woorden, treffers[0].artikel_id)
    if len(gedeeld) < 2 and not kern:
        return None
    teams = ZOEKER.actueel().teams()
    # a close article of another team counts only when the story's words name it as much: close scores can
    # come from one word ("aan de Markt" is an address, not the market)
    dichtbij = [t for t in treffers[1:3] if t.score >= treffers[0].score * ROUTING_VERHOUDING
                and len(index.gedeelde_woorden(woorden, t.artikel_id)[0]) >= len(gedeeld)]
    return treffers[0].artikel_id if all(teams.get(t.artikel_id) == teams.get(treffers[0].artikel_id) for t in dichtbij) else None
