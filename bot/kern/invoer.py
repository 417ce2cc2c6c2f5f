"""Recognise messages the assistant cannot read as a question, and clean the rest.

Used by the NLU pipeline (``bot.componenten.nlu``) before anything else looks at a message, so that empty
messages, only emoji, binary garbage, HTML or a 5,000-character paste each get a clear reply.

Every function here that reads user text first cuts it at ``MAX_TEKENS`` (``begrens``), and every
pattern is linear in the length of the text: no two quantifiers that can take the same characters,
and no tag pattern that scans past the next ``<``. Nothing a person types can keep the server busy.
"""

from __future__ import annotations

import html
import re
import unicodedata
from enum import Enum

# The longest message read, in characters. Every channel cuts a message here before anything else
# (bot/kanalen/lengte.py) and the reply says so; the functions below cut again for other callers.
MAX_TEKENS = 2000

TAG_PATTERN = re.compile(r"<\s*(?:/\s*)?[a-zA-Z][^<>]*>")
SCRIPT_BEGIN = re.compile(r"<\s*(script|style)\b[^<>]*>", re.IGNORECASE)
SCRIPT_EINDE = {naam: re.compile(rf"<\s*/\s*{naam}\s*>", re.IGNORECASE) for naam in ("script", "style")}
WHITESPACE_PATTERN = re.compile(r"\s+")
# The longest word read. spaCy's tokenizer takes time quadratic in a word's length when it is made of
# prefix or suffix characters: 2,000 emoji, "<" or "\ufffd" without a space kept the Rasa server busy for
# 0.3-0.5 s each (other conversations waited). No word, web address or e-mail address of a message comes
# near; a longer run is cut into words (then at most some 25 ms for 2,000 characters).
MAX_WOORDLENGTE = 100
LANG_WOORD = re.compile(rf"\S{{{MAX_WOORDLENGTE}}}(?=\S)")
GEWONE_LEESTEKENS = set(".,;:!?'\"()-/€%@+&#*=")

