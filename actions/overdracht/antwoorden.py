"""What counts as an answer in the probing form: the facts a message fills, the part a correction
names, a question about the question, a bare yes or no. Used by ``validate_vraag_form``."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.overdracht.formulier import detail_stappen, details_van, soorten, tekst_labels, verhaal, wat_gezegd_is
from bot.kern.invoer import begrens, is_vraag_van_vorm
from bot.overdracht.opmerkingen import TERUGVERWIJZING
from bot.overdracht.uitlezen import WANNEER_GEBELD, Gevonden, lees
from bot.overdracht.vragen import STANDAARD_STAPPEN

GEEN_BEDRIJF_PATTERN = re.compile(r"\b(nog geen|geen bedrijf|geen kvk|starter|start nog|not yet|no company|no business|"
                                  r"no kvk)\b", re.IGNORECASE)
# "Bean There Coffee, not registered yet", "Bakkerij Jansen, nog niet ingeschreven": a name, and no KvK number yet.
NIET_INGESCHREVEN = re.compile(r"[,;.]?\s*\b(?:(?:but|maar)\s+)?(?:(?:not|nog niet|niet)\s+(?:yet\s+)?(?:registered|ingeschreven)|"
                               r"(?:no|geen|nog geen)\s+(?:kvk|registration)(?:-?nummer| number)?|"
                               # "E-Fiets Dokter, kvk nummer heb ik nog niet bij de hand"
                               r"(?:het\s+)?(?:kvk|kvk-?nummer|kvk nummer|nummer)\s+(?:heb|weet)\s+ik\s+(?:nu\s+|nog\s+|even\s+)?niet)"
                               r"\b.*$", re.IGNORECASE | re.DOTALL)
# "nog geen, wordt Knipperij Lisa", "nog geen bedrijf, gaat De Snoepwinkel heten": the name it will have.
TOEKOMSTIGE_NAAM = re.compile(r"\b(?:wordt|gaat|gaan|heet straks|straks)\s+(?:het\s+|heten\s+)?"
                              r"(?!iets\b|een\b|wat\b|nog\b|misschien\b)([^,.;!?]{2,60}?)(?:\s+heten)?\s*(?:[,.;!?]|$)",
                              re.IGNORECASE)
VULWOORDEN_PATTERN = re.compile(
    r"(?<![\w-])(ik ben|ik heet|mijn naam is|mijn bedrijf (heet|is)|het bedrijf (heet|is)|"
    r"mijn (e-?mail(adres)?|mail|telefoon(nummer)?|nummer)( is)?|naam|bereikbaar|op|via|"
    r"telefoon(nummer)?|tel|nummer|e-?mail(adres)?|mail|kvk(-nummer)?|en|of|graag|"
    r"zaak(nummer)?|ik heb al een|het is|dat is|hier|u kunt mij bellen|bel me|mijn|is|"
    # words around a name that are no part of it: "bel me maar", "prefer email pls", "na 2 uur", "weet ik niet uit m'n hoofd"
    r"maar|ook|wel|niet|nog|even|alleen|liever|liefst|bij voorkeur|gewoon|toch|svp|aub|pls|please|prefer|bellen|"
    r"mailen|bel|me|mij|nee|my name is|not|just|only|email me|then|hello|hallo|hoi|hi|"
    # "Bean There Roasters, already registered at kvk: 91827364", "Bakkerij Bol, al ingeschreven bij de kvk"
    r"(already |al )?(registered|ingeschreven|staat ingeschreven)( (at|with|bij|in)( the| de| het)?)?|"
    r"chamber of commerce|handelsregister|(in )?(english|het engels|engels)|"
    r"(vanochtend|vanmiddag|vanavond|morgen(ochtend|middag|avond)?|ochtends?|middags?|avonds?)|"
    r"tussen \d{1,2}([.:]\d{2})? en \d{1,2}([.:]\d{2})?( uur| u)?|\d{1,2}( ?uur|u)|"
    r"weet ik (het )?(zo |nu |even )?(nie|niet|nt)( uit (mijn|me|m'n|mn) hoofd)?|"
    r"(na|voor|vanaf|tot|tussen|om) \d{1,2}([.:]\d{2})?( ?uur| ?u)?|'?s (avonds|middags|ochtends|morgens)|overdag|uur)(?![\w-])[:,.]?",
    re.IGNORECASE,
)
# "wat bedoelt u?": a question about the question, never an answer.
VERDUIDELIJKING = re.compile(
    r"^\W*(wat|hoe)\s+bedoel\s*(je|u|jij|jullie|t|het)?\b|\bwat (moet|kan) ik (hier |daar )?(invullen|zeggen|antwoorden)\b|"
    r"\b(snap|begrijp) (ik )?(de vraag|het|dat|deze vraag|je|u) niet\b|^\W*\?+\W*$|^\W*(huh|hè|he|wablief)\W*$|"
    r"\bwhat do you mean\b|\bwat wil je weten\b|\bwat wilt u weten\b",
    re.IGNORECASE,
)
# "moet ik betalen voor dat gesprek?": the help of a person, not a permit's fee.
KOSTEN_GESPREK = re.compile(
    r"\b(?:kost|kosten|betalen|betaal|geld|gratis)\b[^.?!]{0,40}?\b(?:gesprek|contact|afspraak|accountmanager|medewerker|"
    r"hulp|bezoek|terugbellen)\b|\b(?:gesprek|contact|afspraak|accountmanager|medewerker|hulp|bezoek)\b[^.?!]{0,40}?"
    r"\b(?:kost|kosten|betalen|betaal|geld|gratis)\b",
    re.IGNORECASE,
)
# A message that opens as a question ("moet ik ook iets betalen?", "mag dat in het weekend?").
EIGEN_VRAAG = re.compile(r"^\W*(?:moet|mag|kan|kun|kunt|kost|kosten|is|zijn|heb|hebben|krijg|geldt|wordt|word|hoeveel|wat|wie|"
                         r"wanneer|waar|waarom|hoe|welke|do|does|can|how|what|when)\b", re.IGNORECASE)
# What the standard questions mean (kind-specific ones: `uitleg` in config/vragen.yml).
UITLEG = {"wat": "utter_uitleg_wat", "waarom": "utter_uitleg_waarom", "hoe": "utter_uitleg_hoe",
          "bedrijf": "utter_uitleg_bedrijf", "contact": "utter_uitleg_contact", "toestemming": "utter_uitleg_toestemming"}
# Parts named when changing one ("het telefoonnummer klopt niet"): the standard parts' words.
ONDERDEEL_WOORDEN = {
    "contact": ("naam", "telefoon", "nummer", "mail", "contact", "bereik", "phone", "name"),
    "bedrijf": ("bedrijf", "kvk", "zaak", "winkel", "company", "business", "naam van mijn bedrijf", "naam van de zaak",
                "naam van het bedrijf", "naam van mijn zaak"),
    "wat": ("vraag", "wat ik wil", "wat u wilt", "bereiken", "question"),
    "waarom": ("waarom", "reden", "situatie", "why", "reason"),
    "hoe": ("hoe", "wanneer", "planning", "plek", "when"),
}
# What a message at the summary may add or correct (the motive and planning are changed per part).
PERSOONLIJK_OF_DETAIL = {"telefoon", "email", "kvk_nummer", "bedrijfsnaam", "contactnaam", "details", "eerder_zaaknummer"}
ONDERDEEL_SLOTS = {"bedrijf": ["bedrijf", "bedrijfsnaam", "kvk_nummer"], "contact": ["contact", "contactnaam", "telefoon", "email"]}

# "yes" and "no" typed by an English speaker (intent english) at the consent or confirmation step;
# "no problem" is a yes, so the yes words are tried first.
ENGELS_JA_PATTERN = re.compile(r"^\W*(yes|yeah|yep|sure|ok|okay|fine|that is fine|correct|right|of course|go ahead"
                               r"|no problem|no worries|no objection|not a problem)\b", re.IGNORECASE)
ENGELS_NEE_PATTERN = re.compile(r"^\W*(no|nope|not)\b", re.IGNORECASE)
NEDERLANDS_JA_PATTERN = re.compile(r"^\W*(ja|jawel|prima|akkoord|goed|geen probleem|is goed)\b", re.IGNORECASE)
NEDERLANDS_NEE_PATTERN = re.compile(r"^\W*(nee|neen)\b", re.IGNORECASE)


def ja_of_nee_in_woorden(tekst: str) -> bool | None:
    """True or False for a yes or no in so many words (English or Dutch); None when the words say neither.
    In an English conversation the Dutch-trained classifier is no judge: it took "next month" for a no."""
    if ENGELS_JA_PATTERN.search(tekst) or NEDERLANDS_JA_PATTERN.search(tekst):
        return True
    if ENGELS_NEE_PATTERN.search(tekst) or NEDERLANDS_NEE_PATTERN.search(tekst):
        return False
    return None


def engels_ja_of_nee(tracker: Tracker, slot: str) -> dict[str, Any]:
    """``{slot: True/False}`` for an English yes or no to the question for ``slot``; else nothing."""
    if tracker.get_slot("requested_slot") != slot or (tracker.latest_message.get("intent") or {}).get("name") != "english":
        return {}
    waarde = ja_of_nee_in_woorden(tracker.latest_message.get("text") or "")
    return {} if waarde is None else {slot: waarde}


def rest_tekst(tekst: str, *weg: str | None) -> str | None:
    """What is left of a message after removing the found values and filler words: a name."""
    for waarde in weg:
        if waarde:
            tekst = re.sub(re.escape(waarde), " ", tekst, flags=re.IGNORECASE)
    tekst = re.sub(r"[\w.+-]+@[\w.-]+|[+\d][\d\s()-]{6,}\d|\bON-\d{4}-\d{5}\b", " ", tekst, flags=re.IGNORECASE)
    tekst = VULWOORDEN_PATTERN.sub(" ", TERUGVERWIJZING.sub(" ", tekst))
    tekst = re.sub(r"(?:\s*[.;:]){2,}", ".", " ".join(tekst.replace(",", " ").split())).strip(" .:-?!")  # ". ." or "??" left
    return tekst if re.search(r"[^\W\d_]{2,}", tekst) else None


# At the summary: what the question is about, said again ("eigenlijk gaat het niet om een container maar om een
# steiger, voor 3 weken"): the words after "om" or "over" are what the entrepreneur wants.
ANDER_ONDERWERP = re.compile(r"\b(?:het gaat|gaat het) (?:eigenlijk |toch |dus )?(?:niet (?:om|over) [^,.;!?]{1,60}? "
                             r"maar )?(?:om|over) ([^.;!?]{3,300})", re.IGNORECASE)


# At the summary: "hoe en wanneer klopt niet, moet zijn: kaaskraam van 6 meter": the part named before it, and its
# new text after it.
NIEUWE_TEKST = re.compile(r"\b(?:moet (?:zijn|staan|worden)|moet er staan|is eigenlijk)\s*:?\s*([^\n]{3,300})", re.IGNORECASE)


def verbeterd_onderdeel(tekst: str, tracker: Tracker) -> dict[str, str]:
    """A content part of the summary corrected in so many words ("bij hoe en wanneer moet staan: ..."), as
    ``{part: new text}``; empty when the message names no such part before "moet zijn"."""
    match = NIEUWE_TEKST.search(begrens(tekst))
    deel = onderdeel_uit(tekst[:match.start()], tracker) if match else None
    return {deel: match.group(1).strip(" .")} if deel in ("wat", "waarom", "hoe") else {}


def ander_onderwerp_van_vraag(tekst: str) -> str | None:
    """What the question is about when the entrepreneur says it again at the summary, else None."""
    match = ANDER_ONDERWERP.search(begrens(tekst))
    return match.group(1).strip(" ,") if match else None


def alleen_gegevens(tekst: str) -> bool:
    """The message is only a name, phone number, e-mail, KvK or case number (with filler words): no
    answer to a content question ("mijn naam is Sanne de Vries" while the question asks what she wants)."""
    feiten = lees(tekst)
    heeft = feiten.telefoon or feiten.email or feiten.kvk_nummer or feiten.zaaknummer or feiten.contactnaam
    return bool(heeft) and rest_tekst(tekst, feiten.kvk_nummer, feiten.contactnaam) is None


def vraag_tijdens_formulier(tekst: str, vraag_is_antwoord: bool) -> str | None:
    """The response to a question of the entrepreneur's own in the middle of the questions, which is
    then no answer: when they are called, whether the help costs anything, or another question, which
    the medewerker sees in the conversation; that last one only with its question mark ("heb ik al gezegd"
    has a question's shape) and not where a question is a fair answer (``vraag_is_antwoord``: what they
    want, what would help). None when the message is no such question."""
    if not is_vraag_van_vorm(tekst):  # on a phone the question mark is often left out
        return None
    if WANNEER_GEBELD.search(tekst):
        return "utter_verloop_overdracht"
    if KOSTEN_GESPREK.search(tekst):
        return "utter_overdracht_gratis"
    if not vraag_is_antwoord and EIGEN_VRAAG.match(tekst) and tekst.rstrip().endswith("?"):
        return "utter_vraag_tijdens_formulier"
    return None


def vrije_tekst(value: Any, dispatcher: CollectingDispatcher) -> str | None:
    """An open answer of at least two characters, cut at 1000; shorter asks for a little more."""
    tekst = str(value or "").strip()
    if len(tekst) < 2:
        dispatcher.utter_message(response="utter_iets_meer")
        return None
    return tekst[:1000]


def bedrijf_tekst(naam: str | None, kvk: str | None) -> str | None:
    return ", ".join(d for d in (naam, f"KvK {kvk}" if kvk else None) if d) or None


def contact_tekst(naam: str | None, telefoon: str | None, email: str | None) -> str | None:
    return ", ".join(d for d in (naam, telefoon, email) if d) if naam and (telefoon or email) else None


def feiten_slots(feiten: Gevonden, tracker: Tracker, *, overschrijf: bool = False) -> dict[str, Any]:
    """Slots that ``feiten`` fill: only empty ones, unless ``overschrijf`` (a correction)."""
    s = tracker.get_slot
    gevraagd = s("requested_slot")
    slots: dict[str, Any] = {}

    def zet(slot: str, waarde: Any) -> None:
        if waarde and (overschrijf or not s(slot)) and slot != gevraagd:
            slots[slot] = waarde

    if s("toestemming") is not False:  # refused: no personal detail is kept
        for slot in ("telefoon", "email", "kvk_nummer", "bedrijfsnaam", "contactnaam"):
            zet(slot, getattr(feiten, slot))
        naam, kvk = slots.get("bedrijfsnaam") or s("bedrijfsnaam"), slots.get("kvk_nummer") or s("kvk_nummer")
        # a KvK number alone does not answer the company question: its name is still asked
        zet("bedrijf", bedrijf_tekst(naam, kvk) if naam and ({"bedrijfsnaam", "kvk_nummer"} & slots.keys()) else None)
        naam = slots.get("contactnaam") or s("contactnaam")
        telefoon, email = slots.get("telefoon") or s("telefoon"), slots.get("email") or s("email")
        if {"contactnaam", "telefoon", "email"} & slots.keys():
            zet("contact", contact_tekst(naam, telefoon, email))
    zet("waarom", feiten.reden)
    zet("hoe", feiten.planning)
    zet("eerder_zaaknummer", feiten.zaaknummer)
    details = details_van(tracker)
    nieuw = {stap.sleutel: feiten.herken(stap.herken) for stap in map(soorten().stappen.get, detail_stappen(tracker))
             if stap and stap.herken and feiten.herken(stap.herken) and (overschrijf or not details.get(stap.sleutel))
             and not (gevraagd == "detail" and s("detail_stap") == stap.sleutel)}
    if nieuw:
        slots["details"] = {**details, **nieuw}
    return slots


JA_OF_NEE = re.compile(r"^\W*(?:ja|jawel|jazeker|nee|neen|nope|ok|oke|oké|prima|goed|klopt|zeker|yes|no)"
                       r"(?:\s+(?:hoor|hoor!|dat mag|graag|prima|is goed))?\W*$", re.IGNORECASE)


def is_ja_of_nee(tracker: Tracker) -> bool:
    """A bare yes or no ("ja", "nee hoor"): no answer to an open question."""
    return JA_OF_NEE.match(tracker.latest_message.get("text") or "") is not None


def is_verduidelijking(tekst: str) -> bool:
    return VERDUIDELIJKING.search(tekst) is not None


def leg_uit(stap: str, dispatcher: CollectingDispatcher) -> None:
    """Explain what the question for ``stap`` means."""
    if stap in soorten().stappen:
        dispatcher.utter_message(text=soorten().stappen[stap].uitleg)
    else:
        dispatcher.utter_message(response=UITLEG[stap])


def al_gezegd(stap: str, tracker: Tracker) -> str | None:
    """What the conversation already said for ``stap`` ("zie hierboven")."""
    feiten = wat_gezegd_is(tracker)
    if stap == "waarom":
        return feiten.reden or verhaal(tracker)
    if stap == "hoe":
        return feiten.planning or verhaal(tracker)
    if stap == "wat":
        return verhaal(tracker)
    soort = soorten().stappen.get(stap)
    return feiten.herken(soort.herken) if soort and soort.herken else verhaal(tracker)


def onderdeel_uit(tekst: str, tracker: Tracker) -> str | None:
    """Which part the entrepreneur wants to change: a button title or words that name it."""
    laag = tekst.lower()
    if gekozen := next((deel for deel, label in tekst_labels(tracker).items() if laag.strip() == label.lower()), None):
        return gekozen  # a button's title typed ("Wat u wilt")
    stappen = soorten().stappen
    for stap in detail_stappen(tracker):
        if laag.strip() == stappen[stap].label.lower() or any(w.lower() in laag for w in stappen[stap].woorden):
            return stap
    # the part whose word comes first ("company name is just ...": the company), a longer word before a shorter one
    genoemd = [(laag.find(w), -len(w), onderdeel) for onderdeel, woorden in ONDERDEEL_WOORDEN.items() for w in woorden
               if w in laag]
    return min(genoemd)[2] if genoemd else None


def wis_onderdeel(onderdeel: str, tracker: Tracker) -> dict[str, Any]:
    """Clear one part so that the form asks it again."""
    if onderdeel in STANDAARD_STAPPEN:
        return {onderdeel: None}
    if onderdeel in ONDERDEEL_SLOTS:
        return {slot: None for slot in ONDERDEEL_SLOTS[onderdeel]}
    details = details_van(tracker)
    details.pop(onderdeel, None)
    return {"details": details, "detail": None}
