"""Send the fuzzer's deliveries (tests/security/fuzzer.py) to a running assistant, while an
ordinary entrepreneur talks to it over REST, and report what went wrong.

Used by ``tests/security/test_fuzz.py`` (a fixed sample, every run) and by
``benchmarks/fuzz.py`` (all 10,000, and the ordinary conversation's times).

``met_alle_kanalen`` starts the real Rasa server and action server with all four public
channels, Telegram's and WhatsApp's APIs faked on loopback.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import httpx
import socketio

from bot.kanalen.lengte import MAX_VERZOEK_BYTES
from bot.kennisbank.artikel import Artikel
from tests.assistent import Assistent, start_assistent
from tests.fakes.telegram import FakeTelegram
from tests.fakes.whatsapp import FakeWhatsApp
from tests.postgres import PostgresCluster
from tests.security.fuzzer import Geheimen, Levering

CREDENTIALS = """\
bot.kanalen.rest.RestInput:

bot.kanalen.webchat.invoer.WebchatInput:
  user_message_evt: user_uttered
  bot_message_evt: bot_uttered
  session_persistence: true

bot.kanalen.telegram.invoer.TelegramInput:

bot.kanalen.whatsapp.invoer.WhatsAppInput:
"""

GEWOON_GESPREK = ["hoi", "ik wil een terras bij mijn cafe", "wat kost dat", "hoe lang duurt het",
                  "mag ik ook reclame op de gevel", "bedankt"]
# a log line the servers write when something went wrong that should not have
FOUT_IN_LOG = re.compile(r"Traceback \(most recent call last\)|\bERROR\b|\bCRITICAL\b|Exception in ")
# engine.io logs a client's bad request (a poll for a session it closed, a bad transport) once per process
# at ERROR, and answers it with a 400: the client's doing, not the server's
ENGINEIO_SLECHT_VERZOEK = "further occurrences of this error will be logged with level INFO"


def is_fout(regel: str) -> bool:
    """A log line that says something went wrong in the server."""
    return bool(FOUT_IN_LOG.search(regel)) and ENGINEIO_SLECHT_VERZOEK not in regel


@dataclass
class Gesprek:
    """The ordinary entrepreneur's messages: how long each took and which got no answer."""

    duren: list[float] = field(default_factory=list)
    momenten: list[float] = field(default_factory=list)  # when each was sent (time.time())
    onbeantwoord: list[str] = field(default_factory=list)


@dataclass
class Uitslag:
    verstuurd: int = 0
    per_kanaal_status: Counter = field(default_factory=Counter)
    serverfouten: list[str] = field(default_factory=list)  # what was sent, what came back
    clientfouten: list[str] = field(default_factory=list)  # deliveries the client library would not send
    gewoon: Gesprek = field(default_factory=Gesprek)
    duur: float = 0.0


@dataclass(frozen=True)
class Doel:
    """A running assistant with all channels: where it is, what a genuine sender knows, its logs."""

    assistent: Assistent
    logs: tuple[Path, ...]

    def fouten_in_logs(self) -> list[str]:
        return [regel for log in self.logs for regel in log.read_text(errors="replace").splitlines()
                if is_fout(regel)]


GEHEIMEN = Geheimen(telegram="fuzz-telegram-geheim", whatsapp="fuzz-whatsapp-geheim")


@contextmanager
def nep_apis() -> Iterator[dict[str, str]]:
    """Telegram's and WhatsApp's APIs faked on loopback; yields the environment that points the channels
    at them, with the secrets of ``GEHEIMEN``."""
    with FakeTelegram() as telegram, FakeWhatsApp() as whatsapp:
        yield {
            "INGANG_TELEGRAM_TOKEN": telegram.token, "INGANG_TELEGRAM_SECRET": GEHEIMEN.telegram,
            "INGANG_TELEGRAM_API_URL": telegram.api_url,
            "INGANG_WHATSAPP_TOKEN": whatsapp.token, "INGANG_WHATSAPP_APP_SECRET": GEHEIMEN.whatsapp,
            "INGANG_WHATSAPP_VERIFY_TOKEN": "fuzz-verify", "INGANG_WHATSAPP_PHONE_NUMBER_ID": whatsapp.phone_number_id,
            "INGANG_WHATSAPP_API_URL": whatsapp.url, "INGANG_WHATSAPP_TEMPLATE": "ingang_bericht",
        }


@contextmanager
def met_alle_kanalen(map_: Path, artikelen: list[Artikel], postgres: PostgresCluster | None = None) -> Iterator[Doel]:
    """The real servers with all four channels; on SQLite files, or on two databases in ``postgres``."""
    with nep_apis() as env, start_assistent(map_, artikelen, kanalen=CREDENTIALS, extra_env=env,
                                            postgres=postgres) as assistent:
        warm_op(assistent.url)
        yield Doel(assistent, (map_ / "rasa.log", map_ / "acties.log"))

def warm_op(url: str) -> None:
    """The first messages of a server load what it loads lazily (the NLU pipeline, the action server's
    search index): that is start-up time, not what an attack costs."""
    for tekst in GEWOON_GESPREK[:3]:
        httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": "opwarmen", "message": tekst}, timeout=120)