ENGLISH_WORDS = {
    "the", "is", "are", "what", "how", "do", "does", "i", "you", "can", "my", "to", "for", "need",
    "want", "please", "hello", "hi", "english", "speak", "permit", "license", "where", "who", "much",
    "thanks", "thank", "would", "like", "should", "with", "which", "shop", "business", "restaurant",
    "open", "start", "company", "your", "me", "it", "this", "there", "about", "of", "and", "a", "an",
    "get", "have", "has", "why", "when", "sorry", "don't", "dont", "not", "help", "talk", "someone",
    # everyday words of a short English message ("market stall every saturday", "ozb bill way too high") that are
    # no Dutch words
    "every", "sell", "buy", "pay", "paid", "sent", "send", "rent", "put", "keep", "allowed", "still", "ago", "too",
    "way", "high", "up", "our", "we", "they", "their", "from", "on", "at", "or", "if", "will", "could", "must",
    "market", "stall", "tax", "taxes", "bill", "invoice", "guests", "night", "street", "roof", "garden", "food",
    "machine", "machines", "gambling", "solar", "panels", "newsletter", "sign", "loud", "month", "months", "year",
    "years", "week", "weeks", "day", "days", "money", "building", "owner", "city", "town", "council",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
DUTCH_WORDS = {
    "de", "het", "een", "ik", "wat", "hoe", "mijn", "voor", "van", "en", "je", "u", "wil", "kan",
    "moet", "mag", "heb", "is", "zijn", "met", "op", "aan", "er", "dat", "die", "niet", "geen", "nog",
    "waar", "wanneer", "kost", "kosten", "vergunning", "graag", "bedankt", "hallo", "goedemorgen",
    "welke", "waarom", "hebben", "ben", "bent", "jullie", "gemeente", "ook", "als", "of", "om", "te",
}


class InvoerSoort(str, Enum):
    GEWOON = "gewoon"
    LEEG = "leeg"
    ALLEEN_EMOJI = "alleen_emoji"
    ALLEEN_CODE = "alleen_code"
    ONLEESBAAR = "onleesbaar"


def zonder_losse_surrogaten(tekst: str) -> str:
    """``tekst`` with every lone UTF-16 surrogate (``"\\ud800"`` in JSON) replaced by U+FFFD.

    JSON may carry them, Python keeps them, but no database or UTF-8 encoder accepts them: one such
    character made storing a WhatsApp message or a form field fail."""
    return tekst.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def schone_json(waarde: object) -> object:
    """Parsed JSON with ``zonder_losse_surrogaten`` applied to every string in it, keys included, and
    every NUL character (``\\u0000``) removed: PostgreSQL stores none in text, so one made recording a
    WhatsApp message fail there (found by ``benchmarks.fuzz --postgres``)."""
    if isinstance(waarde, str):
        return zonder_losse_surrogaten(waarde).replace("\x00", "")
    if isinstance(waarde, list):
        return [schone_json(element) for element in waarde]
    if isinstance(waarde, dict):
        return {schone_json(sleutel): schone_json(element) for sleutel, element in waarde.items()}
    return waarde


def begrens(tekst: str) -> str:
    """The part of ``tekst`` that is read: the first MAX_TEKENS characters."""
    return tekst[:MAX_TEKENS]


def schoon_tekst(tekst: str | None) -> str:
    """Text as a person meant it: the first MAX_TEKENS characters, no HTML tags or scripts, no
    control characters, no word longer than MAX_WOORDLENGTE (a space added where a run is cut), one
    space between words."""
    if not tekst:
        return ""
    tekst = _zonder_scripts(begrens(tekst))
    tekst = TAG_PATTERN.sub(" ", tekst)
    tekst = html.unescape(tekst)
    tekst = "".join(teken if _is_leesbaar_teken(teken) else " " for teken in tekst)
    tekst = LANG_WOORD.sub(r"\g<0> ", tekst)
    return WHITESPACE_PATTERN.sub(" ", tekst).strip()


def _zonder_scripts(tekst: str) -> str:
    """``tekst`` without ``<script>`` and ``<style>`` blocks, in one pass from left to right.

    An opening tag without its closing tag loses only the tag (TAG_PATTERN). Once no closing tag
    follows an opening tag, none follows a later one either: that search is not repeated, so
    ``<script>`` ten thousand times is read once, not ten thousand times. (No HTML library in the
    environment removes script blocks: markupsafe's ``striptags`` keeps their content and drops
    any text between ``<`` and ``>``, such as "meer dan 5 < 10 > 3".)
    """
    delen: list[str] = []
    positie = 0
    zonder_einde: set[str] = set()
    zoek_vanaf = 0
    while begin := SCRIPT_BEGIN.search(tekst, zoek_vanaf):
        naam = begin.group(1).lower()
        einde = None if naam in zonder_einde else SCRIPT_EINDE[naam].search(tekst, begin.end())
        if einde is None:
            zonder_einde.add(naam)
            zoek_vanaf = begin.end()
            continue
        delen.append(tekst[positie:begin.start()])
        delen.append(" ")
        positie = zoek_vanaf = einde.end()
    delen.append(tekst[positie:])
    return "".join(delen)


def bevat_html(tekst: str | None) -> bool:
    return bool(tekst) and bool(TAG_PATTERN.search(begrens(tekst)))


def is_te_lang(tekst: str | None) -> bool:
    return bool(tekst) and len(tekst) > MAX_TEKENS


def beoordeel_invoer(ruwe_tekst: str | None) -> InvoerSoort:
    """Classify a raw message: ordinary text, or one of the kinds that gets its own reply."""
    ruwe_tekst = begrens(ruwe_tekst or "")
    tekst = schoon_tekst(ruwe_tekst)
    if not tekst:
        if bevat_html(ruwe_tekst):
            return InvoerSoort.ALLEEN_CODE
        return InvoerSoort.LEEG if not _heeft_symbolen(ruwe_tekst) else InvoerSoort.ONLEESBAAR
    if not any(teken.isalnum() for teken in tekst):
        if any(_is_emoji(teken) for teken in tekst):
            return InvoerSoort.ALLEEN_EMOJI
        return InvoerSoort.ONLEESBAAR
    if _lijkt_onzin(tekst, ruwe_tekst or ""):
        return InvoerSoort.ONLEESBAAR
    return InvoerSoort.GEWOON


# A question word; "wat fijn", "wat een service", "hoe dan ook bedankt" and "wat mij betreft" are no
# questions ("hoe snel", "hoe erg" are).
VRAAGWOORD = (
    r"(?:wat(?!\s+(?:een|fijn|goed|leuk|mooi|lief|top|prettig|handig|snel|aardig|fantastisch|super|geweldig|"
    r"heerlijk|vriendelijk|duidelijk|jammer|vervelend|ontzettend|heel|erg|echt)\b)"
    r"|hoe(?!\s+(?:dan\s+ook|fijn|leuk|mooi|jammer|vervelend|heerlijk|geweldig)\b)"
    r"|hoeveel|hoelang|waar|waarom|waarvoor|waarmee|waarover|waarbij|waarin|waarop|wanneer|welke?|wie)\b"
    r"(?!\s+(?:mij|me)\s+betreft)"
)
# What may come before the question itself: "en", "maar", or a yes or no, up to three of them ("nee dank u. moet
# ik het ergens melden?", "ja. hoe vraag ik hem aan?", "ja ok, en moet ik daar ook iets voor betalen"): the
# question after it is not lost.
INLEIDING = (r"^\W*(?:(?:en|maar|oke?|ok|dus|ja|jawel|nee|neen|nou)\W+"
             r"(?:(?:dank\s+(?:u|je|jullie)(?:\s+wel)?|bedankt|hoor|graag)\W+)?){0,3}")
# A Dutch question opens with a question word ("hoe lang ...") or with a verb before its subject
# ("moet ik ...", "is er ..."); "is prima, ga je gang" and "mag van mij" are no questions.
VRAAGZIN_PATTERN = re.compile(
    INLEIDING + r"(?:"
    r"(?:moet|moeten|mag|mogen|kan|kun|kunt|kunnen|heb|heeft|hebben|is|zijn|ben|wordt|worden|krijg|krijgt|"
    r"geldt|gaat|zit|valt|telt|kost|kosten|duurt|duren)\s+(?:ik|je|jij|u|we|wij|er|het|dat|die|dit|mijn|mn|m'n|uw|ons|onze|zo'?n|een|de|daar|hier|"
    r"iedereen|alle|elke|iedere|ieder|beide|jullie|hij|zij|ze)\b"
    r"|" + VRAAGWOORD + r")",
    re.IGNORECASE,
)
# A question word first, perhaps after a preposition ("tot hoe hard mag het", "vanaf hoeveel mensen").
VRAAGWOORD_PATTERN = re.compile(
    INLEIDING + r"(?:(?:tot|vanaf|voor|met|bij|van|naar|over|in|op|na|aan|om|binnen)\s+)?" + VRAAGWOORD, re.IGNORECASE)

# A question word directly followed by a subject opens a clause ("wanneer ik ...", "hoe lang het duurt").
BIJZIN_PATTERN = re.compile(
    VRAAGWOORD_PATTERN.pattern + r"(?:\s+(?:lang|snel|vaak|laat|veel|groot|ver))?\s+"
    r"(?:ik|je|jij|u|we|wij|het|de|die|dat|dit|mijn|ons|onze|hij|zij|ze|jullie|er|iemand|alles)\b", re.IGNORECASE)


def opent_met_vraagwoord(tekst: str) -> bool:
    """A message that starts with a question word ("tot hoe hard mag het dan"): a question, however
    sure a classifier is that it is a goodbye."""
    tekst = begrens(tekst)
    return len(tekst.split()) >= 2 and bool(VRAAGWOORD_PATTERN.match(tekst))


def is_vraagzin(tekst: str) -> bool:
    """A message shaped as a question of at least three words ("mag iedereen dat", "moet ik daar een
    diploma voor hebben of zo"): never a plain yes, no or thanks, whatever a classifier guessed."""
    tekst = begrens(tekst)
    return len(tekst.split()) >= 3 and bool(VRAAGZIN_PATTERN.match(tekst))


def is_vraag_van_vorm(tekst: str) -> bool:
    """A question with or without its question mark: "?", a verb before its subject, or a question word
    with its verb ("wanneer word ik gebeld"). A question word with its subject opens a clause, which is
    no question without its mark: "wanneer ik antwoord heb van de bank" answers "wanneer wilt u het doen?"."""
    tekst = begrens(tekst)
    return "?" in tekst or ((is_vraagzin(tekst) or opent_met_vraagwoord(tekst)) and not BIJZIN_PATTERN.match(tekst))


def is_engels(tekst: str) -> bool:
    """A message mostly in English (a cheap word-list test, good enough to switch language)."""
    woorden = re.findall(r"[a-zA-Z']+", begrens(tekst).lower())
    if len(woorden) < 2:
        return False
    engels = sum(1 for w in woorden if w in ENGLISH_WORDS)
    nederlands = sum(1 for w in woorden if w in DUTCH_WORDS)
    return engels >= 2 and engels > 2 * nederlands


def _is_leesbaar_teken(teken: str) -> bool:
    categorie = unicodedata.category(teken)
    return not (categorie.startswith("C") and teken not in "\n\t")


def _is_emoji(teken: str) -> bool:
    return unicodedata.category(teken) == "So" or 0x1F000 <= ord(teken) <= 0x1FAFF or teken in "\u200d\ufe0f"


def _heeft_symbolen(ruwe_tekst: str | None) -> bool:
    return bool(ruwe_tekst) and any(not teken.isspace() for teken in ruwe_tekst)


def _lijkt_onzin(tekst: str, ruwe_tekst: str) -> bool:
    """Binary garbage or keyboard mashing: few letters, many replacement or control characters,
    or long runs without vowels."""
    vervangen = ruwe_tekst.count("\ufffd") + sum(1 for t in ruwe_tekst if unicodedata.category(t) == "Cc" and t not in "\n\t\r")
    if ruwe_tekst and vervangen / len(ruwe_tekst) > 0.1:
        return True
    gewone_tekens = sum(1 for teken in tekst if teken.isalnum() or teken.isspace() or teken in GEWONE_LEESTEKENS)
    if gewone_tekens / len(tekst) < 0.6:
        return True
    woorden = re.findall(r"[^\W\d_]+", tekst.lower())
    if not woorden:
        return not any(teken.isdigit() for teken in tekst)
    zonder_klinkers = [w for w in woorden if len(w) >= 5 and not re.search(r"[aeiouyáéíóúàèëïöü]", w)]
    lange_woorden = [w for w in woorden if len(w) > 30]
    return (len(zonder_klinkers) + len(lange_woorden)) / len(woorden) > 0.5
