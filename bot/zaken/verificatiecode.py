"""The one-time code of the status question: a phone number or e-mail address is no proof of who types.

Businesses publish their phone number and e-mail address. So whoever asks about a case of another
conversation and gives the detail on file (``vraag_code_aan``) is not shown anything yet: when the
detail matches, a code of six digits is made here, which the caller sends to what is on file (the
e-mail address and the case's own conversation, through the outbox). Only that code, typed back
(``controleer_code``) by the same channel identity for the same case number within ``GELDIG`` and
with at most ``MAX_POGINGEN`` wrong tries, links this identity to the entrepreneur and lets it see
the case (``zaak_na_controle``).

What the asker sees must not tell whether the detail matched or the number exists. A detail that
does not match, an unknown number or a reached limit gets a row too, with a code that is never sent
and no entrepreneur; the tries that follow then go exactly the same way. Every wrong, expired or
unknown code counts as a failed check, with the limits of ``statuscontrole``.

Only a salted PBKDF2 hash of a code is stored, in the database, so the check holds across replicas
and a copy of the database does not give away a code while it is valid.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.kern.invoer import begrens
from bot.kern.tijd import utc
from bot.zaken.models import Ondernemer, Verificatiecode, Zaak
from bot.zaken.service import koppel_kanaal, zaak_op_nummer, zaken_van_kanaal
from bot.zaken.statuscontrole import POGINGEN_VENSTER, registreer_mislukte_controle, te_veel_pogingen

BERICHT_SOORT = "verificatiecode"  # the kind of the outbox messages that carry a code
GELDIG = timedelta(minutes=15)
MAX_POGINGEN = 3  # wrong codes per code
MAX_CODES_PER_ZAAK = 3  # codes sent for one case within POGINGEN_VENSTER: its entrepreneur is not flooded
MAX_CODES_PER_IDENTITEIT = 5  # codes asked for by one channel identity within POGINGEN_VENSTER
HASH_RONDES = 100_000
# six digits, maybe typed in two groups ("123 456"); linear, on at most begrens()'s characters
CODE_PATTERN = re.compile(r"(?<!\d)(\d{3})[ .-]?(\d{3})(?!\d)")


class Uitkomst(Enum):
    GOED = "goed"  # the right code: this identity is linked, the case may be shown
    OPNIEUW = "opnieuw"  # wrong, and another try is allowed
    AFGEWEZEN = "afgewezen"  # wrong, expired, unknown or tried too often: nothing is shown


@dataclass(frozen=True)
class TeVersturen:
    """A code to send to what is on file for ``zaak`` (the only time the code itself exists)."""

    code_id: int
    code: str
    zaak: Zaak
    ondernemer: Ondernemer


def vraag_code_aan(
    *, session: Session, kanaal: str, kanaal_id: str, nummer: str, telefoon: str | None, email: str | None,
    nu: datetime,
) -> TeVersturen | None:
    """Record that this identity gave ``telefoon`` or ``email`` for case ``nummer``; the code to send
    when the detail is the one on file and no limit is reached, else None (nothing to send).

    A code asked for before by this identity for this number stops working: only the newest counts.
    """
    nu, nummer = utc(nu), schoon_nummer(nummer)
    _sluit_open_codes(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, nu=nu)
    zaak = zaak_op_nummer(session=session, nummer=nummer) if nummer else None
    ondernemer = None
    if not te_veel_pogingen(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, nu=nu):
        if not _klopt(zaak, telefoon=telefoon, email=email):
            registreer_mislukte_controle(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, zaak=zaak,
                                         nu=nu)
        elif _mag_code_sturen(session=session, zaak=zaak, kanaal=kanaal, kanaal_id=kanaal_id, nu=nu):
            ondernemer = zaak.ondernemer
    code, zout = f"{secrets.randbelow(10**6):06d}", secrets.token_hex(16)
    rij = Verificatiecode(nummer=nummer, zaak_id=zaak.id if zaak else None, ondernemer=ondernemer, kanaal=kanaal,
                          kanaal_id=kanaal_id, code_hash=hash_code(code, zout), zout=zout, pogingen=0,
                          verloopt_op=nu + GELDIG, aangemaakt_op=nu)
    session.add(rij)
    session.flush()
    if ondernemer is None:
        return None  # the code is never sent: the row only makes the tries that follow look the same
    return TeVersturen(code_id=rij.id, code=code, zaak=zaak, ondernemer=ondernemer)


def controleer_code(*, session: Session, kanaal: str, kanaal_id: str, nummer: str, invoer: str, nu: datetime) -> Uitkomst:
    """Check the code in ``invoer`` against the newest code this identity asked for case ``nummer``.

    The right one links this identity to the case's entrepreneur. A wrong one counts as a failed
    check and as a try of the code; after ``MAX_POGINGEN`` tries, or once expired, it no longer works.
    A message without six digits ends the check at once: whoever got no code is not asked again and
    again (this depends only on what was typed, so it tells nothing). Past the limits of
    ``statuscontrole`` even the right code is wrong.
    """
    nu, nummer = utc(nu), schoon_nummer(nummer)
    rij = _open_code(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer)
    if rij is None or rij.verloopt_op <= nu:
        if rij is not None:
            rij.afgehandeld_op = nu
        _mislukt(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, rij=rij, nu=nu)
        return Uitkomst.AFGEWEZEN
    code = lees_code(invoer)
    goed = hmac.compare_digest(hash_code(code or "", rij.zout), rij.code_hash) and code is not None
    if goed and rij.ondernemer is not None and not te_veel_pogingen(
        session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, nu=nu
    ):
        rij.geverifieerd_op = rij.afgehandeld_op = nu
        koppel_kanaal(session=session, ondernemer=rij.ondernemer, kanaal=kanaal, kanaal_id=kanaal_id, door="assistent",
                      moment=nu)
        return Uitkomst.GOED
    rij.pogingen += 1
    _mislukt(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, rij=rij, nu=nu)
    if code is None or rij.pogingen >= MAX_POGINGEN:  # no code at all ("ik heb niets gekregen"): stop asking
        rij.afgehandeld_op = nu
        return Uitkomst.AFGEWEZEN
    return Uitkomst.OPNIEUW


def zaak_na_controle(*, session: Session, kanaal: str, kanaal_id: str, nummer: str, nu: datetime) -> Zaak | None:
    """Case ``nummer`` when this identity may see it: one of its own cases, or one it typed the right
    code for within the last ``GELDIG`` (also when the identity already belonged to another record
    of the entrepreneur, so that ``koppel_kanaal`` left it)."""
    nummer = schoon_nummer(nummer)
    eigen = next((z for z in zaken_van_kanaal(session=session, kanaal=kanaal, kanaal_id=kanaal_id) if z.nummer == nummer),
                 None)
    if eigen is not None or not nummer:
        return eigen
    return session.execute(
        select(Zaak).join(Verificatiecode, Verificatiecode.zaak_id == Zaak.id)
        .where(Verificatiecode.kanaal == kanaal, Verificatiecode.kanaal_id == kanaal_id,
               Verificatiecode.nummer == nummer, Verificatiecode.geverifieerd_op >= utc(nu) - GELDIG)
        .limit(1)
    ).scalar_one_or_none()


def hash_code(code: str, zout: str) -> str:
    """The stored form of a code: PBKDF2-SHA256 with the row's own salt (64 hex characters)."""
    return hashlib.pbkdf2_hmac("sha256", code.encode("ascii"), bytes.fromhex(zout), HASH_RONDES).hex()


