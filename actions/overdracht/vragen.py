"""The questions of the probing form: ``action_ask_<slot>``, each with ``custom.vraag``.

The last question shows the collected answers back for confirmation; its words are in
``teksten/acties/bevestiging/``.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.herhaling import eerste_nieuwe, heeft_nieuwe_variatie, ingevuld, nog_eens, variaties, verstuurde_teksten
from actions.overdracht.antwoorden import ONDERDEEL_SLOTS
from actions.overdracht.formulier import (
    details_van,
    eigen_berichten,
    in_taal,
    inhoud_stappen,
    open_detail,
    soorten,
    tekst_labels,
)
from bot.kern.teksten import tekst
from bot.overdracht.uitlezen import belmoment_in
from bot.overdracht.vragen import STANDAARD_STAPPEN

# The slots the summary shows, each passed to the template by its own name.
SAMENVATTING_SLOTS = ["wat", "waarom", "hoe", "bedrijfsnaam", "kvk_nummer", "contactnaam", "telefoon", "email"]


def vraag_payload(stap: str, tracker: Tracker) -> dict[str, Any]:
    """``custom.vraag`` of shared/berichten.md: which step of the form, about which subject."""
    return {"vraag": {"stap": stap, "onderwerp": tracker.get_slot("onderwerp")}}


def sinds_gebruiker(tracker: Tracker) -> list[str]:
    """The bot's texts since the entrepreneur's latest message."""
    teksten: list[str] = []
    for event in tracker.events or []:
        if event.get("event") == "user":
            teksten = []
        elif event.get("event") == "bot" and event.get("text"):
            teksten.append(event["text"])
    return teksten


def al_gevraagd(tracker: Tracker) -> bool:
    """The answer's validation just asked for what is missing (its last text is a question)."""
    gezegd = sinds_gebruiker(tracker)
    return bool(gezegd) and gezegd[-1].rstrip().endswith("?")


class ActionVraagStap(Action):
    """Asks one step of the probing form, with ``custom.vraag``."""

    slot = ""
    stap = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if al_gevraagd(tracker):  # "Dank u. Op welk telefoonnummer ...?": not asked a second time
            dispatcher.utter_message(json_message=vraag_payload(self.stap, tracker))
        elif heeft_nieuwe_variatie(domain, f"utter_ask_{self.slot}", tracker):
            dispatcher.utter_message(response=f"utter_ask_{self.slot}", json_message=vraag_payload(self.stap, tracker))
        elif sinds_gebruiker(tracker):  # every wording sent: the message about the answer (utter_contact_ongeldig) asks
            dispatcher.utter_message(json_message=vraag_payload(self.stap, tracker))
        else:  # every wording sent and nothing said yet (a part of the summary corrected): asked once more, in words
            wijzen = [ingevuld(t, tracker) for t in variaties(domain, f"utter_ask_{self.slot}", tracker)]
            dispatcher.utter_message(text=nog_eens(wijzen, verstuurde_teksten(tracker), tracker.get_slot("taal")),
                                     json_message=vraag_payload(self.stap, tracker))
        return []


class ActionAskWat(ActionVraagStap):
    slot, stap = "wat", "wat"


class ActionAskWaarom(ActionVraagStap):
    slot, stap = "waarom", "waarom"


class ActionAskHoe(ActionVraagStap):
    slot, stap = "hoe", "hoe"


class ActionAskBedrijf(ActionVraagStap):
    slot, stap = "bedrijf", "bedrijf"


class ActionAskContact(ActionVraagStap):
    """Asks only for what is missing: the name told earlier ("mijn naam is Sanne de Vries") is not asked again."""

    slot, stap = "contact", "contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        bereikbaar = tracker.get_slot("telefoon") or tracker.get_slot("email")
        if al_gevraagd(tracker) or bool(tracker.get_slot("contactnaam")) == bool(bereikbaar):
            return super().run(dispatcher, tracker, domain)
        response = "utter_ask_contact_nummer" if tracker.get_slot("contactnaam") else "utter_ask_contact_naam"
        dispatcher.utter_message(response=response, json_message=vraag_payload(self.stap, tracker))
        return []


class ActionAskToestemming(ActionVraagStap):
    slot, stap = "toestemming", "toestemming"


class ActionAskDetail(Action):
    """Asks the next kind-specific question of config/vragen.yml (an invoice number, the date of an
    event), in a wording not sent before; ``custom.vraag.stap`` is that step's own name."""

    def name(self) -> str:
        return "action_ask_detail"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stap = open_detail(tracker)
        if stap is None:
            return []
        vraag = soorten().stappen[stap]
        wijzen = vraag.vraag_en if tracker.get_slot("taal") == "en" else vraag.vraag
        verstuurd = verstuurde_teksten(tracker)
        if al_gevraagd(tracker) or (sinds_gebruiker(tracker) and eerste_nieuwe(wijzen, verstuurd) is None):
            dispatcher.utter_message(json_message=vraag_payload(stap, tracker))  # the message about the answer asks
        else:  # a new wording, or (every one sent, nothing said yet) the question once more, in words
            dispatcher.utter_message(text=eerste_nieuwe(wijzen, verstuurd) or nog_eens(wijzen, verstuurd, tracker.get_slot("taal")),
                                     json_message=vraag_payload(stap, tracker))
        return [SlotSet("detail_stap", stap)]


