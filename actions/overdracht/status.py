"""The status of the entrepreneur's own cases. A case number from another conversation is only
shown after the phone number or e-mail address on file is given and the one-time code sent to what
is on file is typed back (``status_form``, actions/overdracht/statuscode.py).

Without a case in this conversation, "wanneer hoor ik of ik hem krijg?" after a kennisbank answer is
a question about that subject (how long it takes), not about a case: the kennisbank answers it. So does a
first question that names its subject clearly ("hoe lang duurt het voor ik antwoord krijg op mijn
terrasvergunning?").
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.context import overdracht_in_gesprek, overgedragen, wil_sneller
from actions.herhaling import eerste_nieuwe, verstuurde_teksten
from actions.overdracht.formulier import kanaal_van, voornaam
from actions.vervolg import DREMPELS  # as for answering: a card must be right
from bot.beloften.berichten import leesbaar_moment
from bot.beloften.klacht import belofte_niet_nagekomen
from bot.kennisbank.zoeken import beslis
from bot.kennisbank.zoeker import gedeelde_zoeker
from bot.kern.db import transaction
from bot.kern.invoer import is_vraag_van_vorm
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
from bot.overdracht.uitlezen import belmoment_in, kaal_moment, vraagt_persoon, zonder_telefoon
from bot.zaken.models import ZAAKNUMMER_PATTERN, BelofteStatus, Zaak
from bot.zaken.service import vraag_intrekking, werk_belmoment_bij, zaak_op_nummer, zaken_van_kanaal
from bot.zaken.verificatiecode import zaak_na_controle

# Words about a case or an application of one's own ("mijn zaak", "wanneer word ik gebeld", "mijn
# aanvraagnummer is 2024-1187, hoever is het"): such a question stays a status question, also while
# the conversation is about a kennisbank subject.
OVER_EEN_ZAAK = re.compile(
    r"\b(?:zaak|zaaknummer|zaken|status|medewerker|accountmanager|doorgegeven|gebeld|bellen|belt|"
    r"teruggebeld|terugbellen|gemaild|mailen|contact|\w*nummer|kenmerk|hoever|hoe ver|stand van zaken)\b|\d{3,}",
    re.IGNORECASE,
)
ZOEKER = gedeelde_zoeker()


@dataclass(frozen=True)
class Zaakstand:
    """One case as the entrepreneur is told about it, read inside the transaction."""

    tekst: str
    nummer: str
    status: str

    def verstuur(self, dispatcher: CollectingDispatcher, eerder: list[str] | None = None) -> None:
        """Send the status; when exactly this was already said in the conversation, say that nothing changed."""
        bericht = self.tekst if self.tekst not in (eerder or []) else tekst("acties/status/ongewijzigd.txt", stand=self.tekst)
        dispatcher.utter_message(text=bericht, json_message={"zaak": {"nummer": self.nummer, "status": self.status}})

    @classmethod
    def van(cls, zaak: Zaak) -> Zaakstand:
        return cls(tekst=status_tekst(zaak), nummer=zaak.nummer, status=zaak.status)


@dataclass(frozen=True)
class Statusantwoord:
    """What ``action_status`` answers: a response without cases, or the cases that may be shown."""

    response: str | None = None
    zaken: tuple[Zaakstand, ...] = ()
    te_controleren: str | None = None  # a case number of another conversation: ask for the contact detail first


class ActionStatus(Action):
    """The status of the entrepreneur's own cases, or of the case number in the message."""

    def name(self) -> str:
        return "action_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if await asyncio.to_thread(over_de_zaak, dispatcher, tracker):  # "kan hij ook dinsdag na 2 uur bellen?"
            return []
        gevonden = ZAAKNUMMER_PATTERN.search(tracker.latest_message.get("text") or "")
        antwoord = await asyncio.to_thread(
            zoek_status, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id,
            nummer=gevonden.group(0).upper() if gevonden else None,
        )
        if antwoord.response == "utter_geen_zaken" and vraagt_persoon(tracker.latest_message.get("text") or ""):
            # "morgen gaan we al open en nog steeds niets, kan iemand vandaag nog bellen?": no case to show,
            # so arrange the person asked for, with what was said
            return [FollowupAction("action_regel_contact")]
        if antwoord.response == "utter_geen_zaken" and await asyncio.to_thread(gaat_over_onderwerp, tracker,
                                                                                gevonden is not None):
            return [FollowupAction("action_beantwoord_vraag")]
        if antwoord.response:
            dispatcher.utter_message(response=antwoord.response)
        for zaak in antwoord.zaken:
            zaak.verstuur(dispatcher, verstuurde_teksten(tracker))
        return [SlotSet("status_nummer", antwoord.te_controleren)] if antwoord.te_controleren else []


