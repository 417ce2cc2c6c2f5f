"""Whether a message is a question, whatever short answer DIET took it for.

``bot.componenten.nlu.InvoerClassifier`` asks this of a message DIET read as a yes, no, thanks, goodbye or
greeting: one that opens with a question word ("tot hoe hard mag het dan"), is shaped as a question while DIET is
unsure, asks for a part of an article ("geldt dat ook voor mij, ik woon er niet"), a question after an
acknowledgement, a greeting or a no ("ok maar waar dan", "hallo, wat kost ...", "nee. ik wil mijn kvk wijzigen",
"nee dat bedoel ik niet. <the question again>"), one in a later sentence ("pas maandag?? kan het niet eerder"), a
question of two or three words ("mag dat"), and "ik weet niet welke vergunning ik nodig heb".
"""

from __future__ import annotations

import re

from bot.componenten.intentwoorden import TIJD_DAG, ZINSGRENS
from bot.kennisbank.antwoorden import onderdeel_uit_tekst
from bot.kern.invoer import begrens, is_vraagzin, opent_met_vraagwoord
from bot.kern.spreektaal import zonder_accenten

# Above this confidence DIET's yes, no or thanks stands ("ben ik niet mee eens" is a no).
ZEKER_KORT_ANTWOORD = 0.8
# Words of a message that asks for a person or for contact ("wie kan mij helpen", "wanneer word ik gebeld").
PERSOON_WOORD = re.compile(
    r"\b(?:wie|iemand|medewerker|medewerkers|mens|(?<!per )persoon|accountmanager|contact|spreken|praten|bel|belt|bellen|"
    r"gebeld|teruggebeld|mail|mailen|gemaild|afspraak|langs|langskomen|gesprek|chatten|helpen)\b",
    re.IGNORECASE,
)
# A message that starts with a yes or a no; what follows may still be a question.
JA_OF_NEE = re.compile(r"^\W*(?:ja|jawel|nee|neen)\b", re.IGNORECASE)
# A no (or "ja of nee") first: a question in a later sentence is what the entrepreneur asks. Not after a
# yes: "ja klopt, kan het snel?" at the summary is a yes.
NEE_EERST = re.compile(r"^\W*(?:nee|neen|ja of nee)\b", re.IGNORECASE)
# "nee dat bedoel ik niet", "nee, ik bedoel": what follows says the question again, in other words.
NIET_BEDOELD = re.compile(r"\b(?:bedoel(?:de)? ik niet|niet wat ik (?:bedoel|zoek)|ik bedoel(?:de)?|bedoel(?:de)? ik)\b",
                          re.IGNORECASE)
# An acknowledgement before what the entrepreneur asks ("ok maar waar dan", "top dank je. moet ik ...?"); a
# "ja" only with "maar": "ja klopt, kan het snel?" at the summary is a yes.
ERKENNING = re.compile(r"^\W*(?:(?:ok(?:e|ay)?|top|prima|super|fijn|mooi|helder|duidelijk|dank\w*|bedankt|thanks|"
                       r"thx|je|u|wel|hallo|hoi|hey|hee|goedemorgen|goedemiddag|goedenavond|dag)\b[\s,.!]*)+(?:maar|en|dus)?\b|"
                       r"^\W*ja\W+maar\b", re.IGNORECASE)
# Words of a goodbye or thanks ("doei", "tot ziens", "bedankt"): with them a question mark is no question.
AFSCHEID_OF_DANK = re.compile(r"\b(?:doei|" + TIJD_DAG + r"|tot ziens|tot (?:later|zo|morgen)|groetjes|bye|fijne dag|dank\w*|bedankt|thanks|"
                              r"top|super|prima|ok(?:e|ay)?|ja|nee|jawel|klopt)\b", re.IGNORECASE)
