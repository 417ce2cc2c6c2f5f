"""What the conversation is about just now, so that a short follow-up is read in its context.

After a situation's list ("Voor een B&B heeft u meestal te maken met: ...") or a choice between
subjects, "hoe doe ik daar aangifte van?" is about one of the listed articles, even when its words
alone would not find it, or would look like a question for another organisation.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from bot.kennisbank.antwoorden import onderdeel_uit_tekst
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.instanties import Herkend, artikel_noemt
from bot.kennisbank.zoeken import ONDERDEEL_WOORDEN, Treffer, Zoekindex
from bot.kern.invoer import begrens
from bot.kern.tracker import TERUGGELEZEN_PAYLOADS
from bot.overdracht.uitlezen import vraagt_contactgegevens

# Words that point back at what was just said ("daar", "dat", "die vergunning").
VERWIJZING = re.compile(r"^\s*(en|maar|of)\b|\b(daar|daarvoor|daarvan|daarmee|dat|die|dit|deze|ervoor|hiervoor|zo'?n|hem|ze)\b|"
                        r"\b(?<!meer )(?<!minder )(?<!later )(?<!eerder )(?<!groter )(?<!kleiner )(?<!langer )(?<!korter )dan\b")
# "geldt dat ook voor het terras buiten": whether what was just said applies to something else as well.
GELDT_OOK = re.compile(r"\b(?:geldt|gelden|telt|tellen)\s+(?:dat|dit|die|deze|het|dezelfde\s+\w+)\s+(?:dan\s+|nou\s+)?ook\b",
                       re.IGNORECASE)
# A no first, and what it negates, up to the end of the clause ("nee we willen geen bedrijf starten!").
NEE_VOORAF = re.compile(r"^\W*(?:nee+|neen|nope|helemaal niet)\b", re.IGNORECASE)
ONTKENNING = re.compile(r"\b(?:geen|niet)\b([^.,;:!?]*)", re.IGNORECASE)
# "Nee, ik bedoel iets anders": what came before (and the card shown) is not what the entrepreneur means.
AFGEWEZEN = re.compile(r"\b(?:iets anders|bedoel(?:de)? ik niet|ik bedoel(?:de)? (?:geen|niet)|niet wat ik (?:bedoel|zoek)|dat is (?:het )?niet wat|"
                       r"gaat (?:het )?niet over|ander onderwerp|verkeerde? (?:antwoord|onderwerp)|something else|"
                       r"andere vraag|nieuwe vraag|ander punt|ik heb het (?:juist |eigenlijk )?over\b[^.?!]{0,40}\bniet)\b",
                       re.IGNORECASE)
# "hoe lang duurt het nog?", "hoe lang moet ik nog wachten": after a handoff, about the promise.
NOG_WACHTEN = re.compile(r"\bhoe lang (?:duurt|gaat) (?:het|dat)\b(?: \w+){0,2}? nog\b|\bhoe lang moet ik nog wachten\b|"
                         r"\bnog (?:steeds )?(?:niets|niks) gehoord\b|"
                         # "wie gaat mij bellen?", "wie belt me?": the case's medewerker
                         r"\bwie (?:gaat|zal|komt) (?:mij|me|ons) (?:nou |nu )?(?:bellen|mailen|helpen)\b|\bwie belt (?:mij|me|ons)\b",
                         re.IGNORECASE)
# "kan het sneller, het is dringend", "kan joost vandaag nog bellen": the promise is too late for them.
SNELLER = re.compile(r"\bkan (?!ik\b|we\b|wij\b)(?:het|dat|die|hij|zij|ze|\w+) (?:\w+ ){0,2}?(?:sneller|eerder|vandaag|morgen\w*)\b|"
                     r"\b(?:eerder|sneller|vandaag(?: nog)?) (?:bellen|gebeld|terugbellen)\b|\bhet is (?:erg |heel |echt )?dringend\b",
                     re.IGNORECASE)
# A listed article must score at least this for a follow-up, stand out from the next listed one,
# and not be far behind the best article of the whole kennisbank (then another subject is meant).
LIJST_MINIMUM = 0.07
LIJST_VOORSPRONG = 1.5
LIJST_AANDEEL = 0.4
# When another article fits strongly, a listed one is still meant if it fits nearly as well ("en ik wil ook wijn en
# bier schenken" after the café's list: the liquor licence, not the exemption for an event).
LIJST_AANDEEL_BIJ_STERK = 0.85
# A question two articles fit about as well (the second at least this share of the best) is about the one
# of the conversation's team: measured on the development follow-ups, 4 right and none lost at 0.7 and 0.8.
TEAM_AANDEEL = 0.8


def laatste_custom(tracker: Tracker, *sleutels: str) -> dict:
    """The custom payload of the bot's latest message in this session that carries one of ``sleutels`` ({} if none).
    Only the keys a long session keeps whole can be read back (``TERUGGELEZEN_PAYLOADS``)."""
    if not set(sleutels) <= set(TERUGGELEZEN_PAYLOADS):
        raise ValueError(f"not kept in a long session: {sleutels}")
    laatste: dict = {}
    for event in tracker.events or []:
        if event.get("event") == "session_started":
            laatste = {}
        elif event.get("event") == "bot":
            custom = ((event.get("data") or {}).get("custom")) or {}
            if any(sleutel in custom for sleutel in sleutels):
                laatste = custom
    return laatste


def laatste_kaart(tracker: Tracker) -> dict:
    """The custom payload of the bot's latest card, situation or choice in this session ({} if none)."""
    return laatste_custom(tracker, "kennisbank", "keuzes")


