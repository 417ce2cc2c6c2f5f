"""The identity check of the status question: failed attempts are recorded and limited.

Whoever asks about a case of another conversation must give the phone number or e-mail address on
file, then type the one-time code sent to what is on file (``verificatiecode``). Each failed check
(a detail that does not match; a wrong, expired or unknown code) is an audit row
(``status_controle_mislukt``, with the channel identity and the number asked about, on the case when
it exists). More than a few failures from one channel identity, or on one case number from anyone,
within an hour stop further checks: a case number cannot be tried against guessed details or codes,
nor case numbers guessed. Counted in the database, so the limit holds across replicas.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.zaken.models import AuditRegel, Zaak
from bot.zaken.service import schrijf_audit

CONTROLE_MISLUKT = "status_controle_mislukt"
POGINGEN_VENSTER = timedelta(hours=1)
MAX_POGINGEN_PER_IDENTITEIT = 5
MAX_POGINGEN_PER_ZAAK = 10


def registreer_mislukte_controle(*, session: Session, kanaal: str, kanaal_id: str, nummer: str, zaak: Zaak | None,
                                 nu: datetime) -> None:
    schrijf_audit(session=session, wie="assistent", wat=CONTROLE_MISLUKT, zaak=zaak, moment=nu,
                  details={"identiteit": f"{kanaal}:{kanaal_id}", "nummer": nummer})


def te_veel_pogingen(*, session: Session, kanaal: str, kanaal_id: str, nummer: str, nu: datetime) -> bool:
    """Whether this identity, or this case number, had too many failed checks in the last hour."""
    rijen = session.execute(
        select(AuditRegel.details).where(AuditRegel.wat == CONTROLE_MISLUKT, AuditRegel.op >= nu - POGINGEN_VENSTER)
    ).scalars().all()
    van_identiteit = sum(1 for d in rijen if (d or {}).get("identiteit") == f"{kanaal}:{kanaal_id}")
    op_nummer = sum(1 for d in rijen if (d or {}).get("nummer") == nummer)
    return van_identiteit >= MAX_POGINGEN_PER_IDENTITEIT or op_nummer >= MAX_POGINGEN_PER_ZAAK
