"""Random and hostile deliveries for every public channel (issue 13, the fuzz test).

``leveringen(aantal, seed)`` makes ``aantal`` deliveries, spread over REST, the web chat
(socket.io), Telegram and WhatsApp, from one seeded random generator: the same seed gives the
same deliveries, so a failure can be replayed. Each delivery is hostile in one or more ways:

* the text: control characters, lone surrogates, zero-width and right-to-left marks, emoji and
  combining marks, far too long, shaped to make a regex backtrack (tests/security/vijandig.py),
  Rasa's ``/intent{...}`` commands, template and SQL injection, HTML, Markdown, things that look
  like a case number, phone number or e-mail address, or an ordinary Dutch question;
* the envelope: fields of the wrong type or missing, other channels claimed, invalid JSON or
  UTF-8, a wrong content type, a compressed body, a missing or wrong signature or secret,
  updates and deliveries of kinds the channel does not handle.

The runner that sends them is ``tests/security/vuren.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.security.vijandig import EENHEDEN, herhaal

KANALEN = ("rest", "webchat", "telegram", "whatsapp")

GEWONE_VRAGEN = [
    "hoi", "ik wil een terras bij mijn cafe", "wat kost een evenementenvergunning",
    "mag ik een reclamebord aan de gevel", "ik wil iemand spreken", "wat is de status van mijn zaak",
    "stop", "ja", "nee", "bedankt", "kan iemand mij bellen", "hoe lang duurt dat",
]

INJECTIES = [
    "/action_start_overdracht", '/inform{"telefoon": "0612345678"}', "/restart", "/session_start",
    "/stop", '/greet{"zaaknummer": "ZK-2026-00001"}', "/nlu_fallback", "/", "//", "/ja{",
    "{telefoon}", "{{ 7*7 }}", "${jndi:ldap://127.0.0.1/a}", "%s%s%s%n", "{0.__class__}",
    "' OR 1=1; DROP TABLE zaak; --", "\" OR \"\"=\"", "<img src=x onerror=alert(1)>",
    "<script>alert(document.cookie)</script>", "[klik](javascript:alert(1))", "![x](http://127.0.0.1/x.png)",
    "*_~`" * 50, "\\u0000\\n\\r", "../../../../etc/passwd", "ZK-2026-00001", "ZK-9999-99999",
    "mijn nummer is +31 6 12345678 en mail a@b.nl", "\u202eedoc terces\u202c", "a\u200b" * 300,
    "a\u0301\u0302\u0303" * 500, "😀" * 700, "\x00" * 100, "\ud800\udfff\ud800", "\r\n" * 500,
]


def willekeurige_unicode(kans: random.Random, lengte: int) -> str:
    """Characters from every plane, control characters and lone surrogates included."""
    return "".join(chr(kans.choice([kans.randrange(0, 0x80), kans.randrange(0, 0x800),
                                    kans.randrange(0, 0x10000), kans.randrange(0, 0x110000)]))
                   for _ in range(lengte))


def vijandige_tekst(kans: random.Random) -> str:
    """One hostile (or now and then an ordinary) message text."""
    keuze = kans.random()
    if keuze < 0.15:
        return kans.choice(GEWONE_VRAGEN)
    if keuze < 0.40:
        return kans.choice(INJECTIES)
    if keuze < 0.60:
        return willekeurige_unicode(kans, kans.choice([1, 5, 40, 300, 2500]))
    if keuze < 0.75:
        return herhaal(kans.choice(EENHEDEN), kans.choice([100, 1999, 2001, 20_000, 100_000]))
    if keuze < 0.85:
        return kans.choice(["", " ", "\n", "\t" * 20, "\u00a0"])
    return " ".join([kans.choice(GEWONE_VRAGEN), kans.choice(INJECTIES), willekeurige_unicode(kans, 20)])


def vreemde_waarde(kans: random.Random) -> Any:
    """A JSON value of the wrong type."""
    return kans.choice([None, 0, -1, 2**70, 3.14, True, [], ["a"], {}, {"a": {"b": []}}, "x" * 5000])


@dataclass(frozen=True)
class Levering:
    """One delivery: over HTTP (``pad``, ``koppen``, ``body``) or socket.io (``gebeurtenissen``)."""

    kanaal: str
    soort: str  # what is hostile about it, for the report
    pad: str = ""
    koppen: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    gebeurtenissen: tuple[tuple[str, Any], ...] = ()  # socket.io: (event, data) after connecting
    auth: Any = None  # socket.io: the connect payload


@dataclass(frozen=True)
class Geheimen:
    """What a genuine sender knows: Telegram's webhook secret and the WhatsApp app secret."""

    telegram: str
    whatsapp: str


