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
from bot.overdracht.opmerkingen import TERUGVERWIJZING
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
STRAAT = (r"(?<![A-Za-zÀ-ÿ'.-])[A-Za-zÀ-ÿ'.-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|hof|dreef|markt|park|pad|baan|"
          r"veld|erf|ring|boulevard|promenade|haven)")
# The words before a street name: a capital ("Nieuwe Binnenweg 10"), a usual first word ("grote markt 5") or
# a tussenvoegsel ("van der helststraat 112 b").
STRAAT_VOORWOORD = (r"(?:van (?:der|den|de)|(?-i:[A-Z][a-zà-ÿ]+)|grote|kleine|oude|nieuwe|lange|korte|hoge|lage|achter|voor|"
                    r"oost|west|noord|zuid|van|ter|ten)")
ADRES = re.compile(rf"\b((?:{STRAAT_VOORWOORD}\s+)?{STRAAT}\s+\d{{1,4}}(?:\s?[a-zA-Z]\b|-\d+)?)", re.IGNORECASE)
# A place without a house number, for an event: "op het Kerkplein", "in het Stadspark".
PLEK = re.compile(r"\b(?:op|in|bij|aan) (?:het|de) ((?-i:[A-Z])[a-zà-ÿ]*(?:plein|markt|park|veld|terrein|strand|haven|kade|weide|bos))\b",
                  re.IGNORECASE)
FACTUUR = re.compile(r"\bfactuur(?:nummer|nr\.?)?\s*(?:is|:|#|nummer)?\s*([A-Z0-9][A-Z0-9/-]{2,})", re.IGNORECASE)
# A person's own name after words that introduce it; "ik ben" only with a capital (not "ik ben eigenaar").
NAAM_DEEL = r"[A-ZÀ-Ý][a-zà-ÿ']+(?:-?[A-ZÀ-Ý][a-zà-ÿ']+|-[a-zà-ÿ']+)*"  # Jan, Anne-Marie, McDonald
TUSSENVOEGSEL = r"(?:van der|van den|van de|van|de|der|den|ter|ten|te|el|al|op de|in 't|'t)"
TUSSENVOEGSEL_WOORDEN = {"van", "der", "den", "de", "ter", "ten", "te", "el", "al", "op", "in", "'t"}
# Where a name typed without capitals ends: the end of the message or sentence, or the next detail.
NAAM_EINDE = r"(?=[,.!?]|\s+(?:en|of|ik|mijn|bel|tel|06|\+|niet|maar|ook|graag)\b|\s*$)"
# "Sanne de vries": after a tussenvoegsel the last part may be typed without a capital.
NAAM = (rf"{NAAM_DEEL}(?:\s+(?:{TUSSENVOEGSEL}\s+)?{NAAM_DEEL}){{0,2}}"
        rf"(?:\s+{TUSSENVOEGSEL}\s+[a-zà-ÿ'-]{{2,}}{NAAM_EINDE})?")
NAAM_NA = re.compile(
    rf"(?:\b(?:[Mm]ijn naam is|[Ii]k heet|[Ii]k ben|[Hh]ier is|[Gg]roet(?:en)?,?|[Nn]aam:|[Mm]y name is|I['’]m|I am)|"
    rf"(?:^|[,.!]\s*)[Mm]et)"
    rf"\s+({NAAM})"
)
# "ik ben sanne de vries": without capitals "ik ben" introduces a name only with a tussenvoegsel in it.
NAAM_KLEIN_VOEGSEL = re.compile(rf"\b(?:ik ben|mijn naam is|ik heet|naam(?: is|:))\s+(?:gewoon\s+|toch\s+)?([a-zà-ÿ'-]{{2,}}\s+{TUSSENVOEGSEL}\s+[a-zà-ÿ'-]{{2,}})"
                                rf"{NAAM_EINDE}", re.IGNORECASE)
# "henk van dijk 0612312312": a clause of two to four words, nothing but letters, right before a phone number.
# Also after "ik ben" ("ja prima. ik ben henk bosman 0612345678"), and right before an e-mail address.
NAAM_VOOR_TELEFOON = re.compile(r"(?:^|[.,;:]\s+)(?:(?:ik ben|i am|i'm|dit is|met)\s+)?((?:[a-zà-ÿ'-]{2,}\s+){1,3}[a-zà-ÿ'-]{2,})"
                                r"\s*[,:]?\s*(?=(?:\+31|0031|0)[\s-]*\d|[\w.+-]+@[\w-]+\.)", re.IGNORECASE)