async def stuur_http(client: httpx.AsyncClient, url: str, levering: Levering, uitslag: Uitslag) -> None:
    try:
        antwoord = await client.post(url + levering.pad, headers=levering.koppen, content=levering.body)
    except httpx.HTTPError as fout:
        if len(levering.body) > MAX_VERZOEK_BYTES:  # refused before it was read: 413 and the connection closed,
            uitslag.per_kanaal_status[(levering.kanaal, "te groot, verbinding gesloten")] += 1  # mid-upload
            return
        uitslag.serverfouten.append(f"{levering.kanaal} {levering.soort}: {type(fout).__name__} {fout}")
        return
    uitslag.per_kanaal_status[(levering.kanaal, antwoord.status_code)] += 1
    if antwoord.status_code >= 500:
        uitslag.serverfouten.append(f"{levering.kanaal} {levering.soort}: {antwoord.status_code} {antwoord.text[:200]}")


async def stuur_socketio(sessie: aiohttp.ClientSession, url: str, levering: Levering, uitslag: Uitslag) -> None:
    """Connect as a web chat page would, send the delivery's events, and leave. All share one HTTP
    session: a session of its own costs each client a new TLS context (some 50 ms), even over HTTP."""
    client = socketio.AsyncClient(reconnection=False, http_session=sessie)
    token: list[str] = []
    client.on("session_confirm", lambda waarde: token.append(waarde))
    try:
        await client.connect(url, socketio_path="/socket.io", transports=["polling"], auth=levering.auth,
                             wait_timeout=10)
        for gebeurtenis, data in levering.gebeurtenissen:
            if isinstance(data, dict) and data.get("session_id") == "@eigen":
                data = {**data, "session_id": token[0] if token else None}
            await client.emit(gebeurtenis, data)
            await asyncio.sleep(0.05)
        uitslag.per_kanaal_status[("webchat", "verbonden")] += 1
    except socketio.exceptions.ConnectionError as fout:
        uitslag.per_kanaal_status[("webchat", "geweigerd")] += 1
        if "500" in str(fout) or "timed out" in str(fout):
            uitslag.serverfouten.append(f"webchat verbinden: {fout}")
    except socketio.exceptions.BadNamespaceError:  # the server closed the socket (a message over 64 KB)
        uitslag.per_kanaal_status[("webchat", "verbroken")] += 1
    finally:  # waits for the open long-poll to come back: the ping interval (the tests keep it short)
        await client.disconnect()

async def gewoon_gesprek(client: httpx.AsyncClient, url: str, gesprek: Gesprek, klaar: asyncio.Event) -> None:
    """An entrepreneur asking ordinary questions, a new conversation every few messages (so the limit
    per conversation, 20 a minute, is never what stops them)."""
    while not klaar.is_set():
        afzender = f"gewoon-{uuid.uuid4().hex}"
        for tekst in GEWOON_GESPREK:
            begin = time.perf_counter()
            gesprek.momenten.append(time.time())
            try:
                antwoord = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": afzender, "message": tekst},
                                             timeout=30)
                beantwoord = antwoord.status_code == 200 and any(b.get("text") for b in antwoord.json())
            except (httpx.HTTPError, ValueError):
                beantwoord = False
            gesprek.duren.append(time.perf_counter() - begin)
            if not beantwoord:
                gesprek.onbeantwoord.append(tekst)
            await asyncio.sleep(0.5)
            if klaar.is_set():
                return


async def vuur(url: str, leveringen: Iterable[Levering], *, gelijktijdig: int = 6,
               met_gewoon_gesprek: bool = True) -> Uitslag:
    """Send every delivery, ``gelijktijdig`` at a time, beside one ordinary conversation (which needs
    the real assistant to be answered)."""
    uitslag = Uitslag()
    rij: asyncio.Queue[Levering | None] = asyncio.Queue(maxsize=gelijktijdig * 2)
    klaar = asyncio.Event()
    begin = time.perf_counter()
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=gelijktijdig + 2)) as client, \
            aiohttp.ClientSession() as sessie:

        async def werker() -> None:
            while (levering := await rij.get()) is not None:
                uitslag.verstuurd += 1
                try:
                    if levering.gebeurtenissen:
                        await stuur_socketio(sessie, url, levering, uitslag)
                    else:
                        await stuur_http(client, url, levering, uitslag)
                except Exception as fout:  # noqa: BLE001 - e.g. an event name socket.io reserves
                    uitslag.clientfouten.append(f"{levering.kanaal} {levering.soort}: {type(fout).__name__} {fout}")

        werkers = [asyncio.create_task(werker()) for _ in range(gelijktijdig)]
        gewoon = asyncio.create_task(gewoon_gesprek(client, url, uitslag.gewoon, klaar) if met_gewoon_gesprek
                                     else klaar.wait())
        for levering in leveringen:
            await rij.put(levering)
        for _ in werkers:
            await rij.put(None)
        await asyncio.gather(*werkers)
        klaar.set()
        await gewoon
    uitslag.duur = time.perf_counter() - begin
    return uitslag