def als_json(waarde: Any) -> bytes:
    return json.dumps(waarde).encode()  # ensure_ascii: lone surrogates become \\ud800, as an attacker can send


def envelop(kans: random.Random, body: bytes, koppen: dict[str, str]) -> tuple[str, bytes, dict[str, str]]:
    """Now and then spoil the HTTP envelope of an otherwise well-formed body."""
    keuze = kans.random()
    if keuze < 0.80:
        return "", body, koppen
    if keuze < 0.85:
        return "kapotte json", body[: max(1, len(body) // 2)], koppen
    if keuze < 0.90:
        return "geen utf-8", body + b"\xff\xfe\xc3\x28", koppen
    if keuze < 0.94:
        return "content-type tekst", body, {**koppen, "Content-Type": "text/plain"}
    if keuze < 0.97:
        return "deflate-bom", zlib.compress(b"{\"a\": \"" + b"0" * 5_000_000 + b"\"}"), {
            **koppen, "Content-Encoding": "deflate"}
    return "te groot", b"{\"message\": \"" + b"a" * 2_000_000 + b"\"}", koppen


def rest_levering(kans: random.Random, nummer: int) -> Levering:
    bericht: dict[str, Any] = {"sender": f"fuzz-{nummer}", "message": vijandige_tekst(kans)}
    soort = "tekst"
    keuze = kans.random()
    if keuze < 0.15:
        bericht["sender"], soort = vreemde_waarde(kans), "afzender van een vreemd type"
    elif keuze < 0.30:
        bericht["message"], soort = vreemde_waarde(kans), "bericht van een vreemd type"
    elif keuze < 0.40:
        bericht.update(input_channel=kans.choice(["whatsapp", "telegram", "webchat", "console"]),
                       sender=kans.choice(["31612345678", "123456789", "webchat:abc"]))
        soort = "ander kanaal geclaimd"
    elif keuze < 0.45:
        bericht["metadata"], soort = {"kanaal": "whatsapp", "x" * 100: vreemde_waarde(kans)}, "metadata"
    elif keuze < 0.50:
        bericht, soort = kans.choice([{}, {"sender": "fuzz"}, {"message": "hoi"}]), "velden ontbreken"
    elif keuze < 0.53:
        return Levering("rest", "geen object", "/webhooks/rest/webhook", {"Content-Type": "application/json"},
                        als_json(vreemde_waarde(kans)))
    bederf, body, koppen = envelop(kans, als_json(bericht), {"Content-Type": "application/json"})
    return Levering("rest", bederf or soort, "/webhooks/rest/webhook", koppen, body)


def telegram_levering(kans: random.Random, nummer: int, geheimen: Geheimen) -> Levering:
    chat = kans.choice([100_000 + nummer, -100_000 - nummer, 2**62, 0])
    bericht: dict[str, Any] = {"message_id": nummer, "date": 1_700_000_000, "chat": {"id": chat, "type": "private"},
                               "from": {"id": chat, "is_bot": False, "first_name": "Fuzz"}, "text": vijandige_tekst(kans)}
    update: Any = {"update_id": nummer, "message": bericht}
    soort = "tekst"
    keuze = kans.random()
    if keuze < 0.10:
        update, soort = {"update_id": nummer, "edited_message": bericht}, "bewerkt bericht"
    elif keuze < 0.20:
        update = {"update_id": nummer, "callback_query": {"id": str(nummer), "from": bericht["from"], "message": bericht,
                                                          "chat_instance": "1", "data": vijandige_tekst(kans)[:64]}}
        soort = "knop met vreemde data"
    elif keuze < 0.30:
        bericht.pop("text")
        bericht[kans.choice(["sticker", "photo", "location", "voice", "document"])] = {"file_id": "x"}
        soort = "geen tekst"
    elif keuze < 0.40:
        bericht[kans.choice(["text", "chat", "from", "message_id"])] = vreemde_waarde(kans)
        soort = "veld van een vreemd type"
    elif keuze < 0.45:
        update, soort = vreemde_waarde(kans), "geen update"
    geheim = geheimen.telegram
    if kans.random() < 0.15:
        geheim, soort = kans.choice(["", "fout", geheimen.telegram + "x", "fout geheim"]), "verkeerd geheim"
    bederf, body, koppen = envelop(kans, als_json(update), {"Content-Type": "application/json",
                                                             "X-Telegram-Bot-Api-Secret-Token": geheim})
    return Levering("telegram", bederf or soort, "/webhooks/telegram/webhook", koppen, body)


def onderteken(body: bytes, geheim: str) -> str:
    return "sha256=" + hmac.new(geheim.encode(), body, hashlib.sha256).hexdigest()


def whatsapp_levering(kans: random.Random, nummer: int, geheimen: Geheimen) -> Levering:
    afzender = kans.choice([f"316{nummer:08d}", "0", "+31612345678", "x" * 300, "31612345678"])
    bericht: dict[str, Any] = {"from": afzender, "id": f"wamid.fuzz{nummer}", "timestamp": "1700000000",
                               "type": "text", "text": {"body": vijandige_tekst(kans)}}
    waarde: dict[str, Any] = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1234567890"},
                              "contacts": [{"profile": {"name": "Fuzz"}, "wa_id": afzender}], "messages": [bericht]}
    soort = "tekst"
    keuze = kans.random()
    if keuze < 0.10:
        bericht.update(type=kans.choice(["image", "location", "sticker", "reaction", "unsupported", "order"]))
        bericht.pop("text")
        soort = "geen tekst"
    elif keuze < 0.20:
        bericht.update(type="interactive", interactive={"type": "button_reply", "button_reply": {
            "id": vijandige_tekst(kans)[:256], "title": vijandige_tekst(kans)[:20]}})
        bericht.pop("text")
        soort = "knop met vreemde data"
    elif keuze < 0.30:
        waarde.pop("messages")
        waarde["statuses"] = [{"id": "wamid.x", "status": kans.choice(["sent", "failed", "read", 7]),
                               "recipient_id": afzender, "errors": vreemde_waarde(kans)}]
        soort = "status"
    elif keuze < 0.40:
        (bericht if kans.random() < 0.5 else bericht["text"])[kans.choice(["from", "body", "id"])] = vreemde_waarde(kans)
        soort = "veld van een vreemd type"
    elif keuze < 0.45:
        waarde["messages"] = [bericht] * kans.choice([2, 50])
        soort = "veel berichten in een levering"
    levering: Any = {"object": "whatsapp_business_account",
                     "entry": [{"id": "1", "changes": [{"field": "messages", "value": waarde}]}]}
    if kans.random() < 0.05:
        levering, soort = vreemde_waarde(kans), "geen levering"
    bederf, body, koppen = envelop(kans, als_json(levering), {"Content-Type": "application/json"})
    handtekening = onderteken(body, geheimen.whatsapp)
    if kans.random() < 0.15:
        handtekening, soort = kans.choice(["", "sha256=00", onderteken(body, "fout"), "md5=x"]), "verkeerde handtekening"
    return Levering("whatsapp", bederf or soort, "/webhooks/whatsapp/webhook",
                    {**koppen, "X-Hub-Signature-256": handtekening}, body)


def webchat_levering(kans: random.Random, nummer: int) -> Levering:
    """A socket.io client that asks for a session (or not) and sends a few hostile events."""
    vraag = kans.choice([{}, {"session_id": None}, {"session_id": "verzonnen"}, {"session_id": vreemde_waarde(kans)},
                         vreemde_waarde(kans)])
    gebeurtenissen: list[tuple[str, Any]] = [("session_request", vraag)]
    for _ in range(kans.choice([1, 2, 3])):
        keuze = kans.random()
        if keuze < 0.6:
            gebeurtenissen.append(("user_uttered", {"message": vijandige_tekst(kans), "session_id": "@eigen"}))
        elif keuze < 0.75:
            gebeurtenissen.append(("user_uttered", {"message": vreemde_waarde(kans), "session_id": vreemde_waarde(kans)}))
        elif keuze < 0.85:
            gebeurtenissen.append(("user_uttered", vreemde_waarde(kans)))
        else:
            gebeurtenissen.append((kans.choice(["session_request", "bot_uttered", "onbekend", "disconnect"]),
                                   vreemde_waarde(kans)))
    return Levering("webchat", "socket.io", gebeurtenissen=tuple(gebeurtenissen),
                    auth=kans.choice([None, None, {"token": "x"}, {"a" * 50: "b"}]))


def leveringen(aantal: int, seed: int, geheimen: Geheimen) -> Iterator[Levering]:
    kans = random.Random(seed)
    makers: dict[str, Callable[[int], Levering]] = {
        "rest": lambda n: rest_levering(kans, n),
        "webchat": lambda n: webchat_levering(kans, n),
        "telegram": lambda n: telegram_levering(kans, n, geheimen),
        "whatsapp": lambda n: whatsapp_levering(kans, n, geheimen),
    }
    for nummer in range(aantal):
        yield makers[KANALEN[nummer % len(KANALEN)]](nummer)