async def toon_eigen_zaken(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Show the status of this channel identity's own cases ("hoe lang duurt het nog?" after the
    handoff), and to "kan het sneller?" the medewerker's direct number; False when there are none."""
    antwoord = await asyncio.to_thread(zoek_status, kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id, nummer=None)
    for zaak in antwoord.zaken:
        zaak.verstuur(dispatcher, verstuurde_teksten(tracker))
    medewerker = (overdracht_in_gesprek(tracker) or {}).get("medewerker")
    if antwoord.zaken and medewerker and wil_sneller(tracker.latest_message.get("text") or ""):
        # said honestly: the promise stands, the medewerker sees the message, and their own number
        dispatcher.utter_message(response="utter_dringend_na_overdracht", naam=medewerker["naam"],
                                 telefoon=medewerker["telefoon"])
    return bool(antwoord.zaken)


# A new wish or a question without its mark after the handoff ("ik wil ook nog een terras", "dan wil ik nog weten
# wat dat kost") is a question of its own, not an addition.
NIEUWE_WENS = re.compile(r"^\W*(?:ik|wij|we)\s+(?:wil|willen|wilde|zoek|zoeken)\b|"
                         r"\b(?:weten|vraag|vragen|vraagje|hoe|wat|waar|wanneer|welke|hoeveel|waarom)\b", re.IGNORECASE)


# "moet ik zelf nog binnen 6 weken bezwaar indienen of is dit genoeg?" after the handoff: a callback is no objection.
BEZWAAR_ZELF = re.compile(r"\bbezwaar\b[^?]{0,80}?\b(?:zelf|genoeg|op tijd|termijn|6 weken|zes weken)\b|"
                          r"\b(?:zelf|nog)\b[^?]{0,40}?\bbezwaar\b", re.IGNORECASE)