def lijst_keuzes(tracker: Tracker) -> list[dict]:
    """The ``{id, titel}`` of the situation or choice the bot listed last, when that list is its latest answer."""
    custom = laatste_kaart(tracker)
    if "kennisbank" in custom:
        return []
    return [keuze for keuze in custom.get("keuzes") or [] if keuze.get("id")]


def lijst_artikelen(tracker: Tracker) -> list[str]:
    """The articles of the situation or choice the bot listed last, when that list is its latest answer."""
    return [keuze["id"] for keuze in lijst_keuzes(tracker)]


def kies_uit_lijst(index: Zoekindex, tekst: str, artikel_ids: list[str], sterk: bool = False) -> str | None:
    """The listed article a follow-up is about: the one that fits it clearly best of the list, with at least a
    share of the best score of all articles (a larger one when another article fits strongly: ``sterk``)."""
    if not artikel_ids:
        return None
    aandeel = LIJST_AANDEEL_BIJ_STERK if sterk else LIJST_AANDEEL
    scores = index.scores(tekst)
    volgorde = {artikel.id: i for i, artikel in enumerate(index.artikelen)}
    kandidaten = sorted(((float(scores[volgorde[a]]), a) for a in artikel_ids if a in volgorde), reverse=True)
    if not kandidaten or kandidaten[0][0] < max(LIJST_MINIMUM, aandeel * float(scores.max())):
        return None
    if len(kandidaten) > 1 and kandidaten[0][0] < LIJST_VOORSPRONG * kandidaten[1][0]:
        return None
    # it must name something of the article itself, not only ask a part ("hoe lang duurt dat?" is
    # about the situation's main article, the subject of the conversation)
    _, kern = index.gedeelde_woorden(tekst, kandidaten[0][1])
    return kandidaten[0][1] if kern - ONDERDEEL_WOORDEN else None


def verwijst_terug(tekst: str) -> bool:
    """Whether a message leans on what was said before ("en wat kost dat?", "hoe doe ik daar aangifte van")."""
    kleine_letters = tekst.lower()
    return bool(VERWIJZING.search(kleine_letters)) or onderdeel_uit_tekst(kleine_letters) is not None


def vraagt_of_het_ook_geldt(tekst: str) -> bool:
    """Whether a follow-up asks if what was just said applies to something else as well ("geldt dat ook voor het
    terras buiten"): it names that other thing, but asks about the subject just answered."""
    return GELDT_OOK.search(tekst) is not None


def heeft_onderwerp(tracker: Tracker) -> bool:
    """Whether the conversation is about a subject or a situation just now."""
    return bool(tracker.get_slot("onderwerp")) or bool(lijst_artikelen(tracker))


def vorige_actie(tracker: Tracker) -> str | None:
    """The bot's last action before the entrepreneur's latest message (not counting listening)."""
    gezien_gebruiker = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            if gezien_gebruiker:
                return None
            gezien_gebruiker = True
        elif gezien_gebruiker and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


def los_van_onderwerp(tekst: str, tracker: Tracker) -> bool:
    """The entrepreneur left the current subject: they said it is not what they mean ("het gaat niet
    over standplaats"), or chose to ask something else after the bot said what it does not know
    about it ("Nee, andere vraag"). Their next words are a question of its own, not a follow-up."""
    return AFGEWEZEN.search(tekst) is not None or vorige_actie(tracker) == "utter_anders_vragen"


def alleen_huidig_genoemd(index: Zoekindex, tekst: str, huidig_id: str | None) -> bool:
    """Every word the question is about is one of the current article's own words (its title, search
    terms, synonyms): "wat kost zo'n ontheffing" after the late-closing exemption names no other subject,
    however many articles share "ontheffing". "en wat kost een alcoholvergunning?" after the terrace does."""
    woorden = index.inhoudswoorden(tekst)
    return bool(huidig_id and woorden) and woorden <= index.gedeelde_woorden(tekst, huidig_id)[1]


def van_het_team(treffers: list[Treffer], huidig_id: str, teams: dict[str, str]) -> Treffer | None:
    """The second-best article, when it fits about as well as the best and is another article of the
    current subject's team while the best is of another team: "tot hoe laat mag ik open blijven" after
    the alcohol licence is about horeca's closing times, not about shop hours. None otherwise."""
    if len(treffers) < 2:
        return None
    eerste, tweede = treffers[:2]
    team = teams.get(huidig_id)
    return tweede if (huidig_id not in (eerste.artikel_id, tweede.artikel_id) and team is not None
                      and teams.get(tweede.artikel_id) == team != teams.get(eerste.artikel_id)
                      and tweede.score >= TEAM_AANDEEL * eerste.score) else None


