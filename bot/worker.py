"""The follow-up worker: reminds the medewerker before a promise's deadline and escalates after it.

Run ``python -m bot.worker [--eenmalig] [--interval 60]``. Every run looks at the open
promises (table ``belofte``); each promise is handled on its own:

* reminder: no reminder sent yet and ``herinneringsmoment <= nu < deadline`` (the service
  norm's ``herinnering_uren_voor`` working hours before the deadline): one e-mail to the
  medewerker;
* escalation: ``nu >= deadline``: the promise becomes ``te_laat``, one e-mail goes to the team
  lead of the case's team (copy to the medewerker), a new open promise for the same
  medewerker is recorded with a deadline per the service norm counted from ``nu``, and a
  message to the entrepreneur (apology, the team lead knows, the new promise) is placed in the
  outbox for the channel and conversation the case came from (``escalatie:belofte:<id>``).

Never twice: a promise is first claimed (``claim``: one conditional UPDATE, committed at once,
so that other workers see it); the work is then done in one transaction that re-reads the
promise, checks again that the step is still due, records it, sends the e-mail last and
releases the claim. If sending fails the transaction rolls back, the claim is released and the
promise is tried again on the next run: nothing is marked sent that was not sent. The outbox
message is part of that transaction, so it exists exactly when the escalation does.

After the promises, each run delivers the outbox messages of the push channels that have a
deliverer (``bot.uitgaand.bezorgen``: claimed one by one, sent, marked afgeleverd or retried
later). REST messages wait for the entrepreneur's next message; the web chat pushes from the
Rasa server.
"""

from __future__ import annotations

import argparse
import logging
import os
import smtplib
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.beloften.berichten import belofte_zin, leesbaar_moment, overdracht_payload
from bot.beloften.normen import Servicenorm, servicenormen
from bot.integraties.email import Mailer
from bot.integraties.openklant import OpenKlantClient, exporteer_openstaande_zaken, openklant_client_uit_omgeving
from bot.integraties.rasa_api import RasaApi
from bot.kanalen.boekhouding import ruim_verwerkt_op
from bot.kennisbank.service import haal_artikel
from bot.kern.db import default_engine, transaction
from bot.kern.werktijden import deadline_na_werkuren
from bot.medewerkers.directory import teamleider_van
from bot.medewerkers.models import Medewerker, afwezigheden_van, werktijden_van
from bot.overname.models import Overname
from bot.overname.service import GesprekApi, beeindig_overname, verlopen_overnames
from bot.uitgaand.bezorgen import Bezorger, bezorg_wachtende, bezorgers_uit_omgeving
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht_voor_zaak
from bot.zaken.models import Belofte, Zaak
from bot.zaken.service import maak_belofte, schrijf_audit

log = logging.getLogger(__name__)

HERINNERING = "herinnering"
ESCALATIE = "escalatie"
STANDAARD_MAX_INACTIEF = timedelta(minutes=15)
VERWERKT_BEWAREN = timedelta(days=7)  # ids of handled Telegram/WhatsApp messages (bot/kanalen/boekhouding.py)
STANDAARD_CLAIM_DUUR = timedelta(minutes=5)
AFSLUITING = "Met vriendelijke groet,\nIngang, het digitale ondernemersloket van gemeente Voorbeeldstad"


@dataclass(frozen=True)
class Mail:
    aan: str
    onderwerp: str
    tekst: str
    cc: tuple[str, ...] = ()


# --- when --------------------------------------------------------------------------------------


def norm_van(belofte: Belofte) -> Servicenorm:
    return servicenormen()[belofte.actie]


def herinneringsmoment(belofte: Belofte, medewerker: Medewerker) -> datetime:
    """The moment to remind: ``herinnering_uren_voor`` working hours before the norm runs out."""
    norm = norm_van(belofte)
    return deadline_na_werkuren(
        belofte.aangemaakt_op,
        norm.werkuren - norm.herinnering_uren_voor,
        werktijden_van(medewerker),
        afwezigheden_van(medewerker),
    )