def lees_code(invoer: str) -> str | None:
    """The six digits in what was typed ("123456", "123 456", "de code is 123456"), or None."""
    gevonden = CODE_PATTERN.search(begrens(invoer or ""))
    return gevonden.group(1) + gevonden.group(2) if gevonden else None


def schoon_nummer(nummer: str | None) -> str:
    return (nummer or "").strip().upper()[:20]


def _klopt(zaak: Zaak | None, *, telefoon: str | None, email: str | None) -> bool:
    """Whether the phone number or e-mail address is the one on file for the case's entrepreneur."""
    ondernemer = zaak.ondernemer if zaak is not None else None
    if ondernemer is None:
        return False
    return bool((telefoon and telefoon == ondernemer.telefoon) or (email and email == (ondernemer.email or "").lower()))


def _mag_code_sturen(*, session: Session, zaak: Zaak, kanaal: str, kanaal_id: str, nu: datetime) -> bool:
    """Below the limits of codes sent for this case, and of codes asked for by this identity."""
    sinds = nu - POGINGEN_VENSTER
    voor_zaak = session.execute(select(func.count(Verificatiecode.id)).where(
        Verificatiecode.zaak_id == zaak.id, Verificatiecode.ondernemer_id.is_not(None),
        Verificatiecode.aangemaakt_op >= sinds)).scalar_one()
    van_identiteit = session.execute(select(func.count(Verificatiecode.id)).where(
        Verificatiecode.kanaal == kanaal, Verificatiecode.kanaal_id == kanaal_id,
        Verificatiecode.aangemaakt_op >= sinds)).scalar_one()
    return voor_zaak < MAX_CODES_PER_ZAAK and van_identiteit < MAX_CODES_PER_IDENTITEIT


def _open_code(*, session: Session, kanaal: str, kanaal_id: str, nummer: str) -> Verificatiecode | None:
    return session.execute(
        select(Verificatiecode)
        .where(Verificatiecode.kanaal == kanaal, Verificatiecode.kanaal_id == kanaal_id, Verificatiecode.nummer == nummer,
               Verificatiecode.afgehandeld_op.is_(None))
        .order_by(Verificatiecode.id.desc()).limit(1)
    ).scalar_one_or_none()


def _sluit_open_codes(*, session: Session, kanaal: str, kanaal_id: str, nummer: str, nu: datetime) -> None:
    session.execute(
        update(Verificatiecode)
        .where(Verificatiecode.kanaal == kanaal, Verificatiecode.kanaal_id == kanaal_id, Verificatiecode.nummer == nummer,
               Verificatiecode.afgehandeld_op.is_(None))
        .values(afgehandeld_op=nu).execution_options(synchronize_session=False)
    )


def _mislukt(*, session: Session, kanaal: str, kanaal_id: str, nummer: str, rij: Verificatiecode | None,
             nu: datetime) -> None:
    registreer_mislukte_controle(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer,
                                 zaak=rij.zaak if rij is not None else None, nu=nu)
