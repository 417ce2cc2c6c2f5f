"""Conversation figures from Rasa's SQL tracker store (table ``events``).

Definitions (days in Europe/Amsterdam):

* a *gesprek* is one conversation (sender id) on one day with at least one message from the
  entrepreneur; its channel is the input channel of its first message that day;
* a *vraag* is an entrepreneur's message recognised as a question (intents ``ask_*`` and
  ``request_human``) or one the bot answered from the kennisbank;
* a conversation is *door de bot beantwoord* when it got at least one kennisbank answer, was
  not handed to a person, not taken over and did not say an answer did not help;
* it is *overgedragen* when it received a handoff (``custom.overdracht``);
* an article *hielp niet* when the entrepreneur said so right after its answer
  (``utter_niet_geholpen`` following a ``custom.kennisbank`` message).

Only the Rasa tables are read, with SQLAlchemy Core, so this works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from itertools import chain
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.cijfers.dagen import dag_grenzen
from bot.kern.tijd import lokale_datum
from bot.kern.tracker import EVENTS  # Rasa's own table; read only here
from bot.overname import OVERNAME_SLOT

VRAAG_INTENTS_VOORVOEGSEL = "ask_"
VRAAG_INTENTS_EXTRA = frozenset({"request_human"})
NIET_GEHOLPEN_ACTIE = "utter_niet_geholpen"



@dataclass
class Gesprek:
    """What happened in one conversation on one day."""

    sender_id: str
    dag: date
    kanaal: str
    vragen: int = 0
    artikelen: list[str] = field(default_factory=list)
    niet_geholpen: list[str] = field(default_factory=list)
    overgedragen: bool = False
    overgenomen: bool = False
    vraagteksten: list[str] = field(default_factory=list)  # the entrepreneur's questions, as typed

    @property
    def door_bot_beantwoord(self) -> bool:
        return bool(self.artikelen) and not (self.overgedragen or self.overgenomen or self.niet_geholpen)

    @property
    def had_vraag(self) -> bool:
        return self.vragen > 0 or bool(self.artikelen) or self.overgedragen


@dataclass(frozen=True)
class GesprekCijfers:
    gesprekken_per_dag_kanaal: dict[tuple[date, str], int]
    vragen_per_dag_kanaal: dict[tuple[date, str], int]
    onderwerpen: list[tuple[str, int]]  # kennisbank id, times answered; most asked first
    gesprekken_met_vraag: int
    door_bot_beantwoord: int
    overgedragen: int
    niet_geholpen: list[tuple[str, int]]  # kennisbank id, times it did not help; most first

    @property
    def gesprekken(self) -> int:
        return sum(self.gesprekken_per_dag_kanaal.values())

    @property
    def vragen(self) -> int:
        return sum(self.vragen_per_dag_kanaal.values())


def gesprek_cijfers(*, engine: Engine, van: date, tot_en_met: date,
                    gearchiveerd: Iterable[Gesprek] = ()) -> GesprekCijfers:
    """The conversation figures for the local days ``van`` up to and including ``tot_en_met``: the
    tracker store's conversations and those retention archived (``bot.cijfers.archief``)."""
    begin, einde = dag_grenzen(van, tot_en_met)
    binnen = (EVENTS.c.timestamp >= begin.timestamp()) & (EVENTS.c.timestamp < einde.timestamp())
    return vat_samen(chain(gesprekken(lees_events(engine=engine, waar=binnen)), gearchiveerd))


def events_van_gesprekken(*, engine: Engine, gesprek_ids: list[str]) -> Iterator[dict[str, Any]]:
    """All the figures' events of these conversations (retention archives them before it deletes)."""
    return lees_events(engine=engine, waar=EVENTS.c.sender_id.in_(gesprek_ids))


def lees_events(*, engine: Engine, waar: Any) -> Iterator[dict[str, Any]]:
    """The user, bot, action and slot events ``waar`` selects, per conversation in order.

    Streamed (a server-side cursor on PostgreSQL): a month of a busy municipality is millions of
    events, and memory must not grow with them (``benchmarks/schaal.py``)."""
    query = (
        select(EVENTS.c.id, EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.intent_name,
               EVENTS.c.action_name, EVENTS.c.data)
        .where(waar, EVENTS.c.type_name.in_(["user", "bot", "action", "slot"]))
        .order_by(EVENTS.c.sender_id, EVENTS.c.timestamp, EVENTS.c.id)
    )
    with engine.connect() as verbinding:
        for rij in verbinding.execution_options(stream_results=True).execute(query):
            yield {"id": rij.id, "sender_id": rij.sender_id, "type": rij.type_name, "timestamp": rij.timestamp,
                   "intent": rij.intent_name, "action": rij.action_name, "data": _json(rij.data)}