def stap_voor(belofte: Belofte, nu: datetime) -> str | None:
    """What is due for ``belofte`` at ``nu``: ESCALATIE, HERINNERING or None."""
    if belofte.status != "open":
        return None
    if nu >= belofte.deadline:
        return ESCALATIE
    if belofte.herinneringen_verstuurd == 0 and nu >= herinneringsmoment(belofte, belofte.medewerker):
        return HERINNERING
    return None


# --- claims ------------------------------------------------------------------------------------


def claim(*, session: Session, belofte_id: int, werker: str, nu: datetime, duur: timedelta) -> bool:
    """Claim an open promise for ``werker`` until ``nu + duur``; True when this worker has it.

    One UPDATE with the conditions in its WHERE, so that of two workers at most one gets it
    (PostgreSQL re-checks the WHERE after waiting for the row lock; SQLite has one writer).
    """
    resultaat = session.execute(
        update(Belofte)
        .where(
            Belofte.id == belofte_id,
            Belofte.status == "open",
            or_(Belofte.claimed_until.is_(None), Belofte.claimed_until < nu),
        )
        .values(claimed_by=werker, claimed_until=nu + duur)
        .execution_options(synchronize_session=False)
    )
    return resultaat.rowcount == 1


def geef_vrij(*, session: Session, belofte_id: int, werker: str) -> None:
    """Release this worker's claim (if it still has it)."""
    session.execute(
        update(Belofte)
        .where(Belofte.id == belofte_id, Belofte.claimed_by == werker)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )


# --- the run -----------------------------------------------------------------------------------


def verwerk_beloften(
    *,
    engine: Engine,
    mailer: Mailer,
    nu: datetime,
    werker: str,
    claim_duur: timedelta = STANDAARD_CLAIM_DUUR,
) -> dict[str, int]:
    """Send the reminders and escalations due at ``nu``; return how many of each were sent."""
    telling = {"herinneringen": 0, "escalaties": 0}
    for belofte_id in kandidaten(engine=engine, nu=nu):
        stap = verwerk_belofte(engine=engine, mailer=mailer, belofte_id=belofte_id, nu=nu, werker=werker,
                               claim_duur=claim_duur)
        if stap == HERINNERING:
            telling["herinneringen"] += 1
        elif stap == ESCALATIE:
            telling["escalaties"] += 1
    return telling


def verwerk_ronde(
    *,
    engine: Engine,
    mailer: Mailer,
    bezorgers: Mapping[str, Bezorger],
    nu: datetime,
    werker: str,
    claim_duur: timedelta = STANDAARD_CLAIM_DUUR,
    openklant: OpenKlantClient | None = None,
    rasa: GesprekApi | None = None,
    max_inactief: timedelta = STANDAARD_MAX_INACTIEF,
) -> dict[str, int]:
    """One run of the worker: the promises due at ``nu``, idle takeovers released (when the
    Rasa API is configured), the outbox of the push channels, and the export of new cases to
    Open Klant (only when ``openklant`` is configured)."""
    telling = verwerk_beloften(engine=engine, mailer=mailer, nu=nu, werker=werker, claim_duur=claim_duur)
    telling["overnames_vrijgegeven"] = geef_overnames_vrij(engine=engine, rasa=rasa, nu=nu, max_inactief=max_inactief)
    telling |= bezorg_wachtende(engine=engine, bezorgers=bezorgers, nu=nu, werker=werker)
    telling["geexporteerd"] = exporteer_openstaande_zaken(engine=engine, client=openklant, nu=nu, werker=werker)
    with transaction(engine) as session:  # Telegram and WhatsApp stop redelivering long before a week
        ruim_verwerkt_op(session=session, voor=nu - VERWERKT_BEWAREN)
    return telling


