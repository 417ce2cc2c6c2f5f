"""A fake of the WhatsApp Cloud API (Graph API messages endpoint) on loopback, in a thread.

It accepts ``POST /<phone_number_id>/messages`` with the right Bearer token, records every
message it accepted, and answers like the real API (a ``wamid`` per message). It can be told
to fail the next calls: ``faal(keer=2)`` answers 500 twice, ``weiger()`` answers 400 once.

Like the real API it accepts a free-form message to a recipient whose 24-hour window is closed
(``sluit_venster(wa_id)``) with 200 and a ``wamid``, and reports the failure only afterwards, as
a ``failed`` status with error 131047 for the webhook; a template is delivered regardless. Every
accepted message gets its status delivery (``delivered`` or ``failed``), signed with the app
secret as Meta signs it; ``neem_statussen()`` hands over those not taken yet, for the test to
post to the webhook.

    with FakeWhatsApp() as fake:
        env = {"INGANG_WHATSAPP_API_URL": fake.url, "INGANG_WHATSAPP_TOKEN": fake.token, ...}
        fake.berichten            # the accepted message payloads, oldest first
        fake.wacht_op(2)          # wait until two messages arrived (for the end-to-end tests)
        fake.aangekomen(wa_id)    # the messages that reached the phone (not those failed afterwards)

``onderteken(body, app_secret)`` signs a webhook delivery the way Meta does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.fakes.loopback import LoopbackFake, LoopbackServer


def onderteken(body: bytes, app_secret: str) -> str:
    """The ``X-Hub-Signature-256`` value Meta sends with ``body``: ``sha256=`` + HMAC-SHA256 in hex."""
    return "sha256=" + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


VENSTER_GESLOTEN = 131047  # Meta's "Re-engagement message": more than 24 hours since the customer replied


@dataclass(frozen=True)
class Statuslevering:
    """A webhook delivery of one status as Meta posts it: the raw body and its headers (signed)."""

    wamid: str
    status: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Aanroep:
    pad: str
    autorisatie: str | None
    body: Any
    status: int
    wamid: str | None = None


class FakeWhatsApp(LoopbackFake):
    def __init__(self, token: str = "test-whatsapp-token", phone_number_id: str = "1234567890",
                 app_secret: str = "app-geheim") -> None:
        self.token = token
        self.phone_number_id = phone_number_id
        self.app_secret = app_secret  # signs the status deliveries (X-Hub-Signature-256)
        self.aanroepen: list[Aanroep] = []
        self.statussen: list[Statuslevering] = []  # every status delivery made, oldest first
        self._niet_genomen: list[Statuslevering] = []
        self._gesloten: set[str] = set()
        self._storingen: list[int] = []
        self._lock = threading.Lock()
        self._http = LoopbackServer(lambda request, _methode: self._behandel(request), naam="fake-whatsapp",
                                    methoden=("POST",))

    @property
    def url(self) -> str:
        """The value for INGANG_WHATSAPP_API_URL."""
        return f"{self._http.adres}/v21.0"

    # -- steering and reading --

    def faal(self, keer: int = 1, status: int = 500) -> None:
        """The next ``keer`` calls answer ``status`` and record nothing as sent."""
        with self._lock:
            self._storingen.extend([status] * keer)

    def weiger(self, keer: int = 1) -> None:
        """The next ``keer`` calls answer 400 (a permanent error, e.g. an invalid parameter)."""
        self.faal(keer=keer, status=400)

    def sluit_venster(self, wa_id: str) -> None:
        """From now on a free-form message to ``wa_id`` fails afterwards with 131047 (a template does not)."""
        with self._lock:
            self._gesloten.add(wa_id)

    def open_venster(self, wa_id: str) -> None:
        """``wa_id`` wrote again: free-form messages arrive."""
        with self._lock:
            self._gesloten.discard(wa_id)

    def neem_statussen(self) -> list[Statuslevering]:
        """The status deliveries not taken yet, oldest first, to post to the webhook as Meta would."""
        with self._lock:
            genomen, self._niet_genomen = self._niet_genomen, []
        return genomen

    def aangekomen(self, wa_id: str) -> list[dict[str, Any]]:
        """The messages to ``wa_id`` that reached the phone: accepted and not failed afterwards."""
        with self._lock:
            mislukt = {s.wamid for s in self.statussen if s.status == "failed"}
            return [a.body for a in self.aanroepen
                    if a.status == 200 and a.wamid not in mislukt and a.body.get("to") == wa_id]

    @property
    def berichten(self) -> list[dict[str, Any]]:
        """The message payloads the fake accepted, oldest first."""
        with self._lock:
            return [a.body for a in self.aanroepen if a.status == 200]

    def berichten_aan(self, wa_id: str) -> list[dict[str, Any]]:
        return [b for b in self.berichten if b.get("to") == wa_id]

    def wacht_op(self, aantal: int, wa_id: str | None = None, timeout: float = 30.0) -> list[dict[str, Any]]:
        """Wait until at least ``aantal`` messages (to ``wa_id``) were accepted; return them."""
        einde = time.monotonic() + timeout
        while True:
            berichten = self.berichten if wa_id is None else self.berichten_aan(wa_id)
            if len(berichten) >= aantal or time.monotonic() > einde:
                return berichten
            time.sleep(0.1)

    # -- the API --

    def _behandel(self, verzoek: BaseHTTPRequestHandler) -> None:
        lengte = int(verzoek.headers.get("Content-Length") or 0)
        ruw = verzoek.rfile.read(lengte)
        autorisatie = verzoek.headers.get("Authorization")
        try:
            body = json.loads(ruw or b"null")
        except ValueError:
            body = None
        status, antwoord = self._antwoord(verzoek.path, autorisatie, body)
        wamid = antwoord["messages"][0]["id"] if status == 200 else None
        with self._lock:
            self.aanroepen.append(Aanroep(verzoek.path, autorisatie, body, status, wamid))
            if wamid is not None:
                self._meld_status(wamid, body)
        data = json.dumps(antwoord).encode("utf-8")
        verzoek.send_response(status)
        verzoek.send_header("Content-Type", "application/json")
        verzoek.send_header("Content-Length", str(len(data)))
        verzoek.end_headers()
        verzoek.wfile.write(data)

    def _meld_status(self, wamid: str, body: dict[str, Any]) -> None:
        """Queue the status Meta would post for an accepted message (call with the lock held)."""
        mislukt = body.get("type") != "template" and body["to"] in self._gesloten
        status = _status(wamid, body["to"], "failed" if mislukt else "delivered",
                         VENSTER_GESLOTEN if mislukt else None)
        ruw = json.dumps(_status_levering(self.phone_number_id, status)).encode("utf-8")
        levering = Statuslevering(wamid, status["status"], ruw, {
            "Content-Type": "application/json", "X-Hub-Signature-256": onderteken(ruw, self.app_secret)})
        self.statussen.append(levering)
        self._niet_genomen.append(levering)

    def _antwoord(self, pad: str, autorisatie: str | None, body: Any) -> tuple[int, dict[str, Any]]:
        with self._lock:
            storing = self._storingen.pop(0) if self._storingen else None
        if storing is not None:
            return storing, _fout(storing, "Storing (fake)")
        if pad.rstrip("/") != f"/v21.0/{self.phone_number_id}/messages":
            return 404, _fout(404, f"Unknown path {pad}")
        if autorisatie != f"Bearer {self.token}":
            return 401, _fout(401, "Invalid OAuth access token")
        reden = _ongeldig(body)
        if reden:
            return 400, _fout(400, reden)
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": f"wamid.{uuid.uuid4().hex}"}],
        }


def _status(wamid: str, wa_id: str, status: str, code: int | None) -> dict[str, Any]:
    """One entry of ``value.statuses`` as the Cloud API sends it."""
    entry: dict[str, Any] = {"id": wamid, "status": status, "timestamp": str(int(time.time())), "recipient_id": wa_id}
    if code is not None:
        entry["errors"] = [{
            "code": code, "title": "Re-engagement message",
            "message": "Re-engagement message",
            "error_data": {"details": "Message failed to send because more than 24 hours have passed since the "
                                      "customer last replied to this number."},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }]
    return entry


def _status_levering(phone_number_id: str, status: dict[str, Any]) -> dict[str, Any]:
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": "31201234567", "phone_number_id": phone_number_id},
             "statuses": [status]}
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}


def _fout(status: int, melding: str) -> dict[str, Any]:
    return {"error": {"message": melding, "type": "OAuthException", "code": 100 if status == 400 else status}}


def _ongeldig(body: Any) -> str | None:
    """What the real API would refuse in the parts Ingang sends; None when fine."""
    if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp" or not body.get("to"):
        return "messaging_product 'whatsapp' and 'to' are required"
    soort = body.get("type")
    if soort == "text":
        tekst = (body.get("text") or {}).get("body") or ""
        return None if 0 < len(tekst) <= 4096 else "text.body must be 1-4096 characters"
    if soort == "interactive":
        return _ongeldig_interactief(body.get("interactive") or {})
    if soort == "template":
        sjabloon = body.get("template") or {}
        return None if sjabloon.get("name") and (sjabloon.get("language") or {}).get("code") else "template name and language"
    return f"unsupported type {soort!r}"


def _ongeldig_interactief(interactief: dict[str, Any]) -> str | None:
    tekst = (interactief.get("body") or {}).get("text") or ""
    if not 0 < len(tekst) <= 1024:
        return "interactive body.text must be 1-1024 characters"
    actie = interactief.get("action") or {}
    if interactief.get("type") == "button":
        knoppen = actie.get("buttons") or []
        if not 1 <= len(knoppen) <= 3:
            return "1-3 buttons"
        if any(len(k["reply"]["title"]) > 20 or len(k["reply"]["id"]) > 256 for k in knoppen):
            return "button title max 20, id max 256"
        return None
    if interactief.get("type") == "list":
        rijen = [r for sectie in actie.get("sections") or [] for r in sectie.get("rows") or []]
        if not 1 <= len(rijen) <= 10 or not actie.get("button") or len(actie["button"]) > 20:
            return "1-10 rows and a button text of at most 20 characters"
        if any(len(r["title"]) > 24 or len(r["id"]) > 200 or len(r.get("description", "")) > 72 for r in rijen):
            return "row title max 24, id max 200, description max 72"
        return None
    return "interactive type must be button or list"
