"""An English speaker: short English answers where the kennisbank allows, and a person who helps in English.

``action_engels`` runs for the intent ``english`` (set by ``bot.componenten.nlu.InvoerClassifier``).
It sets the slot ``taal`` to ``en``: from then on the responses' English variations are used,
the probing form asks its questions in English and the case is marked English for the
medewerker. A request for contact ("can someone call or email me?") starts the handoff; a
question whose subject the English words below name gets the article's short answer in English (its
``engels_kort``; without it the Dutch one, said so) and link with an offer of a person; a follow-up that names
none after such a card gets the part it asks for ("how much does it cost?": the costs, in English when the
article has them so, else in Dutch and said so) or else the link to that article again, with the offer; a
question about what is kept of them the retention and their rights (``utter_english_privacy``); anything
else the English introduction with that offer.

Texts the bot says here are English-only responses (``utter_english*``): the slot ``taal`` is set
by this action's events, after its own messages are rendered.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import laatste_kaart, overgedragen
from actions.herhaling import eerste_nieuwe, heeft_nieuwe_variatie, verstuurde_teksten
from actions.kennisbank import ZOEKER
from actions.vervolg import DREMPELS
from bot.kennisbank.antwoorden import Onderdeel, onderdeel_tekst
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.zoeken import beslis
from bot.kern.teksten import tekst

ENGELS = "en"
# A request for a person: to be called, mailed or visited, or to speak to someone ("can someone call me?", "who can
# I talk to?"). It also takes "someone" in a story ("i hired someone with a disability"): a narrower pattern was
# measured and left out (docs/zoeken.md, "Round fifteen").
CONTACT = re.compile(
    r"\b(call|calls|phone|ring|e-?mail|mail|contact|speak (to|with)|talk (to|with)|person|human|someone|somebody|"
    r"anyone|anybody|staff member|employee|colleague|appointment|meet|meeting|visit|come by|adviser|advisor|"
    r"account ?manager|callback)\b"
)
# A message that asks something, and one that only greets or asks whether the bot speaks English.
VRAAG = re.compile(r"\?|\b(how|what|where|when|which|who|can i|may i|do i|must i|should i|need|allowed|permit|rules)\b")
INTRODUCTIE = re.compile(r"\b(speak|talk|write|understand|in) english\b|\benglish please\b|"
                         r"^\W*(hello|hi|hey|good (morning|afternoon|evening))\W*$")
JA = re.compile(r"^\W*(yes|yeah|yep|sure|ok|okay|please do|please|that would be (great|nice|good))\b")
NEE = re.compile(r"^\W*(no|nope|not now|not really)\b")
AFSCHEID = re.compile(r"\b(bye|goodbye|see you|thanks|thank you|cheers)\b")
PRIVACY = re.compile(r"\b(my (personal )?(data|details|information)|delete (my|all)|what do you (know|keep|store) about me|"
                     r"(this|the|our) (chat|conversation) (is )?(stored|saved|recorded|kept|private)|privacy|gdpr)\b")

# English words that ask for a part of the article just shown ("how much does it cost?").
ONDERDELEN: list[tuple[re.Pattern[str], Onderdeel]] = [
    (re.compile(r"\b(cost|costs|price|fee|fees|how much|pay)\b"), Onderdeel.KOSTEN),
    (re.compile(r"\bhow long\b|\btakes? long\b|\bduration\b|\bhow many (weeks|days)\b"), Onderdeel.DOORLOOPTIJD),
    (re.compile(r"\b(apply|application|where do i|how do i get)\b"), Onderdeel.AANVRAGEN),
    (re.compile(r"\b(conditions|requirements|rules|allowed)\b"), Onderdeel.VOORWAARDEN),
]

ALCOHOL_OP_EVENEMENT = "tijdelijk alcohol schenken evenement ontheffing"
# English words of an entrepreneur's question, and the Dutch words the kennisbank search knows them by.
TREFWOORDEN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), dutch)
    for pattern, dutch in [
        (r"\bterraces?\b|\boutdoor (seating|tables)\b|\bsidewalk (cafe|tables)\b|"
         r"\b(tables?|chairs?)\b.*\b(outside|outdoors|on the (street|sidewalk|pavement)|in front of)\b", "terras"),
        (r"\b(alcohol|liquor|beer|wine|drinks?)\b.*\b(licen[cs]e|permit|serve|serving|sell)\b|"
         r"\b(licen[cs]e|permit|serve|serving|sell|selling)\b.*\b(alcohol|liquor|beer|wine)\b", "alcoholvergunning drank"),
        (r"(?<!networking )\b(events?|festival|concert|party|fair)\b", "evenement organiseren"),
        (r"\b(beer|wine|alcohol|drinks?)\b.*\b(party|festival|event|fair)\b|"
         r"\b(party|festival|event|fair)\b.*\b(beer|wine|alcohol|drinks?)\b", ALCOHOL_OP_EVENEMENT),
        (r"\b(signs?|signage|billboard|advertis\w*)\b", "reclame gevel"),
        (r"\b(weekly )?market( stall)?\b", "weekmarkt"),
        (r"\bfood ?truck\b|\bpitch\b|\bstreet (vendor|trading)\b", "standplaats foodtruck"),
        (r"\btourist tax\b|\bcity tax\b|\bguest nights?\b|\bper (night|guest)\b|\bholiday (apartment|home|rental)s?\b|"
         r"\bairbnb\b|\bbed and breakfast\b|\bb ?& ?b\b|\brent\w* out\b.*\b(tourists?|guests?|visitors?)\b|"
         r"\b(tourists?|guests?|visitors?)\b.*\b(rent\w*|stay\w*|nights?)\b", "toeristenbelasting"),
        (r"\bproperty tax\b|\bozb\b|\bwoz\b", "ozb woz"),
        (r"\b(waste|garbage|rubbish|trash)\b", "bedrijfsafval"),
        # "building" alone is the premises ("a sign on the front of the building"), not building work
        (r"\b(renovat\w*|rebuild\w*|extension|construction|build|builds|built|building (work|permit)s?)\b",
         "verbouwen bouwen omgevingsvergunning"),
        (r"\bchange of use\b|\bconvert\w*\b", "gebruik pand wijzigen"),
        (r"\b(start\w*|set up|setting up|register\w*) (a |an |my |our )?(\w+ ){0,3}(business|company)\b|\bstarter\b|"
         r"\b(freelanc\w*|self-employed|sole trader|sole proprietor\w*)\b", "bedrijf starten"),
        (r"\b(subsid\w*|grants?)\b", "subsidie"),
        (r"\b(hire|hiring|staff|employees|personnel|recruit\w*)\b", "personeel vinden"),
        (r"\bparking\b", "parkeervergunning bedrijf"),
        (r"\b(opening hours|sundays?|shop hours|late opening|public holidays?)\b", "winkeltijden koopzondag"),
        (r"\bclosing time\b|\bopen late\b|\bnight licen[cs]e\b", "sluitingstijden horeca"),
        (r"\b(road ?works|roadwork|street works|detour)\b", "wegwerkzaamheden bereikbaarheid"),
        (r"\b(debts?|money (problems|worries|trouble))\b", "schulden geldzorgen"),
        (r"\binvoices?\b", "factuur gemeente"),
        (r"\bnoise\b|\bloud music\b", "geluid ontheffing"),
        (r"\b(from|at) home\b|\bhome[- ]based\b", "bedrijf aan huis"),
        (r"\b(slot|gaming|gambling) machines?\b", "speelautomaten"),
        (r"\b(premises|office space|business space|industrial plot|plot of land)\b", "bedrijfsruimte kavel"),
        (r"\bfire safety\b", "brandveilig gebruik"),
        (r"\b(smell\w*|smoke|odou?rs?|fumes|emissions?|pollution|environmental (permit|notification|licen[cs]e)|"
         r"hazardous (goods|substances)|chemicals)\b", "milieumelding milieu"),
        (r"\b(tenders?|procurement)\b|\bbid\w*\b.*\bcontracts?\b|\bcontracts?\b.*\b(city|municipality|council)\b",
         "aanbesteding"),
        (r"\b(sustainab\w*|solar panels?|insulat\w*|energy saving)\b", "verduurzamen"),
        (r"\b(loading|unloading|deliver\w*)\b", "laden lossen venstertijden"),
        (r"\b(container|scaffold\w*)\b", "container steiger openbare ruimte"),
        (r"\b(burglar\w*|theft|shoplift\w*|safety of my shop)\b", "veilig ondernemen"),
        (r"\b(restaurant|cafe|café|bar|snack bar|lunchroom|pub)\b.*\b(licen[cs]e|permit|open)\b|"
         r"\b(licen[cs]e|permit)\b.*\b(restaurant|cafe|café|snack bar|lunchroom|pub)\b|"
         r"\b(open\w*|start\w*)\b.*\b(restaurant|cafe|café|bar|snack bar|lunchroom|pub)\b", "exploitatievergunning horeca"),
        (r"\bnewsletter\b|\bnetworking\b|\bmeet other (entrepreneurs|business owners)\b", "nieuwsbrief bijeenkomst"),
    ]
]


# Questions for another organisation: where to go instead of a card ("how do I file my income tax return").
ANDERE_ORGANISATIES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(income tax|tax returns?|vat|value added tax|btw|tax authority|belastingdienst)\b"),
     "utter_english_belastingdienst"),
    (re.compile(r"\b(register|registration|registering|enrol\w*)\b.{0,40}\b(chamber of commerce|kvk|trade register)\b|"
                r"\b(chamber of commerce|kvk)\b.{0,20}\b(register|registration|number)\b"), "utter_english_kvk"),
]


def andere_organisatie(bericht: str) -> str | None:
    """The response that sends an English question to another organisation, or None."""
    kleine_letters = bericht.lower()[:2000]
    return next((response for patroon, response in ANDERE_ORGANISATIES if patroon.search(kleine_letters)), None)


# Opening a restaurant or cafe in general: only when the message names nothing more specific ("a permit for a
# terrace at my restaurant" is about the terrace).
ALGEMEEN = {"exploitatievergunning horeca"}
# Subjects that stand for two general ones together: beer at a party is the exemption for an event, not the
# liquor licence of a bar plus the event permit.
VERVANGT = {ALCOHOL_OP_EVENEMENT: {"alcoholvergunning drank", "evenement organiseren"}}


def nederlandse_zoekvraag(bericht: str) -> str:
    """The Dutch search words for the subjects an English message names ("" when none)."""
    kleine_letters = bericht.lower()
    genoemd = [dutch for pattern, dutch in TREFWOORDEN if pattern.search(kleine_letters)]
    vervangen = set().union(*(VERVANGT.get(dutch, set()) for dutch in genoemd))
    genoemd = [dutch for dutch in genoemd if dutch not in vervangen]
    return " ".join([dutch for dutch in genoemd if dutch not in ALGEMEEN] or genoemd)


# The meaning reads a question of at least this many words: "how much does it cost?" names no subject, and its
# nearest article is a guess.
MIN_WOORDEN_BETEKENIS = 6
WOORD = re.compile(r"[a-z']+")


def kies_artikel(bericht: str, op_betekenis: bool = True) -> Artikel | None:
    """The one article an English question is clearly about, or None: by its meaning when that is clear (English
    words reach far beyond the list above), else by the Dutch search words of the subjects it names."""
    kennisbank = ZOEKER.actueel()
    lang_genoeg = len(WOORD.findall(bericht.lower())) >= MIN_WOORDEN_BETEKENIS
    if op_betekenis and lang_genoeg and (artikel := kennisbank.engels_onderwerp(bericht)):
        return artikel
    zoekvraag = nederlandse_zoekvraag(bericht)
    if not zoekvraag:
        return None
    beslissing, beste = beslis(kennisbank.index.zoek(zoekvraag), DREMPELS)
    return kennisbank.artikel(beste[0].artikel_id) if beslissing == "antwoord" else None


def onderdeel_engels(bericht: str) -> Onderdeel | None:
    """The part of an article an English follow-up asks for, if any."""
    return next((onderdeel for patroon, onderdeel in ONDERDELEN if patroon.search(bericht.lower())), None)


def stuur_onderdeel(dispatcher: CollectingDispatcher, tracker: Tracker, artikel_id: str | None, bericht: str) -> bool:
    """Send the part an English follow-up asks for of the card shown (in Dutch, said so), unless it was sent
    before; False when there is no such part to send (reads the kennisbank: call it off the event loop)."""
    onderdeel = onderdeel_engels(bericht)
    artikel = ZOEKER.actueel().artikel(artikel_id) if artikel_id and onderdeel else None
    if artikel is None:
        return False
    engels = artikel.in_het_engels(onderdeel.value)
    deel = tekst("acties/engels/onderdeel.txt", artikel=artikel, onderdeel=onderdeel.value, engels=engels,
                 deel=onderdeel_tekst(artikel, onderdeel))
    if deel in verstuurde_teksten(tracker):
        return False
    dispatcher.utter_message(text=deel, json_message=kaart(artikel, onderdeel.value, engels))
    return True


def kaart(artikel: Artikel, onderdeel: str, engels: str | None) -> dict[str, Any]:
    """The card's payload (../shared/berichten.md), with the language of the text: English when the kennisbank has
    the part in English, else Dutch."""
    return {"kennisbank": {"id": artikel.id, "titel": artikel.titel, "url": artikel.link, "onderdeel": onderdeel,
                           "taal": ENGELS if engels else "nl"}}


def soort_bericht(bericht: str) -> str:
    """What an English message asks: contact, privacy, ja, nee, afscheid or vraag."""
    kleine_letters = bericht.lower().strip()
    kort = len(kleine_letters.split()) <= 4
    if kort and JA.search(kleine_letters):
        return "ja"
    if kort and NEE.search(kleine_letters):
        return "nee"
    if PRIVACY.search(kleine_letters):
        return "privacy"
    if CONTACT.search(kleine_letters):
        return "contact"
    if kort and AFSCHEID.search(kleine_letters):
        return "afscheid"
    return "vraag"


def met_de_zaak(tracker: Tracker) -> str | None:
    """After this conversation's handoff, what a message without a subject gets: it is with the case, which the
    medewerker reads (a wording not sent before); None without a handoff."""
    if (zaak_en_naam := overgedragen(tracker)) is None:
        return None
    zaak, naam = zaak_en_naam
    wijzen = [tekst("acties/overdracht/aanvulling.txt", zaak=zaak, taal=ENGELS, voornaam=naam.split()[0],
                    variant=variant) for variant in (0, 1)]
    return eerste_nieuwe(wijzen, verstuurde_teksten(tracker))


class ActionEngels(Action):
    """Answers an English message in English, and offers or starts a handoff in English."""

    def name(self) -> str:
        return "action_engels"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        bericht = tracker.latest_message.get("text") or ""
        events: list[Any] = [SlotSet("taal", ENGELS)]
        soort = soort_bericht(bericht)
        if soort in ("contact", "ja"):
            return [*events, FollowupAction("action_regel_contact")]
        if soort == "nee":
            dispatcher.utter_message(response="utter_english_verder")
            return events
        if soort == "privacy":
            dispatcher.utter_message(response="utter_english_privacy")
            return events
        if soort == "afscheid":
            dispatcher.utter_message(response="utter_english_tot_ziens")
            return events
        if (elders := andere_organisatie(bericht)) and heeft_nieuwe_variatie(domain, elders, tracker):
            dispatcher.utter_message(response=elders)
            return events
        eerder = laatste_kaart(tracker).get("kennisbank") or {}
        # "how much is that per night?" after a card asks for its part, whatever article its words are nearest to
        vervolg = bool(eerder.get("url")) and onderdeel_engels(bericht) is not None
        artikel = await asyncio.to_thread(kies_artikel, bericht, not vervolg)
        antwoord = tekst("acties/engels/artikel.txt", artikel=artikel, engels=artikel.engels_kort) if artikel else None
        if antwoord and antwoord not in verstuurde_teksten(tracker):
            dispatcher.utter_message(text=antwoord, json_message=kaart(artikel, "kort", artikel.engels_kort))
            if heeft_nieuwe_variatie(domain, "utter_english_aanbod", tracker):
                dispatcher.utter_message(response="utter_english_aanbod")
            return events
        if not artikel and eerder.get("url"):  # "what does it cost?": about the card just shown
            if not await asyncio.to_thread(stuur_onderdeel, dispatcher, tracker, eerder.get("id"), bericht):
                dispatcher.utter_message(response="utter_english_vervolg", titel=eerder.get("titel"), url=eerder["url"])
            elif heeft_nieuwe_variatie(domain, "utter_english_aanbod", tracker):
                dispatcher.utter_message(response="utter_english_aanbod")
            return events
        if bij_de_zaak := met_de_zaak(tracker):  # after the handoff: with the case, not a staff member offered again
            dispatcher.utter_message(text=bij_de_zaak)
            return events
        # a question whose subject is not clear: other words or a person; a greeting: the introduction
        kleine_letters = bericht.lower()
        onbekend = (VRAAG.search(kleine_letters) and not INTRODUCTIE.search(kleine_letters)
                    and heeft_nieuwe_variatie(domain, "utter_english_onbekend", tracker))
        dispatcher.utter_message(response="utter_english_onbekend" if onbekend else "utter_english")
        return events