def bezwaar_na_overdracht(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Whether the entrepreneur asks, after this conversation's handoff, if they must still object themselves: said
    plainly that the callback is no objection, so that no deadline passes while they wait (``utter_bezwaar_zelf``)."""
    if not overdracht_in_gesprek(tracker) or not BEZWAAR_ZELF.search(tracker.latest_message.get("text") or ""):
        return False
    dispatcher.utter_message(response="utter_bezwaar_zelf")
    return True


def bevestig_aanvulling(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Something told after this conversation's handoff that is no question or new wish ("het pand is trouwens een
    monument"), or a new moment to be called: the medewerker sees it with the case, and the entrepreneur is told so,
    instead of a "dat weet ik niet" and the offer of a second handoff. False when the message is no such addition.
    Reads and writes the database: call it off the event loop."""
    if over_de_zaak(dispatcher, tracker):  # withdrawn, a new moment to be called, or "wat als hij niet belt"
        return True
    bericht = tracker.latest_message.get("text") or ""
    if ((zaak_en_naam := overgedragen(tracker)) is None or bericht.startswith("/") or len(bericht.split()) < 4
            or is_vraag_van_vorm(bericht) or NIEUWE_WENS.search(bericht) or vraagt_persoon(bericht)):
        return False
    zaak, naam = zaak_en_naam
    wijzen = [tekst("acties/overdracht/aanvulling.txt", zaak=zaak, taal=tracker.get_slot("taal"), voornaam=voornaam(naam),
                    variant=variant) for variant in (0, 1)]
    if (nieuw := eerste_nieuwe(wijzen, verstuurde_teksten(tracker))) is None:
        return False
    dispatcher.utter_message(text=nieuw)
    return True


def over_de_zaak(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """After this conversation's handoff, a message about its case: the question withdrawn ("trek mijn aanvraag
    in"), a new moment to be called ("kan hij dinsdag na 2 uur bellen?", "liever donderdagochtend"), or what happens
    when the promise is not kept ("wat als hij niet belt?"). Whatever the NLU made of it (a status question, a request
    for a person, a yes), it is kept with the case and said back, instead of the status again or a second case.
    Reads and writes the database: call it off the event loop."""
    if (zaak_en_naam := overgedragen(tracker)) is None:
        return False
    bericht = (tracker.latest_message.get("text") or "")[:500]
    if bericht.startswith("/"):
        return False
    zaak, naam = zaak_en_naam
    if INTREKKEN.search(bericht):
        gemarkeerd = _werk_bij(zaak, lambda session, rij: vraag_intrekking(session=session, zaak=rij, moment=nu()))
        return gemarkeerd and _zeg(dispatcher, tracker, "acties/overdracht/intrekken.txt", zaak, naam)
    if NIET_GEBELD.search(bericht):  # a missed promise goes to the team lead by itself (bot/beloften/escalatie.py)
        return _zeg(dispatcher, tracker, "acties/overdracht/als_niet_gebeld.txt", zaak, naam)
    if moment := nieuw_belmoment(bericht):
        bewaard = _werk_bij(zaak, lambda session, rij: werk_belmoment_bij(session=session, zaak=rij, belmoment=moment,
                                                                          moment=nu()))
        return bewaard and _zeg(dispatcher, tracker, "acties/overdracht/belmoment.txt", zaak, naam, moment=moment)
    return False


# "trek mijn aanvraag in", "ik wil mijn vraag annuleren", "bellen hoeft niet meer", "please cancel my request".
INTREKKEN = re.compile(
    r"\btrek\w*\s+(?:\w+\s+)?(?:aanvraag|vraag|zaak|verzoek|terugbelverzoek)\s+(?:\w+\s+)?in\b|"
    r"\b(?:mijn|mn|m'n|onze|de|die|deze|het)\s+(?:aanvraag|vraag|zaak|verzoek|terugbelverzoek|afspraak)\s+(?:\w+\s+){0,2}"
    r"(?:intrekken|annuleren|cancelen|stopzetten)\b|\b(?:annuleer|cancel)\s+(?:mijn|mn|de|het|die|my|the)?\s*"
    r"(?:aanvraag|vraag|zaak|afspraak|verzoek|terugbel\w*|request|question|case|call)\b|"
    r"\bwithdraw\s+(?:my|the)\s+(?:request|question)\b|\b(?:bellen|terugbellen|contact)\s+(?:hoeft|is)\s+niet meer\b|"
    # "laat maar, ik heb het al opgelost", "hij hoeft niet meer te bellen"
    r"\b(?:heb|hebben|is|zijn)\s+(?:het\s+|dat\s+)?(?:al|zelf|inmiddels)\s+(?:\w+\s+)?opgelost\b|"
    r"\bhoeft\s+(?:niet|nie)\s+(?:meer\s+)?te\s+(?:bellen|mailen|komen)\b|\bno longer need",
    re.IGNORECASE)
# "wat als hij niet belt?", "en als ze morgen nog niet gebeld heeft, wat dan", "what if nobody calls me?"
NIET_GEBELD = re.compile(
    r"\b(?:wat als|en als|stel dat|als)\b[^?.!]{0,40}?\b(?:niet|geen|nooit|niemand)\b[^?.!]{0,30}?"
    r"\b(?:belt|bellen|gebeld|mailt|mailen|gemaild|reageert|opneemt)\b|"
    r"\bwhat if\b[^?.!]{0,40}?\b(?:doesn'?t|does not|don'?t|nobody|no one)\b[^?.!]{0,20}?\b(?:call|email|contact)",
    re.IGNORECASE)


def nieuw_belmoment(bericht: str) -> str | None:
    """A new wish for when to be called ("kan hij dinsdag na 2 uur bellen?", "liever donderdagochtend"), without a
    phone number in it; None for a complaint that a call did not come ("hij zou maandag bellen"), a question
    which of two moments ("belt hij nou maandag of donderdag?"), what if no call comes ("en als ze donderdag niet
    belt, wat dan?") or a no ("donderdag niet, dat klopt niet")."""
    if belofte_niet_nagekomen(bericht) or NIET_GEBELD.search(bericht):
        return None
    moment = belmoment_in([bericht]) or kaal_moment(bericht)
    # "donderdag niet belt' klopt niet": a no or a correction is no moment to be called
    if not moment or re.search(r"\b(?:of|or|niet|geen|nooit|klopt|not|never)\b", moment, re.IGNORECASE):
        return None
    return " ".join(zonder_telefoon(moment, telefoon=moment).split())


def _werk_bij(nummer: str, wijziging: Callable[[Session, Zaak], None]) -> bool:
    """Change the case in its own transaction; False when the case is gone (erased on request)."""
    with transaction() as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        if zaak is None:
            return False
        wijziging(session, zaak)
    return True


def _zeg(dispatcher: CollectingDispatcher, tracker: Tracker, sjabloon: str, zaak: str, naam: str, **velden: str) -> bool:
    """Say the template's first wording not sent before in this conversation (variant 0, 1) about the case."""
    wijzen = [tekst(sjabloon, zaak=zaak, voornaam=voornaam(naam), taal=tracker.get_slot("taal"), variant=variant,
                    **velden) for variant in (0, 1)]
    dispatcher.utter_message(text=eerste_nieuwe(wijzen, verstuurde_teksten(tracker)) or wijzen[-1])
    return True


def gaat_over_onderwerp(tracker: Tracker, noemt_zaaknummer: bool) -> bool:
    """A "when will I hear" without a case number or words about a case, while the conversation is
    about a kennisbank subject (a follow-up on that subject) or that names a subject as clearly as a
    card needs (reads the database: call it off the event loop)."""
    tekst = tracker.latest_message.get("text") or ""
    if noemt_zaaknummer or tekst.startswith("/") or OVER_EEN_ZAAK.search(tekst):
        return False
    return bool(tracker.get_slot("onderwerp")) or beslis(ZOEKER.actueel().index.zoek(tekst), DREMPELS)[0] == "antwoord"


def zoek_status(*, kanaal: str, kanaal_id: str, nummer: str | None) -> Statusantwoord:
    """The cases of this channel identity, or only case ``nummer`` when it is one of them."""
    with transaction() as session:
        eigen = zaken_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id)
        if nummer:
            zaak = zaak_op_nummer(session=session, nummer=nummer)
            if zaak is None or zaak.id not in {z.id for z in eigen}:
                # known or not, the same question for the contact detail: no guessing which numbers exist
                return Statusantwoord(te_controleren=nummer)
            eigen = [zaak]
        if not eigen:
            return Statusantwoord(response="utter_geen_zaken")
        return Statusantwoord(zaken=tuple(Zaakstand.van(zaak) for zaak in eigen))


class ActionStatusControleren(Action):
    """After ``status_form`` (contact detail, then the one-time code, ``validate_status_form``): the case
    when the right code was typed, else the refusal. Nothing is checked here: the database says."""

    def name(self) -> str:
        return "action_status_controleren"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stand = await asyncio.to_thread(
            stand_na_controle, nummer=tracker.get_slot("status_nummer") or "", kanaal=kanaal_van(tracker),
            kanaal_id=tracker.sender_id,
        )
        if stand:
            stand.verstuur(dispatcher, verstuurde_teksten(tracker))
        else:
            dispatcher.utter_message(response="utter_status_geweigerd")
        return [SlotSet("status_nummer", None), SlotSet("status_controle", None), SlotSet("status_code", None)]


def stand_na_controle(*, nummer: str, kanaal: str, kanaal_id: str) -> Zaakstand | None:
    """Case ``nummer`` when this channel identity may see it now (bot/zaken/verificatiecode.py), else None."""
    with transaction() as session:
        zaak = zaak_na_controle(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, nu=nu())
        return Zaakstand.van(zaak) if zaak else None


def status_tekst(zaak: Zaak) -> str:
    belofte = next((b for b in zaak.beloften if b.status == BelofteStatus.OPEN), None)
    return tekst("acties/status/zaak.txt", zaaknummer=zaak.nummer, status=zaak.status, medewerker=zaak.medewerker,
                 voornaam=voornaam(zaak.medewerker.naam), moment=leesbaar_moment(belofte.deadline, medewerker=belofte.medewerker) if belofte else None)
