"""Names in the entrepreneur's own messages: their own, their company's, and their street (an address).

Part of reading what the entrepreneur already said (``uitlezen.py``), with its rules: precision first, rules only,
each function reads at most ``MAX_TEKENS`` characters (``begrens``), and every pattern is linear
(tests/security/test_invoer_lineair.py). "Jan de Boer van Slagerij De Boer" is Jan de Boer of the company; "Jan
van de bakkerij" has no surname; "lunchroom de zoete inval, kerkstraat 12" names the company with the address.
"""

from __future__ import annotations

import re

from bot.kern.invoer import begrens
from bot.overdracht.opmerkingen import TERUGVERWIJZING

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
# "lunchroom de zoete inval, kerkstraat 12", "b&b het zonnetje, dorpsweg 8": a word for a business and its name,
# then the address (the answer to "what is the address?" that names the company too).
BEDRIJFSWOORD = (r"(?:[a-zà-ÿ'-]*(?:erij|zaak|winkel|bedrijf|salon|studio|praktijk|atelier)|lunchroom|caf[eé]|restaurant|"
                 r"snackbar|cafetaria|eethuis|brasserie|bistro|bar|b&b|hotel|pension|hostel|camping|kapper|bakker|slager|"
                 r"garage|kiosk|foodtruck)")
BEDRIJF_VOOR_ADRES = re.compile(rf"(?:^|[.;:!?]\s*)({BEDRIJFSWOORD}(?:\s+[a-zà-ÿ0-9'&-]+){{1,4}}?)\s*,\s*(?={ADRES.pattern})",
                                re.IGNORECASE)
RECHTSVORM = re.compile(r"\b(?<![\w'&.-])((?:[A-Z][\w'&.-]*\s+){1,4}(?:B\.?V\.?|V\.?O\.?F\.?|BV|VOF))(?=\W|$)")


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
    if voor_adres := BEDRIJF_VOOR_ADRES.search(tekst):
        return met_hoofdletters(voor_adres.group(1))
    klein = BEDRIJF_KLEIN.search(tekst)
    geldig = klein and klein.group(1).split()[0].lower() not in CORRECTIE
    return met_hoofdletters(klein.group(1)) if geldig else None