# Words of such a clause that say it is no name ("bel mij maar op 06...", "dat zei ik al, 06...").
GEEN_NAAMWOORD = frozenset({"bel", "belt", "bellen", "terugbellen", "mij", "me", "mn", "mijn", "m'n", "op", "is", "nummer",
                            "telefoon", "telefoonnummer", "tel", "mobiel", "mobile", "phone", "number", "kunt", "kun", "u",
                            "je", "jij", "graag", "maar", "of", "en", "via", "bereikbaar", "kvk", "mail", "email", "na",
                            "voor", "tussen", "liefst", "bij", "voorkeur", "call", "at", "on", "my", "the", "naar",
                            "whatsapp", "app", "sms", "vast", "privé", "prive", "zaak", "winkel", "werk", "thuis", "dat", "dit", "die", "ik", "wij", "we", "zij", "ze", "hij", "zei", "al", "heb", "had", "ben",
                            "was", "hier", "daar", "nu", "ook", "nog", "wel", "niet", "toch", "zo", "dan", "als",
                            "mag", "kan", "moet", "wil", "zeg", "staat", "nummer:", "hoor", "even", "hallo", "hoi",
                            # "alleen mijn nummer is goed, 0698...", "oke dan. 06...": words of a sentence, no name
                            "goed", "klopt", "juist", "correct", "oke", "ok", "okay", "prima", "ja", "nee", "alleen",
                            "sorry", "dus", "hè", "he",
                            # "bellen is het makkelijkst: 06...": how to reach them, no name
                            "het", "makkelijkst", "makkelijk", "handigst", "snelst", "best"})
# "Jan van de bakkerij", "lid van de vereniging": a word for a business or a body, not a surname.
GEEN_ACHTERNAAM = re.compile(r"(?:erij|zaak|winkel|bedrijf|salon|bar|caf[eé]|restaurant|kapper|bakker|slager|garage|hotel|"
                             r"camping|vereniging|stichting|gemeente|firma|school|club|kantoor|markt)$", re.IGNORECASE)
NAAM_KLEIN = re.compile(r"\b(?:mijn naam is|ik heet|naam(?: is|:))\s+(?:gewoon\s+|toch\s+)?([a-zà-ÿ'-]{2,}(?:\s+[a-zà-ÿ'-]{1,}){0,3}?)"
                        r"(?=[,.!?]|\s+(?:en|of|van|uit|ik|mijn|bel|tel|06|\+|niet|maar|ook|graag)\b|$)",
                        re.IGNORECASE)
# "bedrijfsnaam is schoenmakerij bakker": typed without capitals, a company name only after words that introduce it.
BEDRIJF_KLEIN = re.compile(
    r"\b(?:bedrijfsnaam(?: is)?:?|(?:mijn|ons|de) (?:bedrijf|zaak|winkel|restaurant|café|cafe|salon|bureau) heet|"
    r"(?:ik ben|wij zijn|we zijn) (?!eigena|lid\b|klant\b|medewerker|er\b|echt\b|heel\b|erg\b|zo\b|daar\b|hier\b|best\b|"
    r"wel\b|niet\b|ook\b|helemaal\b|nogal\b)[a-zà-ÿ'-]+(?: [a-zà-ÿ'-]+)? van)\s+(?!een\b)"
    r"(?:gewoon\s+|toch\s+)?([a-zà-ÿ0-9'&-]{2,}(?:\s+[a-zà-ÿ0-9'&-]+){0,3}?)(?=[,.!?]|\s+(?:en|ik|mijn|kvk|bel|tel|06|\+)\b|$)",
    re.IGNORECASE,
)
GEEN_NAAM = {"Kerst", "Pasen", "Koningsdag", "eigenaar", "ondernemer", "bezig", "benieuwd", "zzp", "zzp'er", "starter", "nieuw", "al", "nog", "niet",
             "de", "het", "een", "hier", "blij", "boos", "klaar", "gemeente", "bakker", "kapper", "Ondernemersloket",
             "klant", "lid", "medewerker", "eigenaresse", "bewoner", "huurder", "verhuurder"}
