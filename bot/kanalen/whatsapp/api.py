"""Posting one payload to the WhatsApp Cloud API (Graph API) and judging its answer."""

from __future__ import annotations

import ssl
from functools import cache
from typing import Any

import httpx

from bot.kanalen.whatsapp.config import WhatsAppInstellingen
from bot.kern.claims import is_definitieve_http_fout
from bot.uitgaand.service import BezorgFout


@cache
def tls() -> ssl.SSLContext:
    """One TLS context for every call: building one reads the whole CA bundle, some 50 ms of CPU on
    the event loop, which a new ``httpx.AsyncClient`` per reply spent each time."""
    return httpx.create_ssl_context()


def nieuwe_client(timeout: float) -> httpx.AsyncClient:
    """A client for a few calls to the Cloud API (a client lives on one event loop; the context is shared)."""
    return httpx.AsyncClient(timeout=timeout, verify=tls())


def beoordeel(antwoord: httpx.Response) -> None:
    """Raise ``BezorgFout`` for an error answer; final or not by the rule every outside API shares
    (``is_definitieve_http_fout``: 4xx except 408, 409 and 429)."""
    if antwoord.status_code < 300:
        return
    melding = f"WhatsApp API antwoordde {antwoord.status_code}: {antwoord.text[:500]}"
    raise BezorgFout(melding, definitief=is_definitieve_http_fout(antwoord.status_code))


async def verstuur(
    client: httpx.AsyncClient, instellingen: WhatsAppInstellingen, payload: dict[str, Any]
) -> str | None:
    """Post ``payload``; the wamid the API gave the message (None when the answer names none), or
    ``BezorgFout`` (to retry) when the API cannot be reached."""
    try:
        antwoord = await client.post(instellingen.berichten_url, json=payload, headers=instellingen.headers)
    except httpx.HTTPError as fout:
        raise BezorgFout(f"WhatsApp API niet bereikbaar: {type(fout).__name__}: {fout}") from fout
    beoordeel(antwoord)
    return wamid_van(antwoord)


def wamid_van(antwoord: httpx.Response) -> str | None:
    """The id in ``{"messages": [{"id": "wamid..."}]}``: the key of the message's status callbacks."""
    try:
        berichten = antwoord.json().get("messages")
        wamid = berichten[0]["id"]
    except (ValueError, AttributeError, LookupError, TypeError):
        return None
    return wamid if isinstance(wamid, str) and wamid else None