def geef_overnames_vrij(*, engine: Engine, rasa: GesprekApi | None, nu: datetime, max_inactief: timedelta) -> int:
    """Release the takeovers left idle longer than ``max_inactief``, each in its own transaction."""
    if rasa is None:
        return 0
    with transaction(engine) as session:
        ids = [o.id for o in verlopen_overnames(session=session, nu=nu, max_inactief=max_inactief)]
    vrijgegeven = 0
    for overname_id in ids:
        try:
            with transaction(engine) as session:
                overname = session.get(Overname, overname_id, populate_existing=True)
                if overname is None or overname.actief_gesprek is None or overname.laatste_activiteit_op >= nu - max_inactief:
                    continue  # ended or active again meanwhile
                beeindig_overname(session=session, rasa=rasa, overname=overname, reden="verlopen", door="systeem", nu=nu)
                vrijgegeven += 1
        except Exception:  # Rasa unreachable: try again next round
            log.exception("overname %s niet vrijgegeven", overname_id)
    return vrijgegeven


def kandidaten(*, engine: Engine, nu: datetime) -> list[int]:
    """Ids of open promises that may need a step: past the deadline or not yet reminded."""
    with transaction(engine) as session:
        return list(
            session.execute(
                select(Belofte.id)
                .where(Belofte.status == "open", or_(Belofte.deadline <= nu, Belofte.herinneringen_verstuurd == 0))
                .order_by(Belofte.deadline, Belofte.id)
            ).scalars()
        )


def verwerk_belofte(
    *, engine: Engine, mailer: Mailer, belofte_id: int, nu: datetime, werker: str, claim_duur: timedelta
) -> str | None:
    """Do the step due for one promise; the step done (HERINNERING/ESCALATIE) or None."""
    with transaction(engine) as session:
        belofte = session.get(Belofte, belofte_id)
        if belofte is None or stap_voor(belofte, nu) is None:
            return None
    with transaction(engine) as session:
        if not claim(session=session, belofte_id=belofte_id, werker=werker, nu=nu, duur=claim_duur):
            return None
    try:
        with transaction(engine) as session:
            return _voer_uit(session=session, mailer=mailer, belofte_id=belofte_id, nu=nu, werker=werker)
    except (smtplib.SMTPException, OSError) as fout:
        log.warning("belofte %s: e-mail niet verstuurd, volgende ronde opnieuw: %s", belofte_id, fout)
        with transaction(engine) as session:
            geef_vrij(session=session, belofte_id=belofte_id, werker=werker)
        return None


def _voer_uit(*, session: Session, mailer: Mailer, belofte_id: int, nu: datetime, werker: str) -> str | None:
    """In the caller's transaction: check again, record the step, send its e-mail last, release."""
    belofte = session.get(Belofte, belofte_id, populate_existing=True)
    stap = stap_voor(belofte, nu) if belofte is not None and belofte.claimed_by == werker else None
    if stap == HERINNERING:
        mails = [herinner(session=session, belofte=belofte, nu=nu, werker=werker)]
    elif stap == ESCALATIE:
        mails = [escaleer(session=session, belofte=belofte, nu=nu, werker=werker)]
    else:
        mails = []
    geef_vrij(session=session, belofte_id=belofte_id, werker=werker)
    session.flush()
    verstuur_alle(mailer, mails)
    return stap


def verstuur_alle(mailer: Mailer, mails: Sequence[Mail]) -> None:
    for mail in mails:
        mailer.verstuur(aan=mail.aan, onderwerp=mail.onderwerp, tekst=mail.tekst, cc=mail.cc)


# --- reminder ----------------------------------------------------------------------------------


def herinner(*, session: Session, belofte: Belofte, nu: datetime, werker: str) -> Mail:
    """Record the reminder (caller's transaction) and return the e-mail to send."""
    belofte.herinneringen_verstuurd += 1
    belofte.laatste_herinnering_op = nu
    belofte.bijgewerkt_op = nu
    schrijf_audit(
        session=session, wie=werker, wat="herinnering_verstuurd", belofte=belofte, moment=nu,
        details={"aan": belofte.medewerker.email, "deadline": belofte.deadline.isoformat()},
    )
    return herinneringsmail(belofte)


def herinneringsmail(belofte: Belofte) -> Mail:
    zaak, medewerker = belofte.zaak, belofte.medewerker
    tekst = (
        f"Beste {medewerker.naam},\n\n"
        f"Dit is een herinnering voor zaak {zaak.nummer}. Aan de ondernemer is beloofd:\n\n"
        f"    \"{belofte.zin}\"\n\n"
        f"De termijn loopt af: {leesbaar_moment(belofte.deadline)} ({norm_van(belofte).omschrijving}).\n"
        f"Lukt dat niet, overleg dan met uw teamleider.\n\n{AFSLUITING}\n"
    )
    return Mail(aan=medewerker.email, onderwerp=f"Herinnering: zaak {zaak.nummer}, {leesbaar_moment(belofte.deadline)}",
                tekst=tekst)


