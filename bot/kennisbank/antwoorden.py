"""Compose the assistant's answers from an article: the texts, buttons and custom payloads
described in ``shared/berichten.md``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.zoeken import Treffer
from bot.kern import teksten
from bot.kern.invoer import begrens
from bot.kern.spreektaal import MAX_GELEZEN, voluit


class Onderdeel(str, Enum):
    """Which part of an article the entrepreneur asks for."""

    KORT = "kort"
    KOSTEN = "kosten"
    DOORLOOPTIJD = "doorlooptijd"
    AANVRAGEN = "aanvragen"
    VOORWAARDEN = "voorwaarden"
    MEER = "meer"


ONDERDEEL_PER_INTENT = {
    "ask_costs": Onderdeel.KOSTEN,
    "ask_duration": Onderdeel.DOORLOOPTIJD,
    "ask_how_to_apply": Onderdeel.AANVRAGEN,
    "ask_conditions": Onderdeel.VOORWAARDEN,
    "ask_more": Onderdeel.MEER,
}

INTENT_PER_ONDERDEEL = {onderdeel: intent for intent, onderdeel in ONDERDEEL_PER_INTENT.items()}
# The intents that ask the kennisbank something: a question, or a part of an article.
KENNISBANK_INTENTS = frozenset({"ask_question", *ONDERDEEL_PER_INTENT})

KNOP_TITELS = {
    Onderdeel.VOORWAARDEN: "Voorwaarden",
    Onderdeel.KOSTEN: "Kosten",
    Onderdeel.DOORLOOPTIJD: "Hoe lang duurt het?",
    Onderdeel.AANVRAGEN: "Hoe vraag ik het aan?",
}

INLEIDINGEN = {
    Onderdeel.KOSTEN: "Wat kost het?",
    Onderdeel.DOORLOOPTIJD: "Hoe lang duurt het?",
    Onderdeel.AANVRAGEN: "Hoe regelt u het?",
    Onderdeel.VOORWAARDEN: "Waar moet u aan voldoen?",
    Onderdeel.MEER: "Meer uitleg",
}

# Words in a question that ask for one part of an article ("wat kost een terras?").
ONDERDEEL_WOORDEN = [
    # "ik kan de huur niet meer betalen" is money trouble, not a question about costs; "wat ben ik daar
    # aan kwijt" asks the costs, "ik ben mijn vergunning kwijt" does not
    (Onderdeel.KOSTEN, re.compile(r"\b(kost|kosten|kostte|prijs|prijzen|tarief|tarieven|leges|duur|bedrag|gratis|"
                                  r"(?<!niet )(?<!niet meer )(?<!niet kunnen )(?<!geen )betalen|betaal|"
                                  r"hoeveel is (het|dat|die|dit|de|een|precario\w*|\w*belasting)|neerleggen|neertellen|"
                                  r"total cost|costs?|price|fee|"
                                  r"hoeveel (krijg|krijgen|kreeg|ontvang) (ik|je|u|we|wij)|"
                                  r"wat (ben|zijn) (ik|je|u|we|wij) (\w+ ){0,3}kwijt|wat vraagt de gemeente)\b")),
    (Onderdeel.DOORLOOPTIJD, re.compile(r"\b(hoe ?lang(?! (?:\w+ ){0,4}?(?:geldig|open|mag|mogen|blijven|blijft|staan)\b)|duurt|duren|doorlooptijd|termijn|hoeveel (dagen|weken|tijd)|"
                                        r"van ?tevoren|vooruit|op tijd|hoe snel|hoe vroeg|vanaf wanneer|"
                                        r"wanneer (hoor|krijg|weet) (ik|we|wij)|"
                                        # "wanneer moet ik dat uiterlijk regelen", "is 2 weken van tevoren te laat"
                                        r"(?<!het )(?<!een )uiterlijk|deadline|(is|ben|zijn) (\w+ ){0,5}?te laat)\b")),
    # "hoe doe ik die melding", "bij wie moet ik zijn": how to arrange it, not whether it is needed;
    # "welke papieren moet ik aanleveren": the documents are in the part on how to apply
    (Onderdeel.AANVRAGEN, re.compile(r"\b(aanvragen|aanvraag doen|vraag ik|hoe vraag (je|u|we|wij)|hoe vraagt (u|je|men)|hoe regel|indienen|"
                                     r"hoe doe ik|hoe doen we|"
                                     r"hoe (meld|geef|schrijf) ik|waar (meld|geef) ik|hoe pak ik (dat|het|die) aan|"
                                     r"bij wie (moet|kan|meld) ik|bij welk loket|kan (dat|het|dit) online|welk formulier|"
                                     r"waar moet ik (zijn|heen|naartoe)|wat moet ik doen (om|zodat)|"
                                     r"met wie (moet|kan) ik contact|welke (papieren|documenten|stukken|bewijzen)|"
                                     r"aanleveren|meesturen|bijvoegen|invullen|online|digitaal|registreren|hoe (krijg|kom) (ik|we|wij) (\w+ ){0,2}(toestemming|"
                                     r"een vergunning|een ontheffing|die vergunning|die ontheffing)|"
                                     r"hoe (krijg|krijgen|kom|komen) (ik|we|wij|je) (aan )?(dat|die|dit|het|hem|zo'?n|zo een)\b|"
                                     # "hoe kom ik daar aan een plek", "kan dat via internet", "hoe plan ik dat in"
                                     r"hoe (krijg|krijgen|kom|komen) (ik|we|wij|je) (daar |er )?aan (een |de |die )?(vaste )?"
                                     r"(plek|plaats|standplaats|vergunning|ontheffing)|via (het )?internet|op papier|"
                                     r"hoe plan (ik|je|we|wij) (dat|het|dit|een afspraak|een bezoek|een gesprek) in|"
                                     r"(hoe|waar) maak (ik|je|we|wij) (een )?afspraak|"
                                     r"(vraag|vragen) (we|wij) ([\w&'-]+ ){0,6}aan|"
                                     # "via welke site moet dat", "moet ik me vooraf aanmelden"
                                     r"(via |op )?welke (web)?site|via (de )?(web)?site|(vooraf|eerst|van tevoren) aanmelden|"
                                     r"hoe meld (ik|je|u) (me|mij|je|zich) aan|waar (kan|moet) ik (dat|het|die|dit) "
                                     r"(\w+ )?(aanvragen|doen|regelen|indienen)|"
                                     # "hoe registreer ik me", "moet ik me ergens inschrijven", "waar schrijf ik me in"
                                     r"hoe registreer (ik|je|u|we|wij)|waar (registreer|schrijf|meld) (ik|je|we|wij) "
                                     r"(me|mij|ons|mezelf)|(me|mij|ons) (ergens |eerst |vooraf |daar |hier )?"
                                     r"(aanmelden|inschrijven|registreren))\b")),
    # "wat moet ik daar allemaal voor hebben", "mag iedereen dat", "geldt dat ook voor ons": what it takes
    # (not "wat heb ik nodig" alone: that may ask for everything a situation involves)
    (Onderdeel.VOORWAARDEN, re.compile(r"\b(voorwaarden|eisen|regels|voldoen|aan houden|op letten|"
                                       r"wat (moet|heb|moeten|hebben) (ik|we|wij) (daar|daarvoor|ervoor|er|dan) "
                                       r"(allemaal )?(voor )?(hebben|nodig)|wat moet ik hebben|diploma voor (hebben|nodig)|"
                                       r"(mag|kan) (iedereen|elke|elk|ieder)|voor wie (geldt|is)|in aanmerking|"
                                       r"hangt (het|dat) (van )?af|waar hangt|vanaf hoeveel|hoe (hard|groot|hoog) mag|"
                                       r"tot hoe (hard|groot|hoog)|wanneer is een melding genoeg|is een melding (dan |ook )?genoeg|"
                                       r"geldt (dat|dit|het|die regel) (ook|dan|voor)|hoeveel (\w+ ){0,4}mag (ik|we|wij|je)|"
                                       # "heb ik er ook recht op als ...", "kan ik dat ook krijgen als eenmanszaak"
                                       r"recht op|ook (\w+ ){0,2}(krijgen|gebruiken|meedoen) als|"
                                       r"(mag|kan) (ik|we|wij) (nog|ook) (dan )?meedoen)\b")),
]


# "hoe lang mag ik open blijven", "hoe lang is die vergunning geldig": how long something lasts or is allowed,
# not how long the municipality takes (the duration part).
GEEN_DOORLOOPTIJD = re.compile(r"\bhoe ?lang (?:\w+ ){0,4}?(?:geldig|open|mag|mogen|blijven|blijft|staan)\b")

# Where one question in a message ends and the next may begin.
DEEL_GRENS = re.compile(r"[?!;]+|\.\s+|(?<!\s)\s+(?:en|en ook|maar|of)\s+(?=(?:hoe|wat|wanneer|waar|welke|moet|mag|kan|heb|is|zijn|hoeveel|duurt|kost)\b)")
# A part of a message that asks whether something is needed or allowed: the short answer.
HOOFDVRAAG = re.compile(
    r"\b(heb ik|hebben we|hebben wij|moet ik|moeten we|moeten wij|mag ik|mogen we|mogen wij|kan ik|kunnen we|"
    r"is (dat|het|er) (nodig|toegestaan|verplicht)|nodig|toegestaan|verplicht|vergunning|"
    # a closed question about one thing: "mag dat zomaar", "kan dat", "moet de gemeente dat weten", "moet de vergunning
    # opnieuw" ("moet alles opnieuw" asks for everything: BREDE_VRAAG)
    r"mag (dat|het|dit)|kan (dat|het|dit)|moet(en)? (de gemeente|jullie) (dat|dit|het|daar|daarvan|ervan)|"
    r"(moet|moeten) (\w+ ){0,2}?opnieuw)\b"
)


# A question that asks for everything a situation involves ("wat moet ik allemaal regelen").
BREDE_VRAAG = re.compile(
    r"\b(allemaal|alles|waar moet ik (allemaal )?aan denken|wat komt (er|daar) ?(allemaal )?bij kijken|welke vergunningen|"
    r"wat voor vergunningen|welke papieren|waar (moet ik )?beginnen|waar begin ik|"
    r"wat moet(en)? (ik|we|wij|er) ((allemaal|vandaag|nu|nog|echt|eigenlijk|dan|bij de gemeente|bij jullie) ){0,3}"
    r"(regelen|geregeld|doen|weten)|"
    r"wat regel(t de gemeente| ik)|waar moet(en)? (ik|we|wij) (allemaal )?op letten)\b"
    r"|\bwat ((heb|hebben) (ik|we|wij) (allemaal )?|(is er )?)nodig\W*$"
)


# "alles" in the story, not in the question: "hij had alles geregeld", "de eigenaar zei dat alles geregeld was".
ALLES_IN_VERHAAL = re.compile(r"\b(had|heeft|hadden|hebben)\b( \w+){0,2}? alles\b|"
                              r"\balles (was|is|staat|stond) (\w+ )?(geregeld|in orde|op orde|goed)\b|"
                              r"\b(zei|zegt|zeiden) dat alles\b")


# A plan a situation is about ("een foodtruck beginnen", "we gaan een b&b", "straatfeest organiseren").
PLAN = re.compile(r"\b(beginnen|begin|begint|starten|start|opstarten|openen|open|opzetten|overnemen|overname|neem|nemen|"
                  r"organiseren|organiseer|organiseert|verbouwen|verbouw|verhuizen|verhuis|uitbreiden|breid|aannemen|"
                  r"verduurzamen|van plan|plannen|inrichten|richt|ombouwen|bouwen|bouw|vestigen|vestig|huren|huur|huurt|"
                  r"verhuren|verhuur|verhuurt|kopen|koop|maken|maak|houden|houd|geven|geef|worden|word|wordt|"
                  r"(?:wil|willen|ga|gaan) (?:graag |binnenkort )?(?:een|mijn eigen|ons eigen))\b")


def vraagt_iets_specifieks(tekst: str) -> bool:
    """Whether the message asks one thing ("mag ik...", "wat kost...", "hoe regel ik dat", or a need without
    a plan: "foodtruck neerzetten waar", "b&b belasting") rather than everything a situation involves ("ik
    wil een foodtruck beginnen", "wat moet ik allemaal regelen"): then one article that fits clearly answers it best."""
    kleine_letters = begrens(tekst).lower()
    if BREDE_VRAAG.search(ALLES_IN_VERHAAL.sub(" ", kleine_letters)):
        return False
    return bool(HOOFDVRAAG.search(kleine_letters) or onderdeel_uit_tekst(kleine_letters) or "hoe regel" in kleine_letters
                or not PLAN.search(kleine_letters))


@dataclass
class Bericht:
    """One bot message: text, optional buttons and an optional custom payload."""

    tekst: str
    knoppen: list[dict[str, str]] = field(default_factory=list)
    custom: dict[str, Any] | None = None


def onderdeel_uit_tekst(tekst: str) -> Onderdeel | None:
    kleine_letters = voluit(begrens(tekst).lower())  # "hoe ver van te voren" asks "van tevoren"
    for onderdeel, patroon in ONDERDEEL_WOORDEN:
        if patroon.search(kleine_letters):
            return onderdeel
    return None


def vraagdelen(tekst: str) -> list[str]:
    """The parts of a message that can each be a question: split at question marks, full
    stops and the words that join two questions ("... nodig en hoe lang duurt dat?")."""
    delen = DEEL_GRENS.split(begrens(tekst).lower())
    return [deel.strip(" ,") for deel in delen if deel and deel.strip(" ,")]


def onderdelen_uit_tekst(tekst: str, intent_onderdeel: Onderdeel | None = None) -> list[Onderdeel]:
    """Every part of an article a message asks for, in the order asked ("heb ik een vergunning
    nodig en hoe lang duurt dat?" asks the short answer and the duration). A part of the
    message that names no part of an article but asks whether something is needed or allowed
    asks for the short answer. The follow-up intent's part comes first when the words miss it."""
    gevraagd: list[Onderdeel] = []
    for deel in vraagdelen(tekst):
        onderdeel = onderdeel_uit_tekst(deel)
        if onderdeel is None and HOOFDVRAAG.search(deel):
            onderdeel = Onderdeel.KORT
        if onderdeel is not None and onderdeel not in gevraagd:
            gevraagd.append(onderdeel)
    if intent_onderdeel is Onderdeel.DOORLOOPTIJD and GEEN_DOORLOOPTIJD.search(begrens(tekst).lower()):
        intent_onderdeel = None  # "hoe lang mag ik open blijven", "hoe lang is die geldig": not how long it takes
    if intent_onderdeel is not None and intent_onderdeel not in gevraagd:
        gevraagd.insert(0, intent_onderdeel)
    if len(gevraagd) > 1 and Onderdeel.KORT in gevraagd:  # the short answer opens a combined answer
        gevraagd.remove(Onderdeel.KORT)
        gevraagd.insert(0, Onderdeel.KORT)
    return gevraagd or [Onderdeel.KORT]


def nieuwe_onderdelen(artikel: Artikel, onderdelen: list[Onderdeel], verstuurd: list[str]) -> list[Onderdeel]:
    """The parts asked for whose text was not shown yet in this conversation (``verstuurd``: the bot's texts)."""
    return [o for o in onderdelen if not any(onderdeel_tekst(artikel, o) in t for t in verstuurd)]


def antwoord_bericht(artikel: Artikel, onderdeel: Onderdeel | list[Onderdeel], voorwoord: str = "") -> Bericht:
    """The answer from one article: the part or parts asked for (after ``voorwoord``, if any), the link, and buttons
    for the rest."""
    onderdelen = [onderdeel] if isinstance(onderdeel, Onderdeel) else list(onderdeel) or [Onderdeel.KORT]
    delen = [
        {"kort": o is Onderdeel.KORT, "inleiding": INLEIDINGEN.get(o, ""), "tekst": onderdeel_tekst(artikel, o)}
        for o in onderdelen
    ]
    tekst = teksten.tekst("kennisbank/antwoord.txt", artikel=artikel, delen=delen, voorwoord=voorwoord)
    knoppen = [
        {"title": titel, "payload": knop_payload(INTENT_PER_ONDERDEEL[ander], artikel.id)}
        for ander, titel in KNOP_TITELS.items()
        if ander not in onderdelen
    ]
    kaart = {"id": artikel.id, "titel": artikel.titel, "url": artikel.link, "onderdeel": onderdelen[0].value}
    if len(onderdelen) > 1:
        kaart["onderdelen"] = [o.value for o in onderdelen]
    return Bericht(tekst=tekst, knoppen=knoppen, custom={"kennisbank": kaart})


# A follow-up that asks for a rule: whether something is allowed or required, how much or how far ("mag dat terras
# het hele jaar blijven staan", "tellen kinderen ook mee", "hoeveel stoep moet er vrij blijven"). Not why a decision
# was taken ("waarom mag café De Zwaan wel tot 4 uur?"), nor what a neighbour, a competitor or a landlord may do or
# demands ("mag de buurman daar ook zijn tafels neerzetten?"): the article's conditions are the entrepreneur's own.
REGELVRAAG = re.compile(r"\b(?:mag|mogen|moet|moeten|hoef|hoeft|hoeven|telt|tellen|geldt|gelden|verplicht|toegestaan|"
                        r"geldig|hoeveel|vanaf|maximaal|minimaal|hoe (?:ver|breed|groot|hoog|laat|vaak))\b", re.IGNORECASE)
WAAROM = re.compile(r"\bwaarom\b", re.IGNORECASE)
ANDERE_PARTIJ = re.compile(r"\b(?:buurman|buurvrouw|buren|overbuurman|overbuurvrouw|concurrent|concurrenten|verhuurder|"
                           r"huisbaas|vorige eigenaar|schoonvader|schoonmoeder)\b", re.IGNORECASE)


def vraagt_een_regel(tekst: str) -> bool:
    """Whether a follow-up asks for a rule of the entrepreneur's own (``REGELVRAAG``), not why."""
    tekst = begrens(tekst)
    return REGELVRAAG.search(tekst) is not None and not WAAROM.search(tekst) and not ANDERE_PARTIJ.search(tekst)


# Not being able to pay is money trouble: "de huur niet meer kunnen betalen", "ik kan de lonen niet uitbetalen", and so
# are arrears, debts and the bailiff. Not a bill not paid by someone else ("de gemeente heeft mijn factuur niet
# betaald", "een klant betaalt mijn rekening niet").
NIET_BETALEN = re.compile(r"\b(?:niet|niks|niets) (?:meer |langer |kunnen |kan |kon |goed |op tijd )*(?:betalen|uitbetalen)\b"
                          r"|\b(?:betalings)?achterstand(?:en)?\b|\bdeurwaarders?\b|\bschulden\b|\b\w{3,}schuld(?:en)?\b"
                          # "in de problemen met mijn rekeningen betalen", "ik red het financieel niet meer"
                          r"|\bproblemen met (?:\w+ ){0,2}?(?:betalen|rekeningen|huur|lasten)\b|\bgeld(?:problemen|zorgen)\b"
                          r"|\bfinancie(?:el|le) (?:problemen|zorgen)\b|\bred (?:het|ik het) financieel (?:\w+ )?niet meer\b"
                          # "ik kom al maanden niet meer rond", "het gaat financieel niet zo lekker"
                          r"|\b(?:kom|komen) (?:ik |we |wij )?(?:\w+ ){0,2}?niet (?:meer )?rond\b"
                          r"|\bfinancieel (?:gaat (?:het|ie) |loopt (?:het) )?(?:niet (?:zo |meer |echt )?(?:lekker|goed)|slecht|beroerd)\b"
                          r"|\bgaat (?:het )?financieel (?:niet (?:zo |meer |echt )?(?:lekker|goed)|slecht|beroerd)\b",
                          re.IGNORECASE)


def kan_niet_betalen(tekst: str) -> bool:
    """Whether the entrepreneur says they cannot pay, or are behind with payments (``NIET_BETALEN``)."""
    return NIET_BETALEN.search(begrens(tekst)) is not None


# A short follow-up that asks nothing in particular: "wat nu", "en dan?", "moet ik iets doen", "hoe nu verder".
VAAG_VERVOLG = re.compile(r"^\W*(?:(?:en|maar|ok|oke|oké|dus)\W+)?(?:wat nu|en nu|(?:en )?dan|hoe nu verder|hoe verder|"
                          r"wat moet ik (?:nu |dan )?(?:doen|regelen)|moet ik (?:nu |dan )?(?:iets|wat) doen|wat nou|"
                          r"en verder|wat betekent dat(?: voor mij)?|wat houdt dat in(?: voor mij)?)\W*$", re.IGNORECASE)


# Words that say nothing of what the entrepreneur wants to do: a question made only of these ("ik heb een vraag
# over mijn bedrijf", "hoe zit dat met vergunningen") is answered by asking what they are planning.
ALGEMENE_WOORDEN = frozenset({"bedrijf", "bedrijfje", "zaak", "zaakje", "onderneming", "ondernemer", "vergunning",
                              "regel", "regels", "gelden", "weet", "weten", "vraag", "vraagje", "informatie", "info",
                              "hulp", "nodig", "gemeente", "zzp", "iets", "dingen", "ding", "soort"})


def is_algemene_vraag(inhoudswoorden: set[str]) -> bool:
    """A question whose content words (the search's) name no subject, situation or part: only ALGEMENE_WOORDEN."""
    return bool(inhoudswoorden) and inhoudswoorden <= ALGEMENE_WOORDEN


def welk_onderdeel_bericht(artikel: Artikel, variant: int) -> Bericht:
    """After an answer, a follow-up that asks nothing in particular: the article's parts and a person to choose."""
    knoppen = [{"title": titel, "payload": knop_payload(INTENT_PER_ONDERDEEL[onderdeel], artikel.id)}
               for onderdeel, titel in KNOP_TITELS.items()]
    knoppen.append({"title": teksten.tekst("kennisbank/knop_medewerker.txt"), "payload": "/request_human"})
    return Bericht(tekst=teksten.tekst("kennisbank/welk_onderdeel.txt", artikel=artikel, variant=variant), knoppen=knoppen)


def regels_bij_vervolg(artikel: Artikel, tekst: str, verstuurd: list[str]) -> Bericht | None:
    """A follow-up that asks for a rule, which no sentence of the article answers by its words ("tellen kinderen
    ook mee", "hoe ver mag ik de stoep op"): the article's conditions when they were not shown yet, said honestly
    that the answer may not be among them; else None. Measured on the development sets' follow-ups in
    docs/zoeken.md ("Round fifteen")."""
    if not artikel.voorwaarden or not vraagt_een_regel(tekst):
        return None
    if not nieuwe_onderdelen(artikel, [Onderdeel.VOORWAARDEN], verstuurd):
        return None
    voorwoorden = [teksten.tekst("kennisbank/regels_bij_vervolg.txt", artikel=artikel, variant=v) for v in (0, 1)]
    # the opening words of a wording sent before (about another article) are not used again
    voorwoord = next((v for v in voorwoorden if not any(v.split('"')[0] in t for t in verstuurd)), voorwoorden[0])
    return antwoord_bericht(artikel, Onderdeel.VOORWAARDEN, voorwoord=voorwoord)


def niet_gedekt_bericht(artikel: Artikel, variant: int) -> Bericht:
    """A follow-up the article does not answer: said honestly, naming the subject."""
    return Bericht(tekst=teksten.tekst("kennisbank/niet_gedekt.txt", artikel=artikel, variant=variant))


def ander_onderwerp_bericht(aanbod: list[tuple[Artikel, Onderdeel]]) -> Bericht:
    """The other subjects of a message that asked about several: offered, each with a button that answers the
    part asked for."""
    knoppen = [{"title": artikel.titel, "payload": knop_payload(INTENT_PER_ONDERDEEL.get(onderdeel, "ask_question"),
                                                                 artikel.id)} for artikel, onderdeel in aanbod]
    return Bericht(tekst=teksten.tekst("kennisbank/ander_onderwerp.txt", artikelen=[a for a, _ in aanbod]),
                   knoppen=knoppen)


def keuze_bericht(treffers: list[Treffer], inleiding: str) -> Bericht:
    keuzes = [{"id": t.artikel_id, "titel": t.titel} for t in treffers]
    knoppen = [{"title": t.titel, "payload": knop_payload("ask_question", t.artikel_id)} for t in treffers]
    knoppen.append({"title": teksten.tekst("kennisbank/knop_medewerker.txt"), "payload": "/request_human"})
    knoppen.append({"title": teksten.tekst("kennisbank/knop_iets_anders.txt"), "payload": "/deny"})
    return Bericht(tekst=inleiding, knoppen=knoppen, custom={"keuzes": keuzes})


def knop_payload(intent: str, artikel_id: str) -> str:
    return f"/{intent}{json.dumps({'onderwerp': artikel_id})}"


def onderdeel_tekst(artikel: Artikel, onderdeel: Onderdeel) -> str:
    if onderdeel is Onderdeel.KORT:
        return artikel.kort_antwoord
    if onderdeel is Onderdeel.KOSTEN:
        return artikel.kosten
    if onderdeel is Onderdeel.DOORLOOPTIJD:
        return artikel.doorlooptijd
    if onderdeel is Onderdeel.AANVRAGEN:
        return artikel.aanvragen
    if onderdeel is Onderdeel.VOORWAARDEN:
        return "\n".join(f"- {v}" for v in artikel.voorwaarden)
    return artikel.uitleg


# An answer that tells the entrepreneur to phone or e-mail someone ("bel 14 0123", "mail naar ...").
# Not "per e-mail" or "een e-mail": that is how something is sent, not an instruction.
BEL_OF_MAIL = re.compile(r"(?<![-\w])(bel|belt|bellen|mail|mailt|mailen)\b", re.IGNORECASE)


def vraagt_te_bellen(tekst: str) -> bool:
    """Whether an answer's text (its first ``MAX_GELEZEN`` characters) sends the entrepreneur to phone or e-mail
    someone: the assistant offers to arrange it."""
    return bool(BEL_OF_MAIL.search(tekst, 0, MAX_GELEZEN))

