"""Locust users for the load test of the production topology (``python -m benchmarks.belasting``).

Entrepreneurs at human pace (a message every 5 to 20 seconds) through the load balancer: a first
question, follow-ups, a handoff in one of ten conversations (every question of the assistant answered)
and a status question; over REST and over the web chat's socket.io. Each message is one Locust request,
timed from sending to the first answer. Runs in Locust's own virtual environment (build/locust), so it
imports nothing of Ingang.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

import socketio
from locust import HttpUser, User, between, events, task

EERSTE_VRAGEN = [
    "ik wil een terras voor mijn cafe", "mag ik een reclamebord aan mijn gevel hangen",
    "hoe vraag ik een alcoholvergunning aan", "wanneer moet ik de ozb betalen",
    "ik wil een evenement organiseren in het park", "waar kan ik mijn bedrijfsafval kwijt",
    "mag mijn winkel op zondag open", "ik zoek een bedrijfspand", "ik wil een foodtruck bij het station",
    "ik start een bedrijf aan huis, wat moet ik regelen",
]
VERVOLGEN = ["wat kost dat?", "hoe lang duurt het?", "hoe vraag ik het aan?", "welke voorwaarden zijn er?"]
OVERDRACHT = "ik wil iemand spreken over een verbouwing"
STATUSVRAAG = "hoe staat het met mijn vraag?"
# What the entrepreneur answers to each question of the handoff (tests/assistent.py has the same answers).
ANTWOORDEN = {
    "wat": "Ik wil mijn winkel aan de Kerkstraat verbouwen tot lunchroom",
    "waarom": "De winkel loopt terug, met horeca erbij trek ik meer klanten",
    "hoe": "In april, 20 zitplaatsen",
    "bouw_adres": "Kerkstraat 12",
    "bouw_wijziging": "Er komt een keuken en een afzuiging",
    "toestemming": "/affirm",
    "bedrijf": "Lunchroom Het Hoekje, KvK 87654321",
    "contact": "Ans Bos, ans@hethoekje.nl",
    "bevestiging": "/affirm",
}


def stap_van(berichten: list[dict]) -> str | None:
    stappen = [(b.get("custom") or {}).get("vraag", {}).get("stap") for b in berichten]
    return next((s for s in reversed(stappen) if s), None)


def heeft_overdracht(berichten: list[dict]) -> bool:
    return any("overdracht" in (b.get("custom") or {}) for b in berichten)


class Ondernemer:
    """One conversation's script; ``zeg`` sends a message and returns the assistant's messages."""

    def gesprek(self) -> None:
        if random.random() < 0.1:
            self.overdracht()
            return
        self.zeg(random.choice(EERSTE_VRAGEN), "eerste vraag")
        for vervolg in random.sample(VERVOLGEN, k=random.randint(1, 3)):
            self.pauze()
            self.zeg(vervolg, "vervolgvraag")

    def overdracht(self) -> None:
        berichten = self.zeg(OVERDRACHT, "overdracht")
        for _ in range(12):
            if heeft_overdracht(berichten) or not (stap := stap_van(berichten)):
                break
            self.pauze()
            berichten = self.zeg(ANTWOORDEN.get(stap, "weet ik nog niet"), "overdracht")
        self.pauze()
        self.zeg(STATUSVRAAG, "statusvraag")

    def zeg(self, tekst: str, naam: str) -> list[dict]:
        raise NotImplementedError

    def pauze(self) -> None:
        time.sleep(random.uniform(5, 20))


class RestOndernemer(HttpUser, Ondernemer):
    weight = 3
    wait_time = between(5, 20)

    def on_start(self) -> None:
        self.afzender = uuid.uuid4().hex

    @task
    def praat(self) -> None:
        self.gesprek()
        self.afzender = uuid.uuid4().hex  # the next conversation is another entrepreneur

    def zeg(self, tekst: str, naam: str) -> list[dict]:
        with self.client.post("/webhooks/rest/webhook", json={"sender": self.afzender, "message": tekst},
                              name=f"REST {naam}", catch_response=True, timeout=30) as antwoord:
            if antwoord.status_code != 200:
                antwoord.failure(f"HTTP {antwoord.status_code}")
                return []
            berichten = antwoord.json()
            if not berichten:
                antwoord.failure("geen antwoord")
            return berichten


class WebchatOndernemer(User, Ondernemer):
    """The chat widget's protocol (web/src/widget.js): ``session_request``, then ``user_uttered``;
    the answers come as ``bot_uttered`` events."""

    weight = 1
    wait_time = between(5, 20)
    STILTE = 1.0  # seconds without a new answer after which a reply is complete

    def on_start(self) -> None:
        self.ontvangen: list[dict] = []
        self.nieuw = threading.Event()
        self.sessie: str | None = None
        self.sio = socketio.Client(reconnection=False)
        bevestigd = threading.Event()

        @self.sio.on("session_confirm")
        def bevestig(data):
            self.sessie = data if isinstance(data, str) else (data or {}).get("session_id")
            bevestigd.set()

        @self.sio.on("bot_uttered")
        def ontvang(data):
            self.ontvangen.append(data or {})
            self.nieuw.set()

        self.sio.connect(self.host, transports=["websocket"], socketio_path="socket.io")
        self.sio.emit("session_request", {"session_id": None})
        bevestigd.wait(10)

    def on_stop(self) -> None:
        self.sio.disconnect()

    @task
    def praat(self) -> None:
        self.gesprek()

    def zeg(self, tekst: str, naam: str) -> list[dict]:
        self.ontvangen.clear()
        self.nieuw.clear()
        begin = time.perf_counter()
        fout = None
        try:
            self.sio.emit("user_uttered", {"message": tekst, "session_id": self.sessie})
            if not self.nieuw.wait(30):
                fout = TimeoutError("geen antwoord binnen 30 s")
        except Exception as e:  # noqa: BLE001 - reported to Locust as a failed request
            fout = e
        duur = (time.perf_counter() - begin) * 1000
        events.request.fire(request_type="socket.io", name=f"socket.io {naam}", response_time=duur,
                            response_length=0, exception=fout, context={})
        while fout is None:  # the rest of this reply: until the assistant is silent for a moment
            self.nieuw.clear()
            if not self.nieuw.wait(self.STILTE):
                break
        return list(self.ontvangen)
