"""What the entrepreneur already said: the facts in their own messages, so they are not asked again.

Precision first: a fact is only taken when the words leave little doubt ("ik ben Marloes de Wit",
"Dorpsstraat 12", "factuur 2026-118", "zo'n 300 bezoekers"); everything taken is shown back in the
summary before the handoff, where the entrepreneur can correct it. Rules only, no NER model, so
the result is the same with the offline Dutch pipeline.

Each function reads at most the first ``MAX_TEKENS`` characters of a message (``begrens``), and
every pattern is linear: where a run of characters may start a match, the pattern starts only at
the beginning of the run (a lookbehind), and no two quantifiers can take the same characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.kern.invoer import begrens
from bot.kern.velden import vind_email, vind_kvk_nummer, vind_telefoonnummer
from bot.overdracht.namen import ADRES, PLEK, bedrijf_in, naam_in
from bot.zaken.models import ZAAKNUMMER_PATTERN

MAANDEN = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
DAGEN = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
DATUM = re.compile(
    rf"\b(?:(?:{DAGEN})\s+)?\d{{1,2}}(?:\s*(?:en|t/m|tot|-)\s*\d{{1,2}})?\s+(?:{MAANDEN})\b(?:\s+\d{{4}})?"
    rf"|\b\d{{1,2}}[-/]\d{{1,2}}(?:[-/]\d{{2,4}})?\b"
    rf"|\b(?:begin|half|eind|medio|per|in|vanaf|op|voor)\s+(?:{MAANDEN})\b"
    rf"|\b(?:volgende|komende|deze)\s+(?:week|maand|zomer|winter|herfst|lente|voorjaar|najaar|{DAGEN})\b"
    rf"|\b(?:in|na|voor|rond|tijdens|met|vanaf)\s+(?:de\s+|het\s+)?(?:zomer|winter|herfst|lente|voorjaar|najaar|"
    rf"(?:zomer|kerst|herfst|mei)?vakantie|kerst|pasen|koningsdag|oud en nieuw|sinterklaas|jaarwisseling)\b"
    rf"|\b(?:morgen|overmorgen|vandaag)\b",
    re.IGNORECASE,
)
BEZOEKERS = re.compile(
    r"\b(?<!\d[.\s])(\d{1,3}(?:[.\s]\d{3})*(?!\d)|\d+(?!\d))\s*(?:(?:à|a|tot|-)\s*)?(?:\d+(?!\d)\s*)?"
    r"(?:bezoekers|mensen|personen|gasten|man|deelnemers|visitors|people|guests)\b",
    re.IGNORECASE,
)
FACTUUR = re.compile(r"\bfactuur(?:nummer|nr\.?)?\s*(?:is|:|#|nummer)?\s*([A-Z0-9][A-Z0-9/-]{2,})", re.IGNORECASE)
REDEN = re.compile(r"\b(?:omdat|want|zodat|vanwege|doordat|in verband met|i\.?v\.?m\.?|wegens|because|so that)\b",
                   re.IGNORECASE)
PLANNING = re.compile(r"\b(?:over \d+ (?:dagen|weken|maanden)|binnen \d+ (?:dagen|weken|maanden)|volgend jaar|dit jaar|"
                      r"\d+\s*(?:m2|m²|vierkante meter|meter|stoelen|tafels|zitplaatsen|medewerkers|plekken|kramen))\b",
                      re.IGNORECASE)
# The entrepreneur asks to be contacted by a person ("kan iemand mij bellen", "iemand die meekijkt").
PERSOON_GEVRAAGD = re.compile(
    r"\b(?:iemand (?:spreken|bellen|die (?:mee)?kijkt|die meedenkt|die (?:mij|me) helpt|langs)|"
    r"(?:kan|kunt|wil|mag|zou) (?:iemand|u|jij|je|een medewerker|de accountmanager|die accountmanager) (?:mij |me |ons )?(?:(?:even|eens|morgen|vandaag|vanmiddag|nog|snel|zsm|asap|graag|aub|alstublieft|alsjeblieft|terug) ){0,3}"
    r"(?:bellen|terugbellen|mailen|langskomen|spreken)|"
    r"bel(?:t)? (?:mij|me)\b|(?:bellen|mailen|bereikbaar) (?:kan|mag|ben ik)? ?(?:op|via)|(?:graag|wil) (?:iemand )?(?:spreken|bellen)|"
    r"mee ?(?:kijken|kijkt|denken|denkt)|terugbellen|terug bellen|(?:neem|nemen) contact|contact (?:met mij|met me) op|"
    r"can (?:someone|you|somebody) (?:call|email|contact)|"
    # "regel maar dat iemand belt", "ik wil wel gebeld worden", "die accountmanager mag mij bellen"
    r"regel (?:\w+ ){0,2}?dat (?:iemand|die|de|een|hij|zij|ze)\b(?: \w+){0,2}? (?:belt|terugbelt|mailt|langskomt)|"
    r"wil (?:(?:wel|graag|dus|toch|even|nu|nou) ){0,2}(?:gebeld|teruggebeld|gemaild) worden|"
    r"wil dat (?:iemand|u|jullie|de \w+|die \w+) (?:mij|me|ons) (?:\w+ )?(?:belt|terugbelt|mailt)|"
    r"(?:iemand|die \w+|de \w+) (?:mag|moet|kan) (?:mij|me|ons) (?:\w+ )?(?:bellen|terugbellen|mailen)|"
    # "kan iemand dat toch uitzoeken?", "kunt u het voor mij regelen"
    r"(?:kan|kunt|wil|zou|kunnen) (?:iemand|u|jij|je|jullie|een medewerker) (?:dat|het|dit) (?:(?:voor mij|voor me|voor ons|"
    r"toch|even|eens|dan|maar|wel) ){0,3}(?:uitzoeken|regelen|oppakken)|"
    # "kan 1 iemand van de gemeente dit met ons doorlopen?", "kan iemand alles met mij doornemen"
    r"(?:kan|kunt|wil|zou|kunnen) (?:er )?(?:1 |één |een )?(?:iemand|persoon|medewerker)(?: van de gemeente| van jullie)? "
    r"(?:dit|dat|het|alles|dit allemaal|het allemaal) (?:(?:even|eens|samen|een keer) )?met (?:ons|mij|me) "
    r"(?:(?:even|eens|samen) )?(?:doorlopen|doornemen|bespreken|doorspreken|regelen))",
    re.IGNORECASE,
)
# "kan ik iemand bellen bij het ondernemersloket, wat is het nummer": the number is asked for, not a callback.
CONTACTGEGEVENS = re.compile(
    r"\b(?:wat is (?:het|jullie|uw|hun|zijn|haar|het tele(?:foon)?) ?(?:tele(?:foon)?)?nummer|welk (?:tele(?:foon)?)?nummer(?! (?:ben|sta|heb|krijg) (?:ik|we|wij)\b)|"
    r"(?:tele(?:foon)?nummer|e-?mail ?adres|mailadres) (?:van|voor)|hoe (?:bereik|bel|mail) ik|"
    # phone style: "telnr ondernemersloket", "telefoonnummer gemeente?"
    r"(?:tele(?:foon)?(?:nummer|nr)|tel\.? ?(?:nr|nummer)|e-?mail ?adres|mailadres) (?:(?:van|voor) )?(?:het |de |jullie )?"
    r"(?:ondernemersloket|loket|gemeente|klantcontactcentrum|kcc|accountmanager))\b",
    re.IGNORECASE,
)
# "... wat is het nummer? of bel mij terug": a callback asked for after all.
TERUGBELLEN = re.compile(r"\b(?:bel|belt) (?:mij|me|ons)\b|\b(?:mij|me|ons) (?:\w+ )?(?:bellen|terugbellen|mailen)\b|"
                         r"\bteruggebeld\b|\bterug ?bellen\b|\bgebeld worden\b|\bcontact met (?:mij|me|ons) op\b",
                         re.IGNORECASE)
# "hoe lang duurt het voor ik gebeld word?", "wanneer hoor ik iets?": about the handoff, not a subject.
WANNEER_GEBELD = re.compile(
    r"\b(?:wanneer|hoe (?:lang|snel)|binnen hoeveel|how (?:long|soon)|when)\b[^.?!]{0,40}?"
    r"\b(?:gebeld|bellen|belt|bel|contact|reactie|antwoord|terugbellen|teruggebeld|hoor|horen|call|calls|called|hear)\b",
    re.IGNORECASE,
)
# A time to be called: "na 14u", "tussen 9 en 11", "'s ochtends", "morgenochtend" (with BEREIKBAAR in the sentence).
BELMOMENT = re.compile(
    r"\b(?:(?:na|voor|vanaf|om|tot)\s+\d{1,2}(?:[.:]\d{2}|\s*u(?:ur)?\b)|tussen\s+\d{1,2}(?:[.:]\d{2})?\s*(?:u(?:ur)?\s+)?en\s+\d|"
    r"'?s\s+(?:ochtends|middags|avonds|morgens)\b|"
    r"morgen(?:ochtend|middag|avond)\b|vanochtend\b|vanmiddag\b|vanavond\b|overdag\b|in de (?:ochtend|middag|avond)\b|"
    r"na de lunch\b|(?:after|before|between)\s+\d{1,2}|in the (?:morning|afternoon|evening)\b|"
    # "dinsdag na 2 uur": the day is part of the wish
    r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?:ochtend|middag|avond)?\b|overmorgen\b|"
    r"(?:monday|tuesday|wednesday|thursday|friday)\b)",
    re.IGNORECASE,
)
BEREIKBAAR = re.compile(r"\b(?:bel\w*|gebeld|terugbel\w*|bereikbaar|call\w*|reach\w*|available)\b", re.IGNORECASE)
# "Wie kan mij daarmee helpen?", "met wie moet ik praten?": after a story, a request for a person.
WIE_HELPT = re.compile(r"\b(?:wie (?:kan|kunt|moet|mag) (?:ik |mij |me |ons )?(?:daar ?|hier ?|daarmee |hiermee |hierbij |daarbij |)"
                       r"(?:mee )?(?:helpen|spreken|bellen|hebben)|(?:met|bij) wie (?:kan|moet|mag) ik)\b", re.IGNORECASE)
# What changes to a building ("er moet een muur uit", "een dakkapel erop").
VERBOUWING = re.compile(r"\b(?:muur|muren|dak|dakkapel|uitbouw|aanbouw|opbouw|pui|gevel|kozijn\w*|afzuig\w*|trap|vloer|"
                        r"verdieping|splitsen|ombouwen|slopen|sloop|aanbouwen|uitbouwen|optrekken|doorbreken|"
                        r"zonnepanelen|ander gebruik|anders gebruiken)\b", re.IGNORECASE)
ZIN = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass(frozen=True)
class Gevonden:
    """Facts found in one or more messages; None where nothing clear was said."""

    telefoon: str | None = None
    email: str | None = None
    kvk_nummer: str | None = None
    zaaknummer: str | None = None
    contactnaam: str | None = None
    bedrijfsnaam: str | None = None
    datum: str | None = None
    aantal_bezoekers: str | None = None
    adres: str | None = None
    factuurnummer: str | None = None
    verbouwing: str | None = None
    reden: str | None = None
    planning: str | None = None
    verhalen: tuple[str, ...] = field(default_factory=tuple)

    def aangevuld_met(self, later: Gevonden) -> Gevonden:
        """These facts, with what ``later`` adds where nothing was known; a later story is added."""
        waarden = {k: getattr(self, k) or getattr(later, k) for k in self.__dataclass_fields__ if k != "verhalen"}
        return replace(self, **waarden, verhalen=self.verhalen + later.verhalen)

    @property
    def verhaal(self) -> str | None:
        """The longest message that tells something ("ik kan de belastingen niet meer betalen")."""
        return max(self.verhalen, key=len) if self.verhalen else None

    def herken(self, soort: str | None) -> str | None:
        """The fact a configured step looks for (config/vragen.yml ``herken``)."""
        return getattr(self, soort) if soort else None


def lees(tekst: str) -> Gevonden:
    """The facts in one message."""
    tekst = begrens(tekst)
    zaak = ZAAKNUMMER_PATTERN.search(tekst)
    zonder_zaak = ZAAKNUMMER_PATTERN.sub(" ", tekst)  # a case number is not a phone number
    telefoon, email = vind_telefoonnummer(zonder_zaak), vind_email(tekst)
    bedrijf = bedrijf_in(tekst)
    return Gevonden(
        telefoon=telefoon, email=email, kvk_nummer=vind_kvk_nummer(zonder_telefoon(zonder_zaak, telefoon)),
        zaaknummer=zaak.group(0).upper() if zaak else None, contactnaam=naam_in(tekst, bedrijf), bedrijfsnaam=bedrijf,
        datum=eerste(DATUM, tekst), aantal_bezoekers=bezoekers_in(tekst),
        adres=eerste(ADRES, tekst, groep=1) or eerste(PLEK, tekst, groep=1),
        factuurnummer=factuurnummer_in(tekst), verbouwing=zinnen_met(VERBOUWING, tekst), reden=reden_in(tekst),
        planning=zinnen_met(DATUM, tekst) or zinnen_met(PLANNING, tekst),
        verhalen=(tekst.strip(),) if is_verhaal(tekst) else (),
    )


def vraagt_persoon(tekst: str) -> bool:
    """The message asks to be contacted by a person, or tells a story and gives a phone number or
    e-mail address to be reached on."""
    tekst = begrens(tekst)
    if vraagt_contactgegevens(tekst):
        return False
    if PERSOON_GEVRAAGD.search(tekst):
        return True
    lang = len(re.findall(r"[^\W\d_]{2,}", tekst)) >= 12
    # a short "wie kan mij helpen met een terras?" is answered from the kennisbank first
    return lang and bool(WIE_HELPT.search(tekst) or vind_telefoonnummer(ZAAKNUMMER_PATTERN.sub(" ", tekst)) or vind_email(tekst))


def vraagt_contactgegevens(tekst: str) -> bool:
    """The message asks for a phone number or address to call or mail oneself, and not to be called: the
    kennisbank answers it (with the offer to arrange the contact instead), no callback is started."""
    tekst = begrens(tekst)
    return CONTACTGEGEVENS.search(tekst) is not None and TERUGBELLEN.search(tekst) is None


def vraagt_wanneer_gebeld(tekst: str) -> bool:
    """A question about the handoff itself: when the entrepreneur will be called or hear something."""
    tekst = begrens(tekst)
    return "?" in tekst and WANNEER_GEBELD.search(tekst) is not None


def belmoment_in(berichten: list[str]) -> str | None:
    """When the entrepreneur wants to be called ("liefst na 14u bellen", "bereikbaar 's ochtends tussen 9
    en 11"): of the last sentence of their messages that names a time and calling or being reachable,
    the part from the first of those words on."""
    gevonden = None
    for bericht in berichten:
        for zin in re.split(r"[.!?,;\n]+", begrens(bericht)):
            moment, bellen = BELMOMENT.search(zin), BEREIKBAAR.search(zin)
            if moment and bellen:  # from the first of the two on: no name or number before it
                gevonden = " ".join(zin[min(moment.start(), bellen.start()):].split())[:100]
    return gevonden


def kaal_moment(tekst: str) -> str | None:
    """A short wish for a moment without a word for calling, told after the handoff ("liever donderdagochtend",
    "kan ook vrijdag na 3 uur"): the message itself, or None."""
    tekst = " ".join(begrens(tekst).split())
    if len(tekst.split()) > 6 or not BELMOMENT.search(tekst) or not re.search(r"\b(?:liever|liefst|beter|graag|kan|ook|rather|prefer)\b", tekst, re.IGNORECASE):
        return None
    return tekst.strip(" .!?")


def lees_gesprek(berichten: list[str]) -> Gevonden:
    """The facts of all messages, the earliest mention first."""
    gevonden = Gevonden()
    for bericht in berichten:
        gevonden = gevonden.aangevuld_met(lees(bericht))
    return gevonden


def is_verhaal(tekst: str) -> bool:
    """A message that tells what the entrepreneur wants, rather than only a detail or a yes/no."""
    tekst = begrens(tekst)
    woorden = re.findall(r"[^\W\d_]{2,}", tekst)
    return len(woorden) >= 5


def zonder_telefoon(tekst: str, telefoon: str | None) -> str:
    """The text without phone-like digit runs, so eight digits of a phone number are no KvK number."""
    tekst = begrens(tekst)
    return re.sub(r"(?:\+|\b0)[\d\s()-]{8,}\d", " ", tekst) if telefoon else tekst


def eerste(patroon: re.Pattern[str], tekst: str, groep: int = 0) -> str | None:
    tekst = begrens(tekst)
    match = patroon.search(tekst)
    return match.group(groep).strip() if match else None


def bezoekers_in(tekst: str) -> str | None:
    tekst = begrens(tekst)
    match = BEZOEKERS.search(tekst)
    return match.group(0).strip() if match else None


def factuurnummer_in(tekst: str) -> str | None:
    for match in FACTUUR.finditer(begrens(tekst)):  # "een factuur gestuurd, factuurnr 2026-0412": the one with digits
        if re.search(r"\d", match.group(1)) and not ZAAKNUMMER_PATTERN.fullmatch(match.group(1)):
            return match.group(1).rstrip(".-/")
    return None


def reden_in(tekst: str) -> str | None:
    """The motive: from the word that gives the reason ("omdat", "want") to the end of its sentence."""
    tekst = begrens(tekst)
    for zin in ZIN.findall(tekst):
        if match := REDEN.search(zin):
            return zin[match.start():].strip(" .,")
    return None


def zinnen_met(patroon: re.Pattern[str], tekst: str) -> str | None:
    """The sentences of ``tekst`` in which ``patroon`` occurs, joined; None without one."""
    tekst = begrens(tekst)
    zinnen = [z.strip() for z in ZIN.findall(tekst) if patroon.search(z)]
    return " ".join(zinnen) if zinnen else None