# A yes, then a new question joined by "en" or "maar" ("ja. en nummer 2 van dat lijstje, dat startgesprek?").
JA_EN_VRAAG = re.compile(r"^\W*(?:ja|jawel|ok(?:e|ay)?|prima)\W+(?:en|maar|dus)\b[^?]{6,}\?\W*$", re.IGNORECASE)
# "mag dat", "kan dat wel?", "moet dat echt": a question of two or three words, never a yes.
KORTE_VRAAG = re.compile(r"^\W*(?:mag|kan|moet|mogen|kunnen|moeten)\s+(?:dat|dit|het)(?:\s+(?:wel|zomaar|echt|ook|dan|nou))?"
                         r"\s*\?*\s*$", re.IGNORECASE)
# "ik weet niet welke vergunning ik nodig heb": not knowing is the question, not a no.
WEET_NIET_WELKE = re.compile(r"^\W*(?:(?:ik|we|wij)\s+)?weet\s+(?:het\s+)?(?:niet|nie|nog niet)\s+"
                             r"(?:welke|wat|of|hoe|waar|wie|wanneer|waarom)\b", re.IGNORECASE)
# What the entrepreneur wants instead, after a no ("nee. ik wil mijn kvk inschrijving wijzigen").
WENS = re.compile(r"^\W*(?:ik|wij|we)\s+(?:wil|wilde|willen|wou|zoek|zoeken|bedoel|bedoelde|vraag|vroeg)\b|"
                  r"^\W*het gaat (?:om|over)\b", re.IGNORECASE)
# Stopping one's business ("moet ik dan stoppen met mn zaak?"), not the conversation: a question.
# "na 30 jaar stop ik met mijn slagerij": with one's own anything, it is the business that stops ("ik stop met mijn
# vragen" is the conversation).
STOPT_MET_ZAAK = re.compile(r"\bstop(?:pen|t)?\s+(?:(?:ik|we|wij)\s+)?met\s+(?:(?:mijn|mn|m'n|ons|onze|uw)\s+(?!vra(?:ag|gen)\b|gesprek\b|chat\b)\w+|"
                            r"(?:de|het|je)\s+(?:\w+\s+)?"
                            r"(?:zaak|bedrijf|winkel|onderneming|eenmanszaak|praktijk|salon|restaurant|caf[eé]|kroeg|bv|"
                            r"webshop|werkplaats|studio))\b", re.IGNORECASE)
# Why a business stops ("ik stop ermee, de zaak loopt niet meer en ik zit met schulden"): with one of these, a stop is
# the business's, not the conversation's.
ZAAK_HOUDT_OP = re.compile(r"\b(?:failliet\w*|faillissement|schulden|pensioen|loopt niet|draait niet|rendabel|"
                           r"verlies\w*|geen omzet|te weinig klanten|geen klanten|opheffen|uitschrijven)\b", re.IGNORECASE)