# --- escalation --------------------------------------------------------------------------------


def escaleer(*, session: Session, belofte: Belofte, nu: datetime, werker: str) -> Mail:
    """Mark the promise te_laat, record a new promise, audit it; return the e-mail to send."""
    zaak, medewerker = belofte.zaak, belofte.medewerker
    leider = teamleider_van_zaak(session=session, zaak=zaak) or medewerker
    belofte.status = "te_laat"
    belofte.escalaties_verstuurd += 1
    belofte.laatste_escalatie_op = nu
    belofte.bijgewerkt_op = nu
    schrijf_audit(
        session=session, wie=werker, wat="belofte_te_laat", belofte=belofte, moment=nu,
        details={"deadline": belofte.deadline.isoformat(), "status": "te_laat"},
    )
    nieuwe = nieuwe_belofte(session=session, oud=belofte, nu=nu, werker=werker)
    schrijf_audit(
        session=session, wie=werker, wat="escalatie_verstuurd", belofte=belofte, moment=nu,
        details={"aan": leider.email, "teamleider": leider.sleutel, "nieuwe_belofte_id": nieuwe.id},
    )
    bericht = informeer_ondernemer(session=session, oud=belofte, nieuwe=nieuwe, leider=leider, nu=nu)
    if bericht is not None:
        schrijf_audit(
            session=session, wie=werker, wat="ondernemer_geinformeerd", belofte=belofte, moment=nu,
            details={"kanaal": bericht.kanaal, "bericht_id": bericht.id, "nieuwe_belofte_id": nieuwe.id},
        )
    return escalatiemail(oud=belofte, nieuwe=nieuwe, leider=leider, bericht=bericht)


def teamleider_van_zaak(*, session: Session, zaak: Zaak) -> Medewerker | None:
    """The lead of the team of the case's first subject (per the kennisbank), or None."""
    artikel = haal_artikel(session=session, artikel_id=zaak.onderwerpen[0]) if zaak.onderwerpen else None
    if artikel is None or not artikel.team:
        return None
    return teamleider_van(session=session, team=artikel.team)


def nieuwe_belofte(*, session: Session, oud: Belofte, nu: datetime, werker: str) -> Belofte:
    """A new open promise for the same medewerker and action, its deadline per the norm from ``nu``."""
    medewerker = oud.medewerker
    deadline = deadline_na_werkuren(
        nu, norm_van(oud).werkuren, werktijden_van(medewerker), afwezigheden_van(medewerker)
    )
    zin = belofte_zin(medewerker=medewerker, actie=oud.actie, deadline=deadline, zaaknummer=oud.zaak.nummer)
    return maak_belofte(session=session, zaak=oud.zaak, medewerker=medewerker, actie=oud.actie, deadline=deadline,
                        zin=zin, door=werker, moment=nu)


def informeer_ondernemer(
    *, session: Session, oud: Belofte, nieuwe: Belofte, leider: Medewerker, nu: datetime
) -> UitgaandBericht | None:
    """Queue the message to the entrepreneur about the missed promise, on the case's own channel.

    Only for a case that came from a conversation (a case exists only with the entrepreneur's
    consent). Placed once per missed promise (``sleutel``), in the caller's transaction.
    """
    zaak = oud.zaak
    if not zaak.kanaal or not zaak.gesprek_id:
        return None
    payload = overdracht_payload(zaak=zaak, medewerker=nieuwe.medewerker, actie=nieuwe.actie, deadline=nieuwe.deadline,
                                 zin=nieuwe.zin)
    return plaats_bericht_voor_zaak(
        session=session, zaak=zaak, sleutel=f"escalatie:belofte:{oud.id}", tekst=escalatietekst(oud, nieuwe, leider),
        soort="escalatie", custom={"overdracht": payload}, moment=nu,
    )