LOKET = "ondernemersloket"


def loket_voor_nummer(tekst: str) -> str | None:
    """The loket's article when the entrepreneur asks for the number to call themselves ("welk nummer?", "geef me
    het telefoonnummer van de gemeente"; ``vraagt_contactgegevens``), not to be called; None otherwise."""
    return LOKET if vraagt_contactgegevens(tekst) else None


def afgewezen_onderwerp(tekst: str, tracker: Tracker, index: Zoekindex | None = None) -> str | None:
    """The current subject, when the entrepreneur just said it is not what they mean: in so many words, or
    with a no that negates it ("nee we willen geen bedrijf starten!")."""
    huidig = tracker.get_slot("onderwerp")
    if AFGEWEZEN.search(tekst) or (index is not None and ontkent_onderwerp(index, tekst, huidig)):
        return huidig
    return None


def ontkent_onderwerp(index: Zoekindex, tekst: str, huidig_id: str | None) -> bool:
    """A message that opens with a no and negates the current subject in its own words: after "geen" or "niet",
    in the same clause, a word of the article's title, search terms or synonyms."""
    tekst = begrens(tekst)
    if not huidig_id or not NEE_VOORAF.match(tekst):
        return False
    return any(index.gedeelde_woorden(ontkend.group(1), huidig_id)[1] for ontkend in ONTKENNING.finditer(tekst))


def zonder_ontkenning(tekst: str) -> str:
    """The message without what it negates ("nee, ik wil geen terras. ik wil een reclamebord" searches the board)."""
    return ONTKENNING.sub(" ", begrens(tekst))


def getoonde_situatie(tracker: Tracker) -> tuple[str, list[str]] | None:
    """The latest situation with a coordinator shown in this session, and the subjects of the cards shown since
    (in order); None without one. In a long session only while its message is kept (``bot.componenten.venster``)."""
    getoond: tuple[str, list[str]] | None = None
    for event in tracker.events or []:
        if event.get("event") == "session_started":
            getoond = None
        elif event.get("event") == "bot":
            custom = ((event.get("data") or {}).get("custom")) or {}
            situatie = custom.get("situatie") or {}
            if situatie.get("coordinator") and situatie.get("id"):
                getoond = (situatie["id"], [])
            elif getoond and (kaart := custom.get("kennisbank") or {}).get("id"):
                getoond[1].append(kaart["id"])
    return getoond


def overdracht_in_gesprek(tracker: Tracker) -> dict | None:
    """The ``custom.overdracht`` of the latest handoff in this session: its case number, subject,
    medewerker and promise; None when the question was not handed over."""
    return laatste_custom(tracker, "overdracht").get("overdracht")


def overgedragen(tracker: Tracker) -> tuple[str, str] | None:
    """This session's case number and its medewerker's full name, when its question was handed off."""
    overdracht = overdracht_in_gesprek(tracker) or {}
    naam = (overdracht.get("medewerker") or {}).get("naam")
    return (overdracht["zaak"], naam) if overdracht.get("zaak") and naam else None


def wacht_op_zaak(tekst: str, tracker: Tracker) -> bool:
    """"Hoe lang duurt het nog?" or "kan het sneller, het is dringend" after this conversation's handoff: a
    question about its promise, not about how long the subject's permit takes."""
    return (NOG_WACHTEN.search(tekst) is not None or wil_sneller(tekst)) and overdracht_in_gesprek(tracker) is not None


def wil_sneller(tekst: str) -> bool:
    """The entrepreneur cannot wait for the promise ("kan het sneller?", "kan hij vandaag nog bellen")."""
    return SNELLER.search(tekst) is not None


def contact_afgeslagen(tracker: Tracker) -> bool:
    """The entrepreneur said no to contact in this session: stopped the questions ("ik wil toch niet
    gebeld worden") or declined the offer to arrange a call. The offer is then not made again."""
    afgeslagen, laatste_actie = False, None
    for event in tracker.events or []:
        soort = event.get("event")
        if soort == "session_started":
            afgeslagen = False
        elif soort == "action" and event.get("name") != "action_listen":
            laatste_actie = event.get("name")
        elif soort == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            afgeslagen = afgeslagen or intent == "stop" or (intent == "deny" and laatste_actie == "utter_regel_aanbod")
    return afgeslagen


def instantie_bij_huidig(huidig: Artikel | None, tekst: str, herkend: Herkend) -> bool:
    """A follow-up on the card just given that names another organisation on the way, as the card itself does: "waar
    vraag ik die aan, moet ik het kenteken meesturen" (the parking permit's application, not the RDW), "moet ik dan
    bij de kvk ingeschreven staan" after the market (its conditions name the KVK)."""
    return huidig is not None and verwijst_terug(tekst) and artikel_noemt(huidig, herkend.instantie, tekst)
