"""The chat panel on the case page: its state for this user, the canned replies, and kennisbank answers
to insert.

The panel shows one of four states (``staat``): ``vrij`` (nobody has the conversation; this user may
take it over), ``eigen`` (this user has it), ``ander`` (a colleague has it) or ``geen`` (this user cannot
take conversations over: no right to change the case, or an account without a medewerker). The page
renders the state; static/live.js switches it from the JSON of bot/console/chatroutes.py.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from pydantic import validator
from sqlalchemy.orm import Session

from bot.console.acties import MAX_CHATBERICHT
from bot.console.auth import Gebruiker
from bot.console.lezen import overname_van_zaak
from bot.console.rechten import mag_ingrijpen, mag_wijzigen
from bot.kennisbank.service import doorzoek_artikelen
from bot.kern.configuratie import ConfiguratieFout, Schema, Tekst, lees_configuratie
from bot.kern.settings import PROJECT_ROOT
from bot.kern.teksten import tekst
from bot.overname.typen import Kant, typt
from bot.zaken.models import Zaak

SNELLE_ANTWOORDEN = PROJECT_ROOT / "teksten" / "console" / "snelle_antwoorden.yml"
MAX_LABEL = 30  # characters on a button
MAX_KENNISBANK = 5  # articles offered to insert


# --- the panel's state ---------------------------------------------------------------------------


def paneelstaat(*, session: Session, gebruiker: Gebruiker, zaak: Zaak, nu: datetime) -> dict:
    """What the panel shows to this user: ``staat``, who has the conversation, whether the user
    may step in or release it (a teamleider or beheerder who may change the case), and whether the
    entrepreneur is typing (``ondernemer_typt``, bot/overname/typen.py)."""
    overname = overname_van_zaak(session=session, zaak=zaak)
    wijzigen = mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak)
    if overname is not None and gebruiker.medewerker_id is not None and overname.medewerker_id == gebruiker.medewerker_id:
        staat = "eigen"  # also a colleague of the team who claimed the waiting chat (bot/console/wachtrij.py)
    elif not wijzigen or gebruiker.medewerker_id is None:
        staat = "geen"
    elif overname is None:
        staat = "vrij"
    else:
        staat = "eigen" if overname.medewerker_id == gebruiker.medewerker_id else "ander"
    return {"staat": staat, "overgenomen_door": overname.medewerker.naam if overname else None,
            "mag_ingrijpen": staat == "ander" and mag_ingrijpen(gebruiker),
            "ondernemer_typt": typt(overname, Kant.ONDERNEMER, nu)}


# --- canned replies ------------------------------------------------------------------------------


class SnelAntwoord(Schema):
    sleutel: Tekst
    label: Tekst
    tekst: Tekst

    @validator("label")
    def kort_label(cls, waarde: str) -> str:  # noqa: N805 - pydantic's validator signature
        if len(waarde) > MAX_LABEL:
            raise ValueError(f"is {len(waarde)} tekens; een knop heeft hoogstens {MAX_LABEL} tekens")
        return waarde

    @validator("tekst")
    def niet_te_lang(cls, waarde: str) -> str:  # noqa: N805
        if len(waarde) > MAX_CHATBERICHT:
            raise ValueError(f"is {len(waarde)} tekens; een chatbericht heeft hoogstens {MAX_CHATBERICHT} tekens")
        return waarde


class SnelleAntwoordenBestand(Schema):
    snelle_antwoorden: tuple[SnelAntwoord, ...]


def _uniek(bestand: SnelleAntwoordenBestand):
    gezien: set[str] = set()
    for antwoord in bestand.snelle_antwoorden:
        if antwoord.sleutel in gezien:
            yield f"snelle_antwoorden.{antwoord.sleutel}.sleutel", "komt twee keer voor; elke sleutel is uniek"
        gezien.add(antwoord.sleutel)


def lees_snelle_antwoorden(pad: Path = SNELLE_ANTWOORDEN) -> tuple[SnelAntwoord, ...]:
    """The canned replies of ``pad``; ``ConfiguratieFout`` names the file and field of every problem."""
    return lees_configuratie(pad, SnelleAntwoordenBestand, fout=ConfiguratieFout, nacontrole=_uniek).snelle_antwoorden


@cache
def snelle_antwoorden() -> tuple[SnelAntwoord, ...]:
    return lees_snelle_antwoorden()


# --- "invoegen uit kennisbank" -------------------------------------------------------------------


def kennisbank_voor_chat(*, session: Session, zoek: str) -> list[dict[str, str]]:
    """The articles the console's kennisbank search finds for ``zoek`` (at most ``MAX_KENNISBANK``), each
    with the text to insert: its short answer and its link (teksten/console/kennisbank_invoegen.txt)."""
    if len(zoek.strip()) < 2:
        return []
    return [{"id": rij.id, "titel": rij.titel,
             "tekst": tekst("console/kennisbank_invoegen.txt", kort_antwoord=" ".join(
                 str(rij.inhoud.get("kort_antwoord") or "").split()), link=rij.inhoud.get("link"))}
            for rij, _ in doorzoek_artikelen(session=session, tekst=zoek)[:MAX_KENNISBANK]]