def escalatietekst(oud: Belofte, nieuwe: Belofte, leider: Medewerker) -> str:
    """Plain Dutch (B1) for the entrepreneur: sorry, who knows, what happens now."""
    medewerker = oud.medewerker
    if leider.id != medewerker.id:
        wie_weet = f"De teamleider, {leider.naam}, weet dit en houdt het in de gaten."
    else:  # the medewerker leads the team, or the team has no lead
        wie_weet = "Wij hebben dit intern gemeld en letten erop dat het nu wel gebeurt."
    return (
        f"Het spijt ons. {medewerker.naam} heeft niet op tijd contact met u opgenomen over zaak {oud.zaak.nummer}. "
        f"Dat hadden wij u wel beloofd. {wie_weet}\n\n"
        f"Wat er nu gebeurt: {nieuwe.zin}"
    )


def escalatiemail(*, oud: Belofte, nieuwe: Belofte, leider: Medewerker, bericht: UitgaandBericht | None = None) -> Mail:
    zaak, medewerker = oud.zaak, oud.medewerker
    tekst = (
        f"Beste {leider.naam},\n\n"
        f"De belofte aan de ondernemer in zaak {zaak.nummer} is niet op tijd nagekomen. "
        f"Verantwoordelijk: {medewerker.naam}, {medewerker.functie}. Beloofd was:\n\n"
        f"    \"{oud.zin}\"\n\n"
        f"De termijn was {leesbaar_moment(oud.deadline)}.\n"
        f"Er is een nieuwe belofte vastgelegd:\n\n"
        f"    \"{nieuwe.zin}\"\n\n"
        f"{ondernemer_regel(bericht)}\n\n{AFSLUITING}\n"
    )
    cc = (medewerker.email,) if medewerker.email != leider.email else ()
    return Mail(aan=leider.email, onderwerp=f"Termijn verstreken: zaak {zaak.nummer}", tekst=tekst, cc=cc)


def ondernemer_regel(bericht: UitgaandBericht | None) -> str:
    if bericht is None:
        return ("Let op: de ondernemer kon niet automatisch worden geïnformeerd (geen gesprek bekend). "
                "Neem zelf contact op.")
    return (f"De ondernemer is hierover geïnformeerd in het eigen gesprek (kanaal '{bericht.kanaal}'), "
            f"met excuses en de nieuwe belofte.")


# --- command line ------------------------------------------------------------------------------


def werker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def main(argv: Sequence[str] | None = None, *, klok: Callable[[], datetime] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--eenmalig", action="store_true", help="one run, then stop")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between runs (default 60)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    klok = klok or (lambda: datetime.now(timezone.utc))
    engine, mailer, werker = default_engine(), Mailer.uit_omgeving(), werker_id()
    bezorgers, openklant = bezorgers_uit_omgeving(), openklant_client_uit_omgeving()
    rasa = RasaApi.uit_omgeving() if os.environ.get("INGANG_RASA_TOKEN") else None
    max_inactief = timedelta(minutes=float(os.environ.get("INGANG_OVERNAME_MAX_MINUTEN", "15")))
    log.info("beloftewerker %s gestart (smtp %s:%s, bezorgers: %s, Open Klant: %s)", werker, mailer.host,
             mailer.port, ", ".join(sorted(bezorgers)) or "geen", openklant.basis_url if openklant else "uit")
    while True:
        try:
            telling = verwerk_ronde(engine=engine, mailer=mailer, bezorgers=bezorgers, nu=klok(), werker=werker,
                                    openklant=openklant, rasa=rasa, max_inactief=max_inactief)
            log.info("herinneringen: %(herinneringen)d, escalaties: %(escalaties)d, "
                     "berichten afgeleverd: %(afgeleverd)d, mislukt: %(mislukt)d, "
                     "naar Open Klant: %(geexporteerd)d, overnames vrijgegeven: %(overnames_vrijgegeven)d", telling)
        except Exception:  # keep the worker alive; the next run tries again
            log.exception("ronde mislukt")
            if args.eenmalig:
                raise
        if args.eenmalig:
            return
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