def gesprekken(events: Iterable[dict[str, Any]]) -> Iterator[Gesprek]:
    """Group the (sorted) events into conversations per sender and local day."""
    huidig: Gesprek | None = None
    laatste_artikel: str | None = None
    for event in events:
        dag = lokale_datum(datetime.fromtimestamp(event["timestamp"], timezone.utc))
        if huidig is None or (huidig.sender_id, huidig.dag) != (event["sender_id"], dag):
            if event["type"] != "user":
                continue  # a conversation starts with the entrepreneur's message
            if huidig is not None:
                yield huidig
            huidig = Gesprek(sender_id=event["sender_id"], dag=dag, kanaal=_kanaal(event))
            laatste_artikel = None
        laatste_artikel = _verwerk(huidig, event, laatste_artikel)
    if huidig is not None:
        yield huidig


def _verwerk(gesprek: Gesprek, event: dict[str, Any], laatste_artikel: str | None) -> str | None:
    """Count one event in ``gesprek``; returns the article last answered (for 'did not help')."""
    soort, data = event["type"], event["data"]
    if soort == "user" and is_vraag(event["intent"]):
        gesprek.vragen += 1
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            gesprek.vraagteksten.append(data["text"])
    elif soort == "bot":
        custom = ((data.get("data") or {}).get("custom") or {}) if isinstance(data, dict) else {}
        kennisbank = custom.get("kennisbank") if isinstance(custom, dict) else None
        if isinstance(kennisbank, dict) and kennisbank.get("id"):
            laatste_artikel = str(kennisbank["id"])
            if laatste_artikel not in gesprek.artikelen:
                gesprek.artikelen.append(laatste_artikel)
        if isinstance(custom, dict) and custom.get("overdracht"):
            gesprek.overgedragen = True
    elif soort == "action" and event["action"] == NIET_GEHOLPEN_ACTIE and laatste_artikel:
        gesprek.niet_geholpen.append(laatste_artikel)
        laatste_artikel = None
    elif soort == "slot" and data.get("name") == OVERNAME_SLOT and data.get("value"):
        gesprek.overgenomen = True
    return laatste_artikel


def is_vraag(intent: str | None) -> bool:
    return bool(intent) and (intent.startswith(VRAAG_INTENTS_VOORVOEGSEL) or intent in VRAAG_INTENTS_EXTRA)


def vat_samen(lijst: Iterable[Gesprek]) -> GesprekCijfers:
    """The figures of the conversations, in one pass (each conversation is counted and let go)."""
    per_dag: dict[tuple[date, str], int] = defaultdict(int)
    vragen: dict[tuple[date, str], int] = defaultdict(int)
    onderwerpen: Counter[str] = Counter()
    niet_geholpen: Counter[str] = Counter()
    met_vraag = door_bot = overgedragen = 0
    for gesprek in lijst:
        per_dag[(gesprek.dag, gesprek.kanaal)] += 1
        vragen[(gesprek.dag, gesprek.kanaal)] += max(gesprek.vragen, len(gesprek.artikelen))
        onderwerpen.update(gesprek.artikelen)
        niet_geholpen.update(gesprek.niet_geholpen)
        if gesprek.had_vraag:
            met_vraag += 1
            door_bot += gesprek.door_bot_beantwoord
            overgedragen += gesprek.overgedragen
    return GesprekCijfers(
        gesprekken_per_dag_kanaal=dict(per_dag),
        vragen_per_dag_kanaal=dict(vragen),
        onderwerpen=_meeste_eerst(onderwerpen),
        gesprekken_met_vraag=met_vraag,
        door_bot_beantwoord=door_bot,
        overgedragen=overgedragen,
        niet_geholpen=_meeste_eerst(niet_geholpen),
    )


def _meeste_eerst(teller: Counter[str]) -> list[tuple[str, int]]:
    return sorted(teller.items(), key=lambda paar: (-paar[1], paar[0]))


def _kanaal(event: dict[str, Any]) -> str:
    data = event["data"]
    return str(data.get("input_channel") or "onbekend") if isinstance(data, dict) else "onbekend"


def _json(tekst: str | None) -> dict[str, Any]:
    try:
        waarde = json.loads(tekst or "{}")
    except ValueError:
        return {}
    return waarde if isinstance(waarde, dict) else {}