class ActionAskAanpassen(Action):
    """"Aanpassen": which part? One button per part of the summary."""

    def name(self) -> str:
        return "action_ask_aanpassen"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        titels = [titel for _, titel in onderdelen(tracker)]
        wijzen = [tekst(in_taal("acties/bevestiging/welk_deel.txt", tracker), keer=keer) for keer in range(2)]
        dispatcher.utter_message(text=eerste_nieuwe(wijzen, verstuurde_teksten(tracker)),
                                 buttons=[{"title": titel, "payload": titel} for titel in titels],
                                 json_message=vraag_payload("bevestiging", tracker))
        return []


def onderdelen(tracker: Tracker) -> list[tuple[str, str]]:
    """The parts of the summary as (part, label), in its order."""
    labels = tekst_labels(tracker)
    delen = [(stap, labels[stap] if stap in STANDAARD_STAPPEN else soorten().stappen[stap].label)
             for stap in getoonde_stappen(tracker)]
    return delen + [(deel, labels[deel]) for deel in ONDERDEEL_SLOTS]


def getoonde_stappen(tracker: Tracker) -> list[str]:
    """The content parts of the summary: this kind's questions, and the question itself ("wat")
    when it came from the conversation although this kind does not ask it (a complaint, money trouble)."""
    stappen = inhoud_stappen(tracker)
    return stappen if "wat" in stappen or not tracker.get_slot("wat") else ["wat", *stappen]


class ActionAskBevestiging(Action):
    """Shows the summary back for confirmation or correction."""

    def name(self) -> str:
        return "action_ask_bevestiging"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text=samenvatting(tracker),
            buttons=[{"title": tekst(in_taal("acties/bevestiging/knop_klopt.txt", tracker)), "payload": "/affirm"},
                     {"title": tekst(in_taal("acties/bevestiging/knop_aanpassen.txt", tracker)), "payload": "/deny"}],
            json_message=vraag_payload("bevestiging", tracker),
        )
        return []


def _kern(tekst: str) -> str:
    """The words of a text, to compare two answers whatever their punctuation."""
    return " ".join(re.findall(r"\w+", tekst.lower()))


# A part of the summary is shown up to about this many words; the medewerker reads the whole conversation.
MAX_WOORDEN_GETOOND = 45


def zonder_eerder(waarde: str, eerder: list[str]) -> str | None:
    """A part's answer without what an earlier part already shows (the planning read from the story holds the
    story again); None when nothing of its own is left."""
    if any(_kern(waarde) in _kern(vorige) for vorige in eerder):
        return None  # all of it shown before
    rest = _kern(waarde)
    for vorige in eerder:
        rest = rest.replace(_kern(vorige), " ") if _kern(vorige) else rest
    if rest.split() == _kern(waarde).split():
        return waarde  # nothing of it shown before
    if len(rest.split()) < 2:
        return None
    zinnen = [zin for zin in re.split(r"(?<=[.!?])\s+", waarde) if _kern(zin) and _kern(zin) in rest]
    return " ".join(zinnen) or None


def ingekort(tekst: str) -> str:
    """The first sentences of a long answer, to about ``MAX_WOORDEN_GETOOND`` words, with "…" when cut."""
    woorden = tekst.split()
    if len(woorden) <= MAX_WOORDEN_GETOOND:
        return tekst
    getoond: list[str] = []
    for zin in re.split(r"(?<=[.!?])\s+", tekst):
        if len(" ".join([*getoond, zin]).split()) > MAX_WOORDEN_GETOOND:
            break
        getoond.append(zin)
    return (" ".join(getoond) if getoond else " ".join(woorden[:MAX_WOORDEN_GETOOND])) + " …"


def samenvatting(tracker: Tracker) -> str:
    """The collected answers as the entrepreneur reads them back: the content of this kind of case,
    in its order, then company and contact."""
    details = details_van(tracker)
    labels = tekst_labels(tracker)
    inhoud, getoond = [], []
    for stap in getoonde_stappen(tracker):
        waarde = tracker.get_slot(stap) if stap in STANDAARD_STAPPEN else details.get(stap)
        label = labels[stap] if stap in STANDAARD_STAPPEN else soorten().stappen[stap].label
        if waarde and (nieuw := zonder_eerder(str(waarde), getoond)):  # not the story again
            getoond.append(str(waarde))
            inhoud.append((label, ingekort(nieuw)))
    wijzen = [tekst(in_taal("acties/bevestiging/vraag.txt", tracker), inhoud=inhoud, keer=keer,
                    eerder_zaaknummer=tracker.get_slot("eerder_zaaknummer"),
                    belmoment=belmoment_in([bericht for bericht, _ in eigen_berichten(tracker)]),
                    **{slot: tracker.get_slot(slot) for slot in SAMENVATTING_SLOTS}) for keer in range(3)]
    return eerste_nieuwe(wijzen, verstuurde_teksten(tracker)) or wijzen[-1]  # shown again: in other words
