"""After a choice between subjects or a situation's list: what "ja", "nee" and "2" mean.

``action_beantwoord_vraag`` offers a choice when it is unsure (two subjects close together, or
subjects that may be meant where no card fits), or lists a situation's articles, and then runs
``action_na_keuze``. The rules in dialogue/kennisbank.yml follow this action, not the answer: "ja"
after a list is no "the answer helped" but a yes to it (answered by ``action_beantwoord_vraag``: the
one subject offered, or a request to tap one), and "nee" means none fits. "2", "de tweede" or a
typed title picks from the list (``gekozen_uit_lijst``).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.context import lijst_artikelen, lijst_keuzes
from actions.herhaling import eerste_nieuwe, variaties, verstuur, verstuurde_teksten
from bot.kennisbank.antwoorden import INTENT_PER_ONDERDEEL, Onderdeel, keuze_bericht, knop_payload
from bot.kennisbank.zoeken import Treffer

NAAM = "action_na_keuze"
# "1", "nummer 2", "de tweede", "optie 3", "de laatste": a pick from the list just shown.
RANGWOORDEN = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "laatste": -1}
KEUZE_NUMMER = re.compile(
    r"^\W*(?:(?:de|het|nummer|nr|optie|keuze)\W+)*(?:(\d)(?:e|ste|de)?|(" + "|".join(RANGWOORDEN) + r"))"
    r"(?:\W+(?:graag|aub|alstublieft|(?:die|dat) (?:bedoel|wil) ik|onderwerp|optie))*\W*$",
    re.IGNORECASE,
)


def bied_keuze(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], treffers: list[Treffer],
    response: str = "utter_keuze",
) -> list[dict[str, Any]]:
    """Offer ``treffers`` as a choice, introduced by a wording of ``response`` not sent before."""
    inleidingen = variaties(domain, response, tracker) or variaties(domain, "utter_keuze", tracker) or [
        "Welke past het best?"]
    inleiding = eerste_nieuwe(inleidingen, verstuurde_teksten(tracker)) or inleidingen[-1]
    verstuur(dispatcher, keuze_bericht(treffers, inleiding))
    return [FollowupAction(NAAM)]


def gekozen_uit_lijst(tekst: str, tracker: Tracker) -> str | None:
    """The subject picked from the situation or choice just shown by its number ("2", "de tweede")
    or by typing its title, else None."""
    keuzes = lijst_keuzes(tracker)
    if not keuzes:
        return None
    if gevonden := KEUZE_NUMMER.match(tekst.strip()):
        cijfer, woord = gevonden.groups()
        plek = int(cijfer) if cijfer else RANGWOORDEN[woord.lower()]
        if plek == -1 or 1 <= plek <= len(keuzes):
            return keuzes[plek - 1 if plek > 0 else -1]["id"]
        return None
    genormaliseerd = _als_titel(tekst)
    return next((k["id"] for k in keuzes if _als_titel(k.get("titel") or "") == genormaliseerd), None)


def _als_titel(tekst: str) -> str:
    return " ".join(re.findall(r"\w+", tekst.lower()))


def keuze_na_lijst(tekst: str, intent: str | None, tracker: Tracker) -> str | None:
    """The subject picked from the list just shown: by number, ordinal or title, or "ja" to a list of one."""
    return gekozen_uit_lijst(tekst, tracker) or (enige_keuze(tracker) if intent == "affirm" else None)


def enige_keuze(tracker: Tracker) -> str | None:
    """The subject of the choice just offered, when it offered only one."""
    gelijst = lijst_artikelen(tracker)
    return gelijst[0] if len(gelijst) == 1 else None


def vraag_welke_keuze(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str = "ask_question") -> list[dict[str, Any]]:
    """A yes to a choice of several subjects: ask which one (the choice stays open), with its buttons again: "tik
    op een van de knoppen" came without any where a channel had hidden the earlier ones. The buttons carry
    ``intent``, so one tapped after "hoeveel kost het?" answers with the costs."""
    knoppen = [{"title": keuze["titel"], "payload": knop_payload(intent, keuze["id"])}
               for keuze in lijst_keuzes(tracker) if keuze.get("titel")]
    dispatcher.utter_message(response="utter_kies_een_knop", buttons=knoppen or None)
    return [FollowupAction(NAAM)]


def vraag_welk_onderwerp(dispatcher: CollectingDispatcher, tracker: Tracker,
                         gevraagd: list[Onderdeel]) -> list[dict[str, Any]]:
    """A follow-up that names no subject ("hoeveel kost het?"): right after a choice, which of its subjects, with
    buttons that ask for the part asked; else which subject at all."""
    if lijst_keuzes(tracker):
        onderdeel = next((o for o in gevraagd if o in INTENT_PER_ONDERDEEL), None)
        return vraag_welke_keuze(dispatcher, tracker, INTENT_PER_ONDERDEEL.get(onderdeel, "ask_question"))
    dispatcher.utter_message(response="utter_welk_onderwerp")
    return []


class ActionNaKeuze(Action):
    """Marks the end of a turn that offered a choice; it says and changes nothing itself."""

    def name(self) -> str:
        return NAAM

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return []
