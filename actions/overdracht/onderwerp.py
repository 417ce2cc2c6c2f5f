"""The subject of a case from the entrepreneur's own words, not from the last card shown.

The subject decides the kind of questions (config/vragen.yml) and the team the case goes to.
"""

from __future__ import annotations

from actions.kennisbank import DREMPELS, NASLAG, WISSEL_DREMPEL, ZOEKER
from bot.kennisbank.zoeken import beslis


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
    return situatie.artikelen[0].artikel if situatie is not None and situatie.artikelen else None