def is_vraag(tekst: str, zekerheid: float) -> bool:
    """Whether a message DIET took for a yes, no, thanks or goodbye is a question: it opens with a
    question word, or it is shaped as a question and DIET is not sure ("ben ik niet mee eens" is a no),
    its first sentence ends in a question mark, a later sentence opens with a question word, or a question follows the yes or no ("nee dank u.
    moet ik het ergens melden?")."""
    tekst = begrens(tekst)  # the part that is read (a longer message is cut before this, too)
    if opent_met_vraagwoord(tekst) or (zekerheid < ZEKER_KORT_ANTWOORD and is_vraagzin(tekst)) or KORTE_VRAAG.match(tekst):
        return True
    if JA_EN_VRAAG.match(tekst) or (tekst.rstrip().endswith("?") and len(tekst.split()) >= 2 and not AFSCHEID_OF_DANK.search(tekst)):
        return True  # "kroeg vrijdag later dicht?": a question mark and no goodbye or thanks in it
    eerste, *later = ZINSGRENS.split(tekst)
    if eerste.rstrip().endswith("?") and len(eerste.split()) >= 3 and not AFSCHEID_OF_DANK.search(tekst):
        return True  # "dus op papier kan niet? en die eherkenning heb ik niet": the question first, a remark after
    if (rest := na_erkenning(tekst)) and (opent_met_vraagwoord(rest) or is_vraagzin(rest) or (
            rest.rstrip().endswith("?") and len(rest.split()) >= 2 and not AFSCHEID_OF_DANK.search(rest))):
        return True  # "ok maar waar zijn die plekken dan", "top dank je. moet ik die ook aanvragen?"
    if not JA_OF_NEE.match(tekst) and any(opent_met_vraagwoord(zin) for zin in later):
        return True  # "en als ik een keer tot 4 uur door wil, hoe vraag ik dat aan": a goodbye at 0.8
    if zekerheid < ZEKER_KORT_ANTWOORD and not JA_OF_NEE.match(tekst) and any(is_vraagzin(zin) for zin in later):
        return True  # "pas maandag?? kan het niet eerder, ik verlies elke dag geld": a goodbye at 0.49
    if NEE_EERST.match(tekst) and NIET_BEDOELD.search(tekst) and len(NIET_BEDOELD.sub(" ", tekst).split()) >= 5:
        return True  # "nee dat bedoel ik niet. ze gaan de straat openbreken", "nee OP de weekmarkt bedoel ik": said again
    if NEE_EERST.match(tekst):  # "nee andere vraag. kan ik bezwaar maken online?": the question after the no
        return is_wens(NEE_EERST.sub("", tekst, count=1)) or any(
            is_vraagzin(zin) or opent_met_vraagwoord(zin) or is_wens(zin) or zin.rstrip().endswith("?") for zin in later)
    return bool(JA_OF_NEE.match(tekst)) and is_vraagzin(tekst)


def na_erkenning(tekst: str) -> str | None:
    """What follows an acknowledgement or greeting the message opens with ("ok maar ...", "hallo, ..."), without
    accents; None when it opens with none."""
    kaal = zonder_accenten(begrens(tekst))
    rest = ERKENNING.sub("", kaal, count=1)
    return rest if rest != kaal else None


def groet_met_vraag(tekst: str) -> bool:
    """A greeting followed by a question ("hallo wat kost een terras"), not "hoi hoe gaat het"."""
    rest = na_erkenning(tekst)
    return (rest is not None and len(rest.split()) >= 3 and not re.match(r"\W*hoe gaat (?:het|t)\b", rest, re.IGNORECASE)
            and (opent_met_vraagwoord(rest) or is_vraagzin(rest) or is_wens(rest)))


def is_wens(zin: str) -> bool:
    """A sentence that says what the entrepreneur wants ("ik wil mijn kvk inschrijving wijzigen"), and not
    to be called or helped by a person: after a no, their question."""
    zin = begrens(zin)
    return WENS.match(zin) is not None and len(zin.split()) >= 4 and PERSOON_WOORD.search(zin) is None


def vraagt_onderdeel(tekst: str) -> bool:
    """A question that asks for a part of an article ("geldt dat ook voor mij als zzp, ik woon er zelf
    niet", "mag iedereen dat"): a follow-up, however sure DIET is of the no its "niet" suggests."""
    tekst = begrens(tekst)
    return is_vraagzin(tekst) and onderdeel_uit_tekst(tekst) is not None


def weet_niet_welke(tekst: str) -> bool:
    """Not knowing is the question, not a no ("ik weet niet welke vergunning ik nodig heb")."""
    return WEET_NIET_WELKE.match(begrens(tekst)) is not None


def stopt_met_zaak(tekst: str) -> bool:
    """A question about stopping one's business, or why it stops, which DIET may take for a stop of the conversation."""
    tekst = begrens(tekst)
    return STOPT_MET_ZAAK.search(tekst) is not None or ZAAK_HOUDT_OP.search(tekst) is not None
