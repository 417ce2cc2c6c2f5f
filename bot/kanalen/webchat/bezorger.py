"""Pushing outbox messages (``kanaal`` "webchat", ``ontvanger`` ``webchat:<session id>``) to the web chat.

A loop inside the Rasa server (started and stopped with the server) looks every few seconds
(INGANG_WEBCHAT_INTERVAL, default 3) for waiting messages of the sessions connected to this
process, and a session gets its waiting messages at once when it (re)connects
(``session_request``) or sends a message. Each message is claimed first (``claim_bericht``),
so several replicas never send one twice; it is marked afgeleverd after the emit. Messages of
sessions that are not connected keep waiting until the entrepreneur comes back.

With several replicas (INGANG_REDIS_URL), every replica records the sessions connected to it
in Redis (``SessiePresentie``: a sorted set with an expiry time per session, renewed every
round and whenever the session is active, removed when its last client disconnects), and the
push loop of every replica delivers for all present sessions; the claim makes sure only one
replica sends a message.

Each round also tells the sessions connected here whose medewerker is typing now
(``medewerker_typt`` with the first name, bot/overname/typen.py); the widget shows "<naam> typt…"
until a few seconds after the last one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Iterable
from typing import Any

from socketio import AsyncServer

from bot.kanalen.webchat.presentie import SessiePresentie
from bot.kanalen.webchat.uitvoer import WebchatOutput
from bot.kern.db import default_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.kern.tijd import utcnow
from bot.overname.typen import typende_medewerkers
from bot.uitgaand.jobs import claim_te_bezorgen, rond_af
from bot.uitgaand.service import Bericht, BezorgFout

logger = logging.getLogger(__name__)


class WebchatBezorging:
    """Pushes the waiting outbox messages of kanaal "webchat" to the sessions connected here."""

    KANAAL = "webchat"
    PER_KEER = 500  # sessions per query, well below every database's parameter limit

    def __init__(
        self, sio: AsyncServer, bot_message_evt: str, namespace: str | None,
        presentie: SessiePresentie | None = None,
    ) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt
        self.namespace = namespace or "/"
        self.presentie = presentie
        self.interval = float(os.environ.get("INGANG_WEBCHAT_INTERVAL", "3"))
        self.werker = f"webchat-{socket.gethostname()}-{os.getpid()}"
        self._taak: asyncio.Task | None = None
        self._laatste_fout: str | None = None

    def start(self) -> None:
        if self._taak is None:
            self._taak = asyncio.get_running_loop().create_task(self.draai())

    async def stop(self) -> None:
        taak, self._taak = self._taak, None
        if taak is not None:
            taak.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await taak
        if self.presentie is not None:
            await self.presentie.sluit()

    async def draai(self) -> None:
        while True:
            await self.ronde()
            await asyncio.sleep(self.interval)

    async def ronde(self) -> int:
        """Deliver what is due for every connected session (of any replica with Redis); how many went out."""
        sessies = await self.aanwezige_sessies()
        aantal = 0
        for begin in range(0, len(sessies), self.PER_KEER):
            aantal += await self.bezorg_voor(sessies[begin:begin + self.PER_KEER])
        await self.meld_typende(self.verbonden_sessies())
        return aantal

    async def meld_typende(self, sessies: list[str]) -> None:
        """``medewerker_typt`` to each session connected here whose medewerker types now."""
        for begin in range(0, len(sessies), self.PER_KEER):
            deel = sessies[begin:begin + self.PER_KEER]
            try:
                typend = await asyncio.to_thread(self._typend, deel)
                for sessie in deel:
                    if naam := typend.get(gesprek_id(self.KANAAL, sessie)):
                        await self.sio.emit("medewerker_typt", {"naam": naam}, room=sessie, namespace=self.namespace)
            except Exception as fout:  # noqa: BLE001 - a lost marker is no reason to stop delivering
                self._meld(fout)

    def _typend(self, sessies: list[str]) -> dict[str, str]:
        with transaction(default_engine()) as session:
            return typende_medewerkers(session=session, kanaal=self.KANAAL, nu=utcnow(),
                                       gesprekken=[gesprek_id(self.KANAAL, sessie) for sessie in sessies])

    async def sessie(self, ontvanger: str) -> int:
        """Deliver what waits for one session (it just connected or sent a message)."""
        await self._meld_aanwezig([ontvanger])
        return await self.bezorg_voor([ontvanger])

    async def weg(self, sid: str) -> None:
        """A client left: its sessions with nobody else connected here are no longer present (with Redis).

        Another replica that still has the session renews it in its next round; until then its
        messages simply wait, instead of being emitted to nobody and marked afgeleverd.
        """
        if self.presentie is None:
            return
        kamers = self.sio.manager.rooms.get(self.namespace, {})
        leeg = [kamer for kamer, leden in list(kamers.items())
                if isinstance(kamer, str) and sid in leden and all(lid == sid for lid in leden)]
        try:
            await self.presentie.vergeet(leeg)
        except Exception as fout:  # noqa: BLE001 - the presence expires by itself
            self._meld(fout)

    async def aanwezige_sessies(self) -> list[str]:
        """The sessions connected here, plus (with Redis) those connected to the other replicas."""
        hier = self.verbonden_sessies()
        if self.presentie is None:
            return hier
        await self._meld_aanwezig(hier)
        try:
            elders = await self.presentie.sessies()
        except Exception as fout:  # Redis away: at least serve the sessions connected here
            self._meld(fout)
            return hier
        return sorted(set(hier) | set(elders))

    async def _meld_aanwezig(self, sessies: list[str]) -> None:
        if self.presentie is None or not sessies:
            return
        try:
            await self.presentie.meld(sessies)
        except Exception as fout:  # noqa: BLE001 - Redis away: the next round tries again
            self._meld(fout)

    def verbonden_sessies(self) -> list[str]:
        """The rooms with a connected client here: session ids (and each client's own sid)."""
        kamers = self.sio.manager.rooms.get(self.namespace, {})
        return [kamer for kamer, leden in list(kamers.items()) if isinstance(kamer, str) and len(leden)]

    async def bezorg_voor(self, ontvangers: Iterable[str]) -> int:
        ontvangers = list(ontvangers)
        if not ontvangers:
            return 0
        try:
            berichten = await asyncio.to_thread(self._claim, ontvangers)
            for bericht in berichten:
                fout = await self.verstuur(bericht)
                await asyncio.to_thread(rond_af, engine=default_engine(), bericht_id=bericht.id, werker=self.werker,
                                        nu=utcnow(), fout=fout)
        except Exception as fout:  # the chat goes on; the next round tries again
            self._meld(fout)
            return 0
        self._laatste_fout = None
        return len(berichten)

    def _claim(self, ontvangers: list[str]) -> list[Bericht]:
        return claim_te_bezorgen(engine=default_engine(), kanalen=[self.KANAAL],
                                 ontvangers=[gesprek_id(self.KANAAL, sessie) for sessie in ontvangers], nu=utcnow(),
                                 werker=self.werker)

    async def verstuur(self, bericht: Bericht) -> BezorgFout | None:
        """Emit the message as ``bot_uttered``, in the shape of a normal reply; the failure or None."""
        reply: dict[str, Any] = {"text": bericht.tekst}
        if bericht.knoppen:
            reply["buttons"] = [dict(knop) for knop in bericht.knoppen]
        if bericht.custom:
            reply["custom"] = dict(bericht.custom)
        try:
            await WebchatOutput(self.sio, self.bot_message_evt).send_response(bericht.ontvanger, reply)
        except Exception as fout:  # noqa: BLE001 - recorded, retried after a pause
            return BezorgFout(f"{type(fout).__name__}: {fout}")
        return None

    def _meld(self, fout: Exception) -> None:
        """Log a delivery error once, not every round."""
        tekst = f"{type(fout).__name__}: {fout}"
        if tekst != self._laatste_fout:
            logger.warning("Webchat: berichten niet bezorgd: %s", tekst, exc_info=fout)
        self._laatste_fout = tekst
