"""The follow-up worker: runs every domain's periodic jobs, one round after another.

Run ``python -m bot.worker [--eenmalig] [--interval 60]``. One round, in this order:

1. promises (``bot.beloften.jobs``): reminders and escalations due now; their e-mails and the
   messages to the entrepreneur are placed in the outbox, in the same transaction as the step;
2. takeovers (``bot.overname.jobs``): stuck ones are finished, idle ones released, when the Rasa API is configured;
   live-chat requests nobody took are recorded in the case's history and the entrepreneur is told that the
   promise stands (``bot.overname.chatverzoeken``), once however many workers run;
3. WhatsApp messages the Rasa server recorded but never finished (it restarted or died after
   answering Meta) are handed to it again (``bot.kanalen.whatsapp.herstel``), when the Rasa API is
   configured; their answers go into the outbox. WhatsApp's failed statuses the server recorded but
   never handled are fed back to the outbox (``bot.kanalen.whatsapp.statussen``);
4. the outbox (``bot.uitgaand.jobs``): messages of the push channels that have a deliverer here
   (Telegram, WhatsApp, e-mail) are claimed one by one, sent after the commit of steps 1 and 3,
   marked afgeleverd or retried later. REST messages wait for the entrepreneur's next message;
   the web chat pushes from the Rasa server;
5. new cases are exported to Open Klant (``bot.integraties.openklant``), when configured;
6. the Telegram/WhatsApp messages older than a week are removed;
7. what is past its retention period is deleted (``bot.privacy.bewaren``): conversations in Rasa's
   tracker store (when it is given), outbox messages, WhatsApp windows, the mail sink's files, old
   status checks and codes, and closed cases after the archive period.
8. the kennisbank's gaps (``bot.cijfers.vragen_zonder_antwoord``): the new questions without a (helpful)
   answer in the tracker store (when it is given) are stored masked, for the console's page "Vragen
   zonder antwoord". Deduce and the search index are loaded at the first round that has such a question.

After each round the worker writes its heartbeat (``bot.kern.hartslag``): ``python -m bot.worker --gezond``
exits 0 when a worker on this host beat recently (a container's liveness check), the console's
``/gezond`` counts the live workers.

This module only strings the jobs together and chooses the deliverers (``bezorgers_uit_omgeving``):
it is the one place that knows both the domain and the channels.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.beloften.jobs import STANDAARD_CLAIM_DUUR, verwerk_beloften
from bot.cijfers.vragen_zonder_antwoord import werk_bij as werk_gaten_bij
from bot.integraties.email import EmailBezorger
from bot.integraties.mailsink import standaard_map
from bot.integraties.openklant.client import OpenKlantClient, openklant_client_uit_omgeving
from bot.integraties.openklant.export import exporteer_openstaande_zaken
from bot.integraties.rasa_api import RasaApi
from bot.kanalen.boekhouding import ruim_verwerkt_op
from bot.kanalen.whatsapp.herstel import Herstel, HerstelApi, herstel_achtergebleven
from bot.kanalen.whatsapp.statussen import verwerk_achtergebleven as verwerk_whatsapp_statussen
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import default_engine, engine_for, transaction
from bot.kern.hartslag import WERKER, klop, levend
from bot.kern.logboek import installeer_maskering
from bot.kern.settings import load_settings
from bot.kern.tempo import ruim_op as ruim_tempo_op
from bot.kern.tijd import utcnow
from bot.overname.chatverzoeken import meld_onbeantwoorde
from bot.overname.jobs import ruim_overnames_op
from bot.overname.protocol import GesprekApi
from bot.privacy.anoniem import anonimiseer_alle
from bot.privacy.bewaren import Bewaartermijnen, pas_bewaartermijnen_toe
from bot.uitgaand.jobs import STANDAARD_CLAIM_DUUR as BEZORG_CLAIM_DUUR
from bot.uitgaand.jobs import Bezorger, bezorg_wachtende

log = logging.getLogger(__name__)

STANDAARD_MAX_INACTIEF = timedelta(minutes=15)
VERWERKT_BEWAREN = timedelta(days=7)  # Telegram/WhatsApp messages (bot/kanalen/boekhouding.py)


def bezorgers_uit_omgeving() -> dict[str, Bezorger]:
    """The push deliverers of the outbox, by ``kanaal``.

    One line per channel; a deliverer's ``uit_omgeving`` may return None when its channel is
    not configured, e.g. ``TelegramBezorger.uit_omgeving(),``. Messages for a channel without a
    deliverer stay waiting. E-mail always has one (the local mail sink by default).
    """
    # imported here, so that modules importing this one do not load Rasa and Sanic
    from bot.kanalen.telegram.bezorger import TelegramBezorger
    from bot.kanalen.whatsapp.bezorger import WhatsAppBezorger

    bezorgers: list[Bezorger | None] = [
        EmailBezorger.uit_omgeving(),
        TelegramBezorger.uit_omgeving(),
        WhatsAppBezorger.uit_omgeving(),
    ]
    return {bezorger.kanaal: bezorger for bezorger in bezorgers if bezorger is not None}


def verwerk_ronde(
    *,
    engine: Engine,
    bezorgers: Mapping[str, Bezorger],
    nu: datetime,
    werker: str,
    klok: Callable[[], datetime] | None = None,
    claim_duur: timedelta = STANDAARD_CLAIM_DUUR,
    bezorg_claim_duur: timedelta = BEZORG_CLAIM_DUUR,
    openklant: OpenKlantClient | None = None,
    rasa: GesprekApi | None = None,
    max_inactief: timedelta = STANDAARD_MAX_INACTIEF,
    whatsapp: Herstel | None = None,
    tracker: Engine | None = None,
    bewaartermijnen: Bewaartermijnen | None = None,
    mailmap: Path | None = None,
    zoeker: KennisbankZoeker | None = None,
) -> dict[str, int]:
    """One round of the worker at ``nu`` (see the module docstring); how much each job did.

    ``klok`` is read whenever a row is claimed, so that a lease runs from its claim however long
    the round takes; without it, the fixed ``nu`` (tests). ``claim_duur`` is the lease of a promise's
    step, ``bezorg_claim_duur`` that of one outbox message: how long the other workers leave a row alone
    that a dead worker had claimed. ``zoeker`` keeps the search index between
    rounds (without it, a round that needs the index builds its own).
    """
    telling = verwerk_beloften(engine=engine, nu=nu, werker=werker, klok=klok, claim_duur=claim_duur)
    telling["overnames_vrijgegeven"] = ruim_overnames_op(engine=engine, rasa=rasa, nu=nu, werker=werker,
                                                         max_inactief=max_inactief, klok=klok)
    telling["chatverzoeken_niet_beantwoord"] = meld_onbeantwoorde(engine=engine, nu=nu)
    telling["whatsapp_hersteld"] = herstel_achtergebleven(engine=engine, rasa=whatsapp, nu=nu, werker=werker, klok=klok)
    telling["whatsapp_statussen"] = verwerk_whatsapp_statussen(engine=engine, nu=nu)
    # due as the delivery starts: the answers the Rasa server placed in step 3 (on its own clock) go out now
    telling |= bezorg_wachtende(engine=engine, bezorgers=bezorgers, nu=klok() if klok else nu, werker=werker, klok=klok,
                                duur=bezorg_claim_duur)
    telling["geexporteerd"] = exporteer_openstaande_zaken(engine=engine, client=openklant, nu=nu, werker=werker,
                                                          klok=klok)
    with transaction(engine) as session:  # Telegram and WhatsApp stop redelivering long before a week
        ruim_verwerkt_op(session=session, voor=nu - VERWERKT_BEWAREN)
    with transaction(engine) as session:  # rate-limit counts and IP addresses: a day at most
        ruim_tempo_op(session=session, nu=nu)
    telling |= pas_bewaartermijnen_toe(engine=engine, tracker=tracker, mailmap=mailmap, nu=nu,
                                       termijnen=bewaartermijnen or Bewaartermijnen())
    telling["vragen_zonder_antwoord"] = werk_gaten_bij(
        engine=engine, tracker=tracker, zoeker=zoeker or KennisbankZoeker(engine), maskeer_alle=anonimiseer_alle,
        nu=nu, werker=werker) if tracker is not None else 0
    return telling


# --- command line ------------------------------------------------------------------------------


def werker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def is_gezond(*, engine: Engine, nu: datetime, max_stil: timedelta) -> bool:
    """A worker on this host finished a round within ``max_stil`` (so the database answers, too)."""
    try:
        with transaction(engine) as session:
            return bool(levend(session=session, soort=WERKER, nu=nu, max_stil=max_stil,
                               voorvoegsel=f"{socket.gethostname()}-"))
    except SQLAlchemyError:
        log.exception("gezondheid: de database antwoordt niet")
        return False


def main(argv: Sequence[str] | None = None, *, klok: Callable[[], datetime] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--eenmalig", action="store_true", help="one round, then stop")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between rounds (default 60)")
    parser.add_argument("--gezond", action="store_true",
                        help="health check: exit 0 when a worker on this host finished a round recently, else 1")
    parser.add_argument("--max-stil", type=float, default=300.0,
                        help="seconds a worker may be silent before --gezond fails (default 300)")
    args = parser.parse_args(argv)
    if args.gezond:
        raise SystemExit(0 if is_gezond(engine=default_engine(), nu=(klok or utcnow)(),
                                         max_stil=timedelta(seconds=args.max_stil)) else 1)
    installeer_maskering()  # no tokens, phone numbers or e-mail addresses in the logs
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    klok = klok or utcnow
    engine, werker = default_engine(), werker_id()
    bezorgers, openklant = bezorgers_uit_omgeving(), openklant_client_uit_omgeving()
    rasa = RasaApi.uit_omgeving() if os.environ.get("INGANG_RASA_TOKEN") else None
    whatsapp = HerstelApi(url=rasa.url, token=rasa.token) if rasa else None
    max_inactief = timedelta(minutes=float(os.environ.get("INGANG_OVERNAME_MAX_MINUTEN", "15")))
    bezorg_claim_duur = timedelta(seconds=float(os.environ.get("INGANG_BEZORG_CLAIM_SECONDEN",
                                                               str(BEZORG_CLAIM_DUUR.total_seconds()))))
    tracker, bewaartermijnen = engine_for(load_settings().tracker_url), Bewaartermijnen.uit_omgeving()
    mailmap = standaard_map()  # the local mail sink of scripts/run; absent in production
    zoeker = KennisbankZoeker(engine)
    log.info("werker %s gestart (bezorgers: %s, Open Klant: %s)", werker, ", ".join(sorted(bezorgers)) or "geen",
             openklant.basis_url if openklant else "uit")
    while True:
        try:
            telling = verwerk_ronde(engine=engine, bezorgers=bezorgers, nu=klok(), klok=klok, werker=werker,
                                    openklant=openklant, rasa=rasa, max_inactief=max_inactief, whatsapp=whatsapp,
                                    tracker=tracker, bewaartermijnen=bewaartermijnen, mailmap=mailmap,
                                    zoeker=zoeker, bezorg_claim_duur=bezorg_claim_duur)
            log.info("herinneringen: %(herinneringen)d, escalaties: %(escalaties)d, "
                     "berichten afgeleverd: %(afgeleverd)d, mislukt: %(mislukt)d, "
                     "naar Open Klant: %(geexporteerd)d, overnames vrijgegeven: %(overnames_vrijgegeven)d, "
                     "chatverzoeken niet beantwoord: %(chatverzoeken_niet_beantwoord)d, "
                     "WhatsApp-berichten hersteld: %(whatsapp_hersteld)d, "
                     "WhatsApp-statussen: %(whatsapp_statussen)d, "
                     "bewaartermijn verstreken: gesprekken %(gesprekken_verwijderd)d, "
                     "gesprekken van zaken %(zaakgesprekken_verwijderd)d, berichten %(berichten_verwijderd)d, "
                     "vensters %(vensters_verwijderd)d, mails %(mails_verwijderd)d, "
                     "controles %(controles_verwijderd)d, zaken %(zaken_verwijderd)d, "
                     "vragen zonder antwoord: %(vragen_zonder_antwoord)d", telling)
            with transaction(engine) as session:
                klop(session=session, proces=werker, soort=WERKER, nu=klok())
        except Exception:  # keep the worker alive; the next round tries again
            log.exception("ronde mislukt")
            if args.eenmalig:
                raise
        if args.eenmalig:
            return
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