CORRECTIE = {"fout", "verkeerd", "onjuist", "anders", "niet"}  # "de (bedrijfs)naam is fout": no name
GEEN_NAAM |= CORRECTIE | {woord.capitalize() for woord in CORRECTIE}
BEDRIJF_NA = re.compile(
    rf"\b(?:(?:ik ben|we zijn|wij zijn|[Mm]et|hier is)\s+{NAAM}\s+van|eigenaar van|eigenaresse van|namens|"
    r"(?:(?:mijn|ons) (?:bedrijf|zaak|winkel|restaurant|café|cafe|salon|bureau)(?: heet| is)?|(?:het |de )?(?:bedrijf|zaak) "
    r"(?:heet|is)|bedrijfsnaam(?: is)?:?)(?: gewoon| dus| eigenlijk| toch)?|"
    r"onder de naam|de naam wordt|de naam is)\s+"
    r"((?:[A-Z0-9][\w'&.-]*|'t|de|De|het|Het|en|&)(?:\s+(?:[A-Z0-9][\w'&.-]*|'t|de|De|het|Het|&|van|en))*)",
)
RECHTSVORM = re.compile(r"\b(?<![\w'&.-])((?:[A-Z][\w'&.-]*\s+){1,4}(?:B\.?V\.?|V\.?O\.?F\.?|BV|VOF))(?=\W|$)")
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
    r"toch|even|eens|dan|maar|wel) ){0,3}(?:uitzoeken|regelen|oppakken))",
    re.IGNORECASE,
)
# "kan ik iemand bellen bij het ondernemersloket, wat is het nummer": the number is asked for, not a callback.
CONTACTGEGEVENS = re.compile(
    r"\b(?:wat is (?:het|jullie|uw|hun|zijn|haar|het tele(?:foon)?) ?(?:tele(?:foon)?)?nummer|welk (?:tele(?:foon)?)?nummer|"
    r"(?:tele(?:foon)?nummer|e-?mail ?adres|mailadres) (?:van|voor)|hoe (?:bereik|bel|mail) ik)\b",
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


# A name corrected at the summary: "its Mark Thompson only", "het is gewoon Ria de Vries", "company name is just X".
NIEUWE_NAAM = re.compile(r"\b(?:is|it['’]?s|its|moet zijn|should be|wordt|heet|heten)\s+(?:just\s+|gewoon\s+|alleen\s+|only\s+)?"
                         r"([^\W\d_][\w&'’.-]*(?:\s+[\w&'’.-]+){0,4}?)\s*(?:only|alleen|hoor)?\s*[.!]*\s*$", re.IGNORECASE)


def nieuwe_naam(tekst: str) -> str | None:
    """The name a correction at the summary gives in its last sentence ("my name is wrong. its Mark Thompson
    only"), or None: no question, no digits, no more than five words, no word of a correction itself."""
    tekst = begrens(tekst)
    zin = re.split(r"(?<=[.!?,;:])\s+", tekst.strip())[-1]
    match = NIEUWE_NAAM.search(zin)
    if match is None or "?" in zin:
        return None
    naam = re.split(r",?\s+(?:not|niet|instead of|in plaats van|ipv|i\.p\.v\.)\b", match.group(1), maxsplit=1,
                    flags=re.IGNORECASE)[0].strip(" .,")  # "Sweet Crumbs Bakehouse, not bakery"
    if any(w.lower() in CORRECTIE or w.lower() in {"wrong", "incorrect", "name", "naam", "company", "bedrijf"}
           for w in naam.split()):
        return None
    return naam


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


def naam_in(tekst: str, bedrijf: str | None = None) -> str | None:
    """A person's name; "Jan de Boer van Slagerij De Boer" is Jan de Boer of the company."""
    tekst = begrens(tekst)
    for match in NAAM_NA.finditer(tekst):
        naam = match.group(1).strip()
        if bedrijf and f" van {bedrijf.split()[0]}" in naam:
            naam = naam[: naam.index(f" van {bedrijf.split()[0]}")]
        if GEEN_ACHTERNAAM.search(naam):
            naam = naam.rsplit(" ", 1)[0] if naam.split()[-1].islower() else naam
            naam = re.sub(rf"(?:\s+{TUSSENVOEGSEL})+$", "", naam)
        if naam.split()[0] not in GEEN_NAAM and not ADRES.fullmatch(naam):
            return met_hoofdletters(naam)
    for patroon in (NAAM_KLEIN_VOEGSEL, NAAM_KLEIN):
        match = patroon.search(tekst)
        if match and match.group(1).split()[0].lower() not in GEEN_NAAM and not GEEN_ACHTERNAAM.search(match.group(1)):
            return met_hoofdletters(match.group(1))
    return naam_voor_telefoon(tekst)


def naam_voor_telefoon(tekst: str) -> str | None:
    """A name given bare, right before the phone number or e-mail address ("kvk 12345678. henk van dijk 0612312312",
    "ik ben lisa vermeulen, lisa@example.nl")."""
    for match in NAAM_VOOR_TELEFOON.finditer(begrens(tekst)):
        woorden = match.group(1).split()
        if (not GEEN_NAAMWOORD & {w.lower() for w in woorden} and woorden[0].lower() not in TUSSENVOEGSEL_WOORDEN
                and not TERUGVERWIJZING.search(match.group(1))
                and woorden[0] not in GEEN_NAAM and not GEEN_ACHTERNAAM.search(match.group(1))):
            return met_hoofdletters(match.group(1))
    return None


def met_hoofdletters(naam: str) -> str:
    """"sanne de vries" as "Sanne de Vries": every part but a tussenvoegsel with a capital."""
    return " ".join(deel if deel in TUSSENVOEGSEL_WOORDEN else deel[:1].upper() + deel[1:] for deel in naam.split())


def bedrijf_in(tekst: str) -> str | None:
    tekst = begrens(tekst)
    match = BEDRIJF_NA.search(tekst) or RECHTSVORM.search(tekst)
    if match:
        naam = re.split(r"\s+(?:aan|op|in|te|bij|met|en ik|,)\s+|(?<![A-Z])\.\s", match.group(1))[0].strip(" ,")
        naam = naam if re.search(r"\b[A-Z]\.[A-Z]\.$", naam) else naam.rstrip(".")
        if re.search(r"[A-Za-z]{2,}", naam) and naam.lower() not in {"de", "het", "een"}:
            return naam
    klein = BEDRIJF_KLEIN.search(tekst)
    geldig = klein and klein.group(1).split()[0].lower() not in CORRECTIE
    return met_hoofdletters(klein.group(1)) if geldig else None


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

