"""Two entrepreneurs' dossiers for the access and erasure tests: Wilma's case reaches every table a
conversation can reach, Rasa's tracker store and the mail sink; Ans's case stands beside it."""

from __future__ import annotations

from datetime import datetime, timezone
from email.message import EmailMessage

import sqlalchemy as sa

from bot.integraties.mailsink import Bewaarder
from bot.kern.db import transaction
from bot.overdracht.service import Vraaggegevens, draag_over
from tests.unit.console.hulp import MAANDAG

NU = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
WILMA = {"contactnaam": "Wilhelmina Oosterbroek", "bedrijfsnaam": "Bloemenhuis Zonnebloem",
         "kvk_nummer": "73920481", "telefoon": "+31648213795", "email": "W.Oosterbroek@voorbeeld.nl"}
WILMA_GESPREK = "whatsapp:31648213795"
ANDER = {"contactnaam": "Ans Bos", "bedrijfsnaam": "Café De Hoek", "kvk_nummer": "12345678",
         "telefoon": "+31612345678", "email": "ans@dehoek.nl"}
ANDER_GESPREK = "telegram:4242"
SPOREN_WILMA = ["Oosterbroek", "648213795", "48213795", "w.oosterbroek@voorbeeld.nl"]


def zaak_van(engine, gegevens: dict, gesprek: str, kanaal: str) -> str:
    vraag = Vraaggegevens(onderwerp="terrasvergunning", wat="bloemen verkopen op de markt", waarom="winkel te klein",
                          hoe="in het voorjaar", **gegevens)
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=vraag, kanaal=kanaal, gesprek_id=gesprek, moment=MAANDAG)["zaak"]


def mail(mailmap, aan: str, tekst: str) -> None:
    bericht = EmailMessage()
    bericht["To"], bericht["Subject"] = aan, "Nieuwe zaak"
    bericht.set_content(tekst)
    Bewaarder(mailmap).bewaar([aan], bytes(bericht))


def database_tekst(engine) -> str:
    with engine.connect() as verbinding:
        tabellen = sa.MetaData()
        tabellen.reflect(verbinding)
        return "\n".join(str(rij) for tabel in tabellen.sorted_tables for rij in verbinding.execute(sa.select(tabel)))


def tracker_tekst(tracker) -> str:
    with tracker.connect() as verbinding:
        return "\n".join(str(rij) for rij in verbinding.execute(sa.text("SELECT sender_id, data FROM events")))


def mail_tekst(mailmap) -> str:
    return "\n".join(pad.read_text(errors="replace") for pad in mailmap.glob("*.eml"))


def gevonden(tekst: str, sporen: list[str]) -> list[str]:
    return [spoor for spoor in sporen if spoor.lower() in tekst.lower()]
