"""What the console changes: promises, cases and takeovers, for the JSON API and the pages (accounts:
bot/console/accountacties.py).

Thin handlers: each takes a session (the caller owns the transaction) and the ``Gebruiker``,
checks the user's rights (bot/console/rechten.py), calls the domain service
(bot.beloften.service, bot.overname.service) and turns its refusal into
``OngeldigeInvoer`` (400, per field), ``GeenToegang`` (403) or ``NietGevonden`` (404).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.beloften import service as beloften
from bot.beloften.service import BelofteFout
from bot.console.auth import Gebruiker
from bot.console.fouten import OngeldigeInvoer
from bot.console.lezen import overname_van_zaak
from bot.console.rechten import (
    eigen_medewerker,
    moet_mogen_ingrijpen,
    te_wijzigen_belofte,
    te_wijzigen_zaak,
    zichtbare_zaak,
)
from bot.console.web import fout_tekst
from bot.integraties.rasa_api import RasaApiFout
from bot.kern.teksten import tekst
from bot.kern.tijd import lokale_datum
from bot.kern.werktijden import ligt_in_werktijd, volgende_werkmoment
from bot.medewerkers.beschikbaarheid import beschikbaarheid
from bot.medewerkers.directory import medewerker_op_sleutel
from bot.medewerkers.models import Medewerker, agenda
from bot.overname.models import Overname
from bot.overname.service import (
    AlOvergenomen,
    GesprekApi,
    beeindig_overname,
    neem_over_van,
    start_overname,
    stuur_medewerkerbericht,
)
from bot.overname.typen import medewerker_typt
from bot.zaken.models import Belofte, Zaak
from bot.zaken.service import schrijf_audit

# --- changing ------------------------------------------------------------------------------------


def nagekomen(*, session: Session, gebruiker: Gebruiker, belofte_id: int, notitie: str | None, nu: datetime) -> Belofte:
    belofte = te_wijzigen_belofte(session=session, gebruiker=gebruiker, belofte_id=belofte_id)
    _als_invoer(lambda: beloften.markeer_nagekomen(session=session, belofte=belofte, notitie=notitie,
                                                   door=gebruiker.wie, nu=nu))
    return belofte


def verzetten(
    *, session: Session, gebruiker: Gebruiker, belofte_id: int, deadline: datetime | None, reden: str | None,
    nu: datetime, buiten_werktijd: bool = False,
) -> Belofte:
    """Move the promise; a moment outside the medewerker's working hours (the calendar the deadlines use)
    is refused unless ``buiten_werktijd`` confirms it, with the next moment that is inside them."""
    velden = {}
    belofte = te_wijzigen_belofte(session=session, gebruiker=gebruiker, belofte_id=belofte_id)
    if deadline is None:
        velden["deadline"] = fout_tekst("deadline_ontbreekt")
    elif deadline <= nu:
        velden["deadline"] = fout_tekst("deadline_voorbij")
    elif not buiten_werktijd and not ligt_in_werktijd(deadline, *agenda(belofte.medewerker)):
        velden["deadline"] = tekst("console/buiten_werktijd.txt", medewerker=belofte.medewerker,
                                   voorstel=volgende_werkmoment(deadline, *agenda(belofte.medewerker)))
    if not (reden or "").strip():
        velden["reden"] = fout_tekst("reden_ontbreekt")
    if velden:
        raise OngeldigeInvoer(fout_tekst("niet_alles_goed"), velden)
    _als_invoer(lambda: beloften.verzet_belofte(session=session, belofte=belofte, nieuwe_deadline=deadline,
                                                reden=reden or "", door=gebruiker.wie, nu=nu))
    return belofte


def toewijzen(*, session: Session, gebruiker: Gebruiker, nummer: str, sleutel: str | None, nu: datetime,
              ook_afwezig: bool = True) -> Zaak:
    """Assign the case to a colleague. The case page's form passes ``ook_afwezig`` from its "Toch
    toewijzen" box: without it, a colleague who is absent or does not work in the coming days
    (bot/medewerkers/beschikbaarheid.py) is refused with a warning. The API assigns as it always did."""
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    medewerker = medewerker_op_sleutel(session=session, sleutel=sleutel) if sleutel else None
    if medewerker is None:
        raise OngeldigeInvoer(fout_tekst("medewerker_onbekend"), {"medewerker": fout_tekst("medewerker_kiezen")})
    b = beschikbaarheid(medewerker, lokale_datum(nu))
    if not ook_afwezig and medewerker.actief and b.waarschuwen:
        raise OngeldigeInvoer(fout_tekst("niet_alles_goed"), {
            "bevestig_beschikbaarheid": tekst("console/niet_beschikbaar.txt", medewerker=medewerker, b=b)})
    _als_invoer(lambda: beloften.wijs_toe(session=session, zaak=zaak, medewerker=medewerker, door=gebruiker.wie, nu=nu),
                veld="medewerker")
    return zaak


MAX_CHATBERICHT = 2000  # characters of a chat message: the channels cut what the entrepreneur types there too
MAX_SLOTBERICHT = 2000  # characters of a closing message; WhatsApp and Telegram take more, people read less


def sluiten(*, session: Session, gebruiker: Gebruiker, nummer: str, notitie: str | None, nu: datetime,
            rasa: GesprekApi | None = None, bericht: str | None = None) -> Zaak:
    """Close the case; a takeover of its conversation ends with it (the bot answers again).

    A ``bericht`` goes to the entrepreneur through the outbox, on the case's own channel, signed with
    the name of the medewerker who closes it (bot.beloften.service.sluit_zaak).
    """
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    bericht = (bericht or "").strip()
    if bericht and len(bericht) > MAX_SLOTBERICHT:
        raise OngeldigeInvoer(fout_tekst("niet_alles_goed"), {
            "bericht": fout_tekst("bericht_te_lang", lengte=len(bericht), max=MAX_SLOTBERICHT)})
    if bericht and not (zaak.kanaal and zaak.gesprek_id):
        raise OngeldigeInvoer(fout_tekst("niet_alles_goed"), {
            "bericht": fout_tekst("geen_gesprek")})
    afzender = session.get(Medewerker, gebruiker.medewerker_id) if gebruiker.medewerker_id else None
    _als_invoer(lambda: beloften.sluit_zaak(session=session, zaak=zaak, notitie=notitie, door=gebruiker.wie, nu=nu,
                                            bericht=bericht, afzender=afzender))
    overname = overname_van_zaak(session=session, zaak=zaak)
    if overname is not None and rasa is not None:
        _met_rasa(lambda: beeindig_overname(session=session, rasa=rasa, overname=overname, reden="gesloten",
                                            door=gebruiker.wie, nu=nu))
    return zaak


def heropenen(*, session: Session, gebruiker: Gebruiker, nummer: str, reden: str | None, nu: datetime) -> Zaak:
    """Open a closed case again with a reason and a new promise (bot.beloften.service.heropen_zaak).

    When the case's medewerker no longer works here, the user's own medewerker takes the case.
    """
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    if not (reden or "").strip():
        raise OngeldigeInvoer(fout_tekst("niet_alles_goed"), {"reden": fout_tekst("reden_ontbreekt")})
    vervanger = session.get(Medewerker, gebruiker.medewerker_id) if gebruiker.medewerker_id else None
    _als_invoer(lambda: beloften.heropen_zaak(session=session, zaak=zaak, reden=reden or "", door=gebruiker.wie,
                                              nu=nu, vervanger=vervanger))
    return zaak


def _als_invoer(actie, veld: str | None = None) -> Any:
    """Run a domain change; its refusal (BelofteFout) becomes a 400 with the Dutch message."""
    try:
        return actie()
    except BelofteFout as fout:
        raise OngeldigeInvoer(str(fout), {veld: str(fout)} if veld else {}) from fout


# --- live takeover of the case's conversation (bot/overname/service.py) ---------------------------


def neem_over(*, session: Session, gebruiker: Gebruiker, nummer: str, rasa: GesprekApi, nu: datetime) -> Overname:
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    medewerker = eigen_medewerker(session=session, gebruiker=gebruiker)
    return _met_rasa(lambda: start_overname(session=session, rasa=rasa, zaak=zaak, medewerker=medewerker, nu=nu))


def stuur_bericht(*, session: Session, gebruiker: Gebruiker, nummer: str, tekst: str, rasa: GesprekApi,
                  nu: datetime) -> None:
    overname = _eigen_overname(session=session, gebruiker=gebruiker, nummer=nummer)
    if not tekst.strip():
        raise OngeldigeInvoer(fout_tekst("bericht_leeg"), {"tekst": fout_tekst("bericht_leeg")})
    if len(tekst.strip()) > MAX_CHATBERICHT:
        melding = fout_tekst("bericht_te_lang", lengte=len(tekst.strip()), max=MAX_CHATBERICHT)
        raise OngeldigeInvoer(melding, {"tekst": melding})
    _met_rasa(lambda: stuur_medewerkerbericht(session=session, rasa=rasa, overname=overname, tekst=tekst, nu=nu))



def meld_typen(*, session: Session, gebruiker: Gebruiker, nummer: str, nu: datetime) -> tuple[str, str] | None:
    """The medewerker holding the takeover is typing: the entrepreneur sees "<naam> typt…". The
    conversation (kanaal, id) when the signal was written now (at most once per few seconds), else None."""
    overname = _eigen_overname(session=session, gebruiker=gebruiker, nummer=nummer)
    if medewerker_typt(session=session, overname_id=overname.id, medewerker_id=overname.medewerker_id, nu=nu):
        return overname.kanaal, overname.gesprek_id
    return None


MAX_NOTITIE = 2000


def geef_terug(*, session: Session, gebruiker: Gebruiker, nummer: str, rasa: GesprekApi, nu: datetime,
               notitie: str | None = None) -> None:
    """Hand the conversation back. A ``notitie`` is for colleagues: it goes into the case's history
    (``overname_notitie``), never to the entrepreneur (who gets the assistant's notice only)."""
    overname = _eigen_overname(session=session, gebruiker=gebruiker, nummer=nummer)
    notitie = (notitie or "").strip()
    if len(notitie) > MAX_NOTITIE:
        melding = fout_tekst("notitie_te_lang", lengte=len(notitie), max=MAX_NOTITIE)
        raise OngeldigeInvoer(melding, {"notitie": melding})
    zaak = overname.zaak
    _met_rasa(lambda: beeindig_overname(session=session, rasa=rasa, overname=overname, reden="teruggegeven",
                                        door=gebruiker.wie, nu=nu))
    if notitie:
        schrijf_audit(session=session, wie=gebruiker.wie, wat="overname_notitie", zaak=zaak, moment=nu,
                      details={"notitie": notitie})


def grijp_in(*, session: Session, gebruiker: Gebruiker, nummer: str, rasa: GesprekApi, nu: datetime) -> Overname:
    """A teamleider or beheerder takes a colleague's takeover over (the bot stays silent)."""
    overname = _andermans_overname(session=session, gebruiker=gebruiker, nummer=nummer)
    medewerker = eigen_medewerker(session=session, gebruiker=gebruiker)
    return _met_rasa(lambda: neem_over_van(session=session, rasa=rasa, overname=overname, medewerker=medewerker,
                                           door=gebruiker.wie, nu=nu))


def geef_vrij(*, session: Session, gebruiker: Gebruiker, nummer: str, rasa: GesprekApi, nu: datetime) -> None:
    """A teamleider or beheerder ends a colleague's takeover: the assistant answers again."""
    overname = _andermans_overname(session=session, gebruiker=gebruiker, nummer=nummer)
    _met_rasa(lambda: beeindig_overname(session=session, rasa=rasa, overname=overname, reden="teruggegeven",
                                        door=gebruiker.wie, nu=nu))


def _andermans_overname(*, session: Session, gebruiker: Gebruiker, nummer: str) -> Overname:
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    moet_mogen_ingrijpen(gebruiker)
    overname = overname_van_zaak(session=session, zaak=zaak)
    if overname is None:
        raise OngeldigeInvoer(fout_tekst("niet_overgenomen"))
    if overname.medewerker_id == gebruiker.medewerker_id:
        raise OngeldigeInvoer(fout_tekst("zelf_overgenomen"))
    return overname


def _eigen_overname(*, session: Session, gebruiker: Gebruiker, nummer: str) -> Overname:
    """The user's own takeover of the case's conversation. A colleague of the team who claimed the
    waiting chat (bot/console/wachtrij.py) holds one on a case they may see but not change: theirs too."""
    zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    medewerker = eigen_medewerker(session=session, gebruiker=gebruiker)
    overname = overname_van_zaak(session=session, zaak=zaak)
    if overname is None or overname.medewerker_id != medewerker.id:
        te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)  # 403 for who may not change it
        raise OngeldigeInvoer(fout_tekst("niet_uw_overname"))
    return overname


RASA_WEG = "assistent_weg"  # the key of its text (fout_tekst)


def _met_rasa(actie) -> Any:
    """Run a takeover step; a refusal or an unreachable Rasa becomes a 400 (the transaction rolls back).

    A takeover that Rasa refuses right after the commit is undone and raises RasaApiFout out of
    the caller's transaction (bot/overname/protocol.py); the pages show ``RASA_WEG`` for it too.
    """
    try:
        return actie()
    except AlOvergenomen as fout:
        raise OngeldigeInvoer(str(fout)) from fout
    except RasaApiFout as fout:
        raise OngeldigeInvoer(fout_tekst(RASA_WEG)) from fout
    except ValueError as fout:
        raise OngeldigeInvoer(str(fout)) from fout
