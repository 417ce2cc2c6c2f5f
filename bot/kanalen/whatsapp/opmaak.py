"""A bot message as WhatsApp Cloud API payloads: text, reply buttons, a list, or the template.

The text, the staff prefix ("*naam* (functie):"), the "Lees meer" link, the choices (the
message's buttons, else its ``custom.keuzes``) and the splitting come from the shared renderer
(bot/kanalen/weergave.py). Text is plain, without a link preview, split at 4096 characters;
choices are reply buttons (at most 3, titles up to 20 characters), else a list (at most 10
rows), else numbered text.

WhatsApp's limits are documented in characters, and are counted here in characters (Unicode
code points, ``weergave.tekens``); the fake Graph API in the tests checks them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.kanalen import weergave
from bot.kanalen.whatsapp.config import KANAAL
from bot.kern.teksten import tekst as sjabloon_tekst

SJABLOON_TAAL = "nl"

# Limits of the Cloud API, in characters.
MAX_TEKST = 4096  # a text message body
MAX_INTERACTIEF = 1024  # the body of an interactive message
MAX_KNOPPEN = 3
MAX_KNOP_TITEL = 20
MAX_KNOP_ID = 256
MAX_RIJEN = 10
MAX_RIJ_TITEL = 24
MAX_RIJ_ID = 200
MAX_RIJ_OMSCHRIJVING = 72
MAX_SJABLOON_PARAMETER = 900  # the body parameter; the whole template body may be 1024

lengte = weergave.tekens


def berichttekst(bericht: Mapping[str, Any]) -> str:
    """The text of a Rasa bot message as WhatsApp shows it, with the medewerker and the link."""
    return weergave.berichttekst(bericht, kanaal=KANAAL)


def splits(tekst: str) -> list[str]:
    """Parts of at most 4096 characters (see the module on how WhatsApp counts)."""
    return weergave.splits_tekst(tekst, maximum=MAX_TEKST, lengte=lengte)


def whatsapp_berichten(ontvanger: str, bericht: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The Graph API payloads for one Rasa bot message (text, buttons, custom), in order."""
    tekst = berichttekst(bericht)
    knoppen = weergave.knoppen(bericht)
    if not knoppen:
        return [tekst_bericht(ontvanger, deel) for deel in splits(tekst)]
    if len(knoppen) > MAX_RIJEN:
        return [tekst_bericht(ontvanger, deel) for deel in splits(f"{tekst}\n\n{genummerd(knoppen)}")]
    voorafgaand = [] if lengte(tekst) <= MAX_INTERACTIEF else splits(tekst)
    inhoud = weergave.keuzetekst() if voorafgaand or not tekst else tekst
    return [tekst_bericht(ontvanger, deel) for deel in voorafgaand] + [knoppen_bericht(ontvanger, inhoud, knoppen)]


def tekst_bericht(ontvanger: str, tekst: str) -> dict[str, Any]:
    return {**_kop(ontvanger), "type": "text", "text": {"preview_url": False, "body": tekst}}


def knoppen_bericht(ontvanger: str, tekst: str, knoppen: list[dict[str, str]]) -> dict[str, Any]:
    """Reply buttons when there are at most 3 whose titles fit, else a list of at most 10 rows."""
    if len(knoppen) <= MAX_KNOPPEN and all(lengte(k["title"]) <= MAX_KNOP_TITEL for k in knoppen):
        actie = {"buttons": [
            {"type": "reply", "reply": {"id": _knop_id(k, MAX_KNOP_ID), "title": k["title"]}} for k in knoppen
        ]}
        return _interactief(ontvanger, "button", tekst, actie)
    actie = {"button": sjabloon_tekst("kanalen/whatsapp/lijstknop.txt"),
             "sections": [{"rows": [_rij(k) for k in knoppen]}]}
    return _interactief(ontvanger, "list", tekst, actie)


def _rij(knop: dict[str, str]) -> dict[str, str]:
    """A list row; a title that is too long is shortened and shown in full as the description."""
    titel = knop["title"]
    rij = {"id": _knop_id(knop, MAX_RIJ_ID), "title": _kort(titel, MAX_RIJ_TITEL)}
    if lengte(titel) > MAX_RIJ_TITEL:
        rij["description"] = _kort(titel, MAX_RIJ_OMSCHRIJVING)
    return rij


def _knop_id(knop: dict[str, str], maximum: int) -> str:
    """The payload Rasa gets back; when it is too long, the title (Rasa reads it as typed text)."""
    payload = knop["payload"]
    return payload if lengte(payload) <= maximum else _kort(knop["title"], maximum)


def _kort(tekst: str, maximum: int) -> str:
    return tekst if lengte(tekst) <= maximum else tekst[: maximum - 1].rstrip() + "…"


def genummerd(knoppen: list[dict[str, str]]) -> str:
    return "\n".join(f"{nummer}. {knop['title']}" for nummer, knop in enumerate(knoppen, start=1))


def _interactief(ontvanger: str, soort: str, tekst: str, actie: dict[str, Any]) -> dict[str, Any]:
    return {**_kop(ontvanger), "type": "interactive",
            "interactive": {"type": soort, "body": {"text": tekst}, "action": actie}}


def sjabloon_bericht(ontvanger: str, sjabloon: str, tekst: str) -> dict[str, Any]:
    """The approved template with ``tekst`` as its one body parameter (for outside the window)."""
    return {
        **_kop(ontvanger),
        "type": "template",
        "template": {
            "name": sjabloon,
            "language": {"code": SJABLOON_TAAL},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": sjabloon_parameter(tekst)}]}],
        },
    }


def sjabloon_parameter(tekst: str) -> str:
    """A template parameter may hold no new lines or tabs nor more than 4 spaces in a row."""
    return _kort(re.sub(r"\s+", " ", tekst).strip(), MAX_SJABLOON_PARAMETER)


def _kop(ontvanger: str) -> dict[str, str]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": ontvanger}
