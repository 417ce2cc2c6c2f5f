"""Placing messages in the outbox and keeping track of their delivery.

Functions take a session and never commit: the caller owns the transaction. A message is
placed in the same transaction as the change it reports, so it exists exactly when the change
does. Delivery is claimed row by row (``bot.kern.claims``), so two deliverers never send the
same message; a failed attempt is retried later with a growing pause (``HERHALING``).

A message that holds a secret for its recipient only (``GEHEIME_SOORTEN``: a one-time code) keeps
its text until it is delivered; the stored text then becomes a note that the code went out, so the
database and its backups hold no usable code.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from bot.kern.claims import Herhaling, claim, is_vrij
from bot.kern.teksten import tekst as maak_tekst
from bot.kern.tijd import utcnow
from bot.uitgaand.models import EMAIL, BerichtStatus, UitgaandBericht
from bot.zaken.models import Zaak
from bot.zaken.verificatiecode import BERICHT_SOORT as VERIFICATIECODE

# 30 s, 1 min, 2 min, ... up to an hour between attempts; given up after the 8th.
HERHALING = Herhaling(max_pogingen=8, eerste_pauze=timedelta(seconds=30), langste_pauze=timedelta(hours=1))
EERSTE_PAUZE = HERHALING.eerste_pauze  # the pause after the first failed attempt (named in the channels' tests)
GEHEIME_SOORTEN = frozenset({VERIFICATIECODE})


def tekst_na_aflevering() -> str:
    """What the outbox keeps of a delivered message of ``GEHEIME_SOORTEN``."""
    return maak_tekst("uitgaand/geheim_afgeleverd.txt")


@dataclass(frozen=True)
class Bericht:
    """A message as a deliverer sees it (no database session needed)."""

    id: int
    kanaal: str
    ontvanger: str
    tekst: str
    knoppen: list[dict[str, str]]
    custom: dict[str, Any] | None
    soort: str
    aangemaakt_op: datetime

    @classmethod
    def van(cls, rij: UitgaandBericht) -> Bericht:
        return cls(
            id=rij.id, kanaal=rij.kanaal, ontvanger=rij.ontvanger, tekst=rij.tekst, knoppen=list(rij.knoppen or []),
            custom=rij.custom, soort=rij.soort, aangemaakt_op=rij.aangemaakt_op,
        )

    def als_rasa_bericht(self) -> dict[str, Any]:
        """The message in the shape of a Rasa REST reply (text, buttons, custom)."""
        bericht: dict[str, Any] = {"recipient_id": self.ontvanger, "text": self.tekst}
        if self.knoppen:
            bericht["buttons"] = self.knoppen
        if self.custom:
            bericht["custom"] = self.custom
        return bericht

    @property
    def onderwerp(self) -> str:
        """The subject of an e-mail (``plaats_email``)."""
        return str((self.custom or {}).get("onderwerp", ""))

    @property
    def cc(self) -> tuple[str, ...]:
        """The copies of an e-mail (``plaats_email``)."""
        return tuple((self.custom or {}).get("cc", ()))


class BezorgFout(Exception):
    """A channel could not deliver a message; ``definitief`` when retrying cannot help."""

    def __init__(self, melding: str, *, definitief: bool = False) -> None:
        super().__init__(melding)
        self.definitief = definitief


def plaats_bericht(
    *,
    session: Session,
    sleutel: str,
    kanaal: str,
    ontvanger: str,
    tekst: str,
    soort: str,
    zaak: Zaak | None = None,
    knoppen: list[dict[str, str]] | None = None,
    custom: dict[str, Any] | None = None,
    moment: datetime | None = None,
    alleen_nieuw: bool = False,
) -> UitgaandBericht:
    """Queue one message; a message with the same ``sleutel`` already queued is returned instead.

    ``alleen_nieuw``: the key is the caller's claim (a job that must act once, whatever other workers
    do): no lookup, the insert itself, so an existing key raises IntegrityError here, at the flush.
    """
    bestaand = None if alleen_nieuw else session.execute(
        select(UitgaandBericht).where(UitgaandBericht.sleutel == sleutel)).scalar_one_or_none()
    if bestaand is not None:
        return bestaand
    moment = moment or utcnow()
    bericht = UitgaandBericht(
        sleutel=sleutel, kanaal=kanaal, ontvanger=ontvanger, tekst=tekst, knoppen=knoppen, custom=custom, soort=soort,
        zaak_id=zaak.id if zaak is not None else None, status=BerichtStatus.WACHTEND, pogingen=0,
        volgende_poging_op=moment, aangemaakt_op=moment,
    )
    session.add(bericht)
    session.flush()
    return bericht


def plaats_bericht_voor_zaak(
    *, session: Session, zaak: Zaak, sleutel: str, tekst: str, soort: str, custom: dict[str, Any] | None = None,
    moment: datetime | None = None, alleen_nieuw: bool = False,
) -> UitgaandBericht:
    """Queue a message to the entrepreneur of ``zaak`` on the channel and conversation the case came from."""
    return plaats_bericht(
        session=session, sleutel=sleutel, kanaal=zaak.kanaal, ontvanger=zaak.gesprek_id, tekst=tekst, soort=soort,
        zaak=zaak, custom=custom, moment=moment, alleen_nieuw=alleen_nieuw,
    )


def plaats_email(
    *, session: Session, sleutel: str, aan: str, onderwerp: str, tekst: str, soort: str, cc: Sequence[str] = (),
    moment: datetime | None = None,
) -> UitgaandBericht:
    """Queue an e-mail to staff (kanaal ``email``), sent after the commit by the e-mail deliverer.

    The row has no ``zaak_id``: the case's messages (what the console shows as sent to the
    entrepreneur) stay the entrepreneur's; the audit row of the step names the case.
    """
    return plaats_bericht(
        session=session, sleutel=sleutel, kanaal=EMAIL, ontvanger=aan, tekst=tekst, soort=soort,
        custom={"onderwerp": onderwerp, "cc": list(cc)}, moment=moment,
    )


def wachtende_berichten(*, session: Session, kanaal: str, ontvanger: str) -> list[UitgaandBericht]:
    """The messages still waiting for this conversation, oldest first."""
    return list(
        session.execute(
            select(UitgaandBericht)
            .where(UitgaandBericht.kanaal == kanaal, UitgaandBericht.ontvanger == ontvanger,
                   UitgaandBericht.status == BerichtStatus.WACHTEND)
            .order_by(UitgaandBericht.aangemaakt_op, UitgaandBericht.id)
        ).scalars()
    )


def te_bezorgen(
    *, session: Session, kanalen: list[str], nu: datetime, limiet: int = 50, ontvangers: Collection[str] | None = None
) -> list[int]:
    """Ids of waiting messages on ``kanalen`` whose next attempt is due and that nobody holds.

    ``ontvangers`` narrows it to those conversations (e.g. the web chat sessions connected to
    this process).
    """
    voorwaarden = [
        UitgaandBericht.kanaal.in_(kanalen),
        UitgaandBericht.status == BerichtStatus.WACHTEND,
        UitgaandBericht.volgende_poging_op <= nu,
        is_vrij(UitgaandBericht, nu),
    ]
    if ontvangers is not None:
        voorwaarden.append(UitgaandBericht.ontvanger.in_(list(ontvangers)))
    return list(
        session.execute(
            select(UitgaandBericht.id)
            .where(*voorwaarden)
            .order_by(UitgaandBericht.volgende_poging_op, UitgaandBericht.id)
            .limit(limiet)
        ).scalars()
    )


def claim_bericht(*, session: Session, bericht_id: int, werker: str, nu: datetime, duur: timedelta) -> bool:
    """Claim a waiting message for ``werker`` until ``nu + duur``; True when this worker has it."""
    return claim(session=session, model=UitgaandBericht, rij_id=bericht_id, werker=werker, nu=nu, duur=duur,
                 voorwaarden=(UitgaandBericht.status == BerichtStatus.WACHTEND,))


def neem_af(*, session: Session, bericht_id: int, nu: datetime) -> bool:
    """Mark a waiting message afgeleverd because the caller shows it now; True when this caller got it.

    For channels that cannot push (REST): the message goes out in the reply to the
    entrepreneur's next message. One conditional UPDATE, like ``claim_bericht``: of two
    replicas answering two messages of the same sender at once, only one gets each message.
    """
    resultaat = session.execute(
        update(UitgaandBericht)
        .where(UitgaandBericht.id == bericht_id, UitgaandBericht.status == BerichtStatus.WACHTEND,
               is_vrij(UitgaandBericht, nu))
        .values(status=BerichtStatus.AFGELEVERD, afgeleverd_op=nu, pogingen=UitgaandBericht.pogingen + 1,
                claimed_by=None, claimed_until=None,
                tekst=case((UitgaandBericht.soort.in_(GEHEIME_SOORTEN), tekst_na_aflevering()),
                           else_=UitgaandBericht.tekst))
        .execution_options(synchronize_session=False)
    )
    return resultaat.rowcount == 1


def neem_wachtende_af(*, session: Session, kanaal: str, ontvanger: str, nu: datetime) -> list[Bericht]:
    """Take every waiting message of this conversation (``neem_af``), oldest first."""
    return [
        Bericht.van(rij)
        for rij in wachtende_berichten(session=session, kanaal=kanaal, ontvanger=ontvanger)
        if neem_af(session=session, bericht_id=rij.id, nu=nu)
    ]


def markeer_afgeleverd(*, session: Session, bericht: UitgaandBericht, nu: datetime) -> None:
    bericht.status = BerichtStatus.AFGELEVERD
    bericht.afgeleverd_op = nu
    bericht.pogingen += 1
    bericht.claimed_by = None
    bericht.claimed_until = None
    if bericht.soort in GEHEIME_SOORTEN:
        bericht.tekst = tekst_na_aflevering()


def markeer_mislukt(*, session: Session, bericht: UitgaandBericht, fout: BezorgFout, nu: datetime) -> None:
    """Record a failed attempt: try again after a pause that doubles each time (``HERHALING``), or give up."""
    bericht.pogingen += 1
    bericht.laatste_fout = str(fout)[:2000]
    bericht.claimed_by = None
    bericht.claimed_until = None
    volgende = HERHALING.volgende_poging(pogingen=bericht.pogingen, nu=nu, definitief=fout.definitief)
    if volgende is None:
        bericht.status = BerichtStatus.MISLUKT
    else:
        bericht.volgende_poging_op = volgende


def op_extern_id(*, session: Session, kanaal: str, extern_id: str) -> UitgaandBericht | None:
    """The message of ``kanaal`` last sent as ``extern_id`` (the provider's id), or None."""
    return session.execute(
        select(UitgaandBericht)
        .where(UitgaandBericht.kanaal == kanaal, UitgaandBericht.extern_id == extern_id)
        .order_by(UitgaandBericht.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def toch_niet_afgeleverd(
    *, session: Session, bericht: UitgaandBericht, fout: BezorgFout, nu: datetime, direct: bool = False
) -> None:
    """The channel reports afterwards that a message marked afgeleverd never arrived.

    It waits again: from ``nu`` when ``direct`` (the deliverer sends it differently now, e.g. as the
    WhatsApp template), else after the pause of ``HERHALING``. It is given up (``mislukt``) when
    ``fout`` is definitief, the attempts are used up, or its text was a secret that was replaced on
    delivery (``GEHEIME_SOORTEN``: sending it again would send the note). The attempt was counted
    when it was marked afgeleverd.
    """
    definitief = fout.definitief or bericht.soort in GEHEIME_SOORTEN
    volgende = HERHALING.volgende_poging(pogingen=bericht.pogingen, nu=nu, definitief=definitief)
    bericht.laatste_fout = str(fout)[:2000]
    bericht.extern_id = None
    bericht.afgeleverd_op = None
    bericht.claimed_by = None
    bericht.claimed_until = None
    if volgende is None:
        bericht.status = BerichtStatus.MISLUKT
    else:
        bericht.status = BerichtStatus.WACHTEND
        bericht.volgende_poging_op = nu if direct else volgende
