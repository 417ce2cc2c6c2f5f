"""What the console can read and do, shared by the JSON API and the pages.

Each function takes a session (the caller owns the transaction) and the ``Gebruiker``, checks
what that user may see and change, and raises ``NietGevonden`` (404), ``GeenToegang`` (403)
or ``OngeldigeInvoer`` (400, per field) with Dutch messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.accounts.models import ROLLEN, Account
from bot.beloften import service as beloften
from bot.beloften.service import BelofteFout
from bot.console.auth import (
    AccountFout,
    Gebruiker,
    eigen_teams,
    maak_account,
    mag_wijzigen,
    mag_zien,
    zet_inactief,
)
from bot.integraties.rasa_api import RasaApiFout
from bot.kennisbank.service import alle_artikelen
from bot.kern.tijd import AMSTERDAM
from bot.medewerkers.models import Medewerker
from bot.overname.models import Overname
from bot.overname.service import (
    AlOvergenomen,
    GesprekApi,
    actieve_overname,
    beeindig_overname,
    start_overname,
    stuur_medewerkerbericht,
    wachtende_live_chats,
)
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import BELOFTE_STATUSSEN, ZAAK_STATUSSEN, AuditRegel, Belofte, Zaak
from bot.zaken.service import zaak_op_nummer

VAN_KEUZES = ("mij", "team", "alle")


class NietGevonden(Exception):
    pass


class GeenToegang(Exception):
    pass


@dataclass
class OngeldigeInvoer(Exception):
    melding: str
    velden: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.melding


# --- reading -------------------------------------------------------------------------------------


def teams_per_onderwerp(*, session: Session) -> dict[str, str]:
    return {artikel.id: artikel.team for artikel in alle_artikelen(session=session) if artikel.team}


def zaak_teams(zaak: Zaak, teams: dict[str, str]) -> set[str]:
    """Same rule as auth.teams_van_zaak, with the subject-to-team map read once per request."""
    if zaak.onderwerpen and zaak.onderwerpen[0] in teams:
        return {teams[zaak.onderwerpen[0]]}
    return set(zaak.medewerker.teams[:1])


def zaken_lijst(*, session: Session, gebruiker: Gebruiker, van: str = "mij", status: str = "open") -> list[Zaak]:
    """The cases this user may see, narrowed by ``van`` (mij, team, alle) and ``status``.

    ``status`` is one of the case statuses, ``open`` (everything not afgerond) or ``alle``.
    Sorted by the deadline of the open promise (soonest first; cases without one last).
    """
    if van not in VAN_KEUZES:
        raise OngeldigeInvoer("Ongeldige keuze.", {"van": f"Kies uit: {', '.join(VAN_KEUZES)}."})
    if status not in ZAAK_STATUSSEN + ("open", "alle"):
        raise OngeldigeInvoer("Ongeldige status.", {"status": f"Kies uit: {', '.join(ZAAK_STATUSSEN)}, open, alle."})
    query = select(Zaak).order_by(Zaak.aangemaakt_op)
    if status == "open":
        query = query.where(Zaak.status != "afgerond")
    elif status != "alle":
        query = query.where(Zaak.status == status)
    if van == "mij":
        query = query.where(Zaak.medewerker_id == (gebruiker.medewerker_id or -1))
    zaken = list(session.execute(query).scalars())
    if van == "team":
        teams = teams_per_onderwerp(session=session)
        mijn_teams = eigen_teams(session=session, gebruiker=gebruiker)
        zaken = [z for z in zaken if zaak_teams(z, teams) & mijn_teams]
    elif van == "alle":
        zaken = [z for z in zaken if mag_zien(session=session, gebruiker=gebruiker, zaak=z)]
    return sorted(zaken, key=_sorteer_op_deadline)


def _sorteer_op_deadline(zaak: Zaak) -> tuple[int, datetime]:
    belofte = beloften.open_belofte(zaak)
    if belofte is None:
        return (1, zaak.aangemaakt_op)
    return (0, belofte.deadline)


def beloften_lijst(*, session: Session, gebruiker: Gebruiker, status: str = "open") -> list[Belofte]:
    if status not in BELOFTE_STATUSSEN + ("alle",):
        raise OngeldigeInvoer("Ongeldige status.", {"status": f"Kies uit: {', '.join(BELOFTE_STATUSSEN)}, alle."})
    query = select(Belofte).order_by(Belofte.deadline, Belofte.id)
    if status != "alle":
        query = query.where(Belofte.status == status)
    return [b for b in session.execute(query).scalars() if mag_zien(session=session, gebruiker=gebruiker, zaak=b.zaak)]


def zichtbare_zaak(*, session: Session, gebruiker: Gebruiker, nummer: str) -> Zaak:
    """The case, when this user may see it; otherwise 404 (no hint that it exists)."""
    zaak = zaak_op_nummer(session=session, nummer=nummer)
    if zaak is None or not mag_zien(session=session, gebruiker=gebruiker, zaak=zaak):
        raise NietGevonden(f"Zaak {nummer} bestaat niet, of u mag deze zaak niet zien.")
    return zaak


def te_wijzigen_zaak(*, session: Session, gebruiker: Gebruiker, nummer: str) -> Zaak:
    zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    _mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak)
    return zaak


def te_wijzigen_belofte(*, session: Session, gebruiker: Gebruiker, belofte_id: int) -> Belofte:
    belofte = session.get(Belofte, belofte_id)
    if belofte is None or not mag_zien(session=session, gebruiker=gebruiker, zaak=belofte.zaak):
        raise NietGevonden(f"Belofte {belofte_id} bestaat niet, of u mag deze belofte niet zien.")
    _mag_wijzigen(session=session, gebruiker=gebruiker, zaak=belofte.zaak)
    return belofte


def _mag_wijzigen(*, session: Session, gebruiker: Gebruiker, zaak: Zaak) -> None:
    if not mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak):
        raise GeenToegang(
            f"U mag zaak {zaak.nummer} niet wijzigen. Alleen de behandelaar, de teamleider of een beheerder mag dat."
        )


def audit_van_zaak(*, session: Session, zaak: Zaak) -> list[AuditRegel]:
    return list(
        session.execute(select(AuditRegel).where(AuditRegel.zaak_id == zaak.id).order_by(AuditRegel.op, AuditRegel.id))
        .scalars()
    )


def collega_s(*, session: Session) -> list[Medewerker]:
    return list(session.execute(select(Medewerker).where(Medewerker.actief.is_(True)).order_by(Medewerker.naam)).scalars())


# --- changing ------------------------------------------------------------------------------------


def nagekomen(*, session: Session, gebruiker: Gebruiker, belofte_id: int, notitie: str | None, nu: datetime) -> Belofte:
    belofte = te_wijzigen_belofte(session=session, gebruiker=gebruiker, belofte_id=belofte_id)
    _als_invoer(lambda: beloften.markeer_nagekomen(session=session, belofte=belofte, notitie=notitie,
                                                   door=gebruiker.wie, nu=nu))
    return belofte


def verzetten(
    *, session: Session, gebruiker: Gebruiker, belofte_id: int, deadline: datetime | None, reden: str | None,
    nu: datetime,
) -> Belofte:
    velden = {}
    if deadline is None:
        velden["deadline"] = "Geef de nieuwe datum en tijd, met tijdzone (bijvoorbeeld 2026-11-26T14:00+01:00)."
    elif deadline <= nu:
        velden["deadline"] = "De nieuwe deadline moet in de toekomst liggen."
    if not (reden or "").strip():
        velden["reden"] = "Geef een reden op."
    belofte = te_wijzigen_belofte(session=session, gebruiker=gebruiker, belofte_id=belofte_id)
    if velden:
        raise OngeldigeInvoer("Niet alle velden zijn goed ingevuld.", velden)
    _als_invoer(lambda: beloften.verzet_belofte(session=session, belofte=belofte, nieuwe_deadline=deadline,
                                                reden=reden or "", door=gebruiker.wie, nu=nu))
    return belofte


def toewijzen(*, session: Session, gebruiker: Gebruiker, nummer: str, sleutel: str | None, nu: datetime) -> Zaak:
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    medewerker = None
    if sleutel:
        medewerker = session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel.strip())).scalar_one_or_none()
    if medewerker is None:
        raise OngeldigeInvoer("Onbekende medewerker.", {"medewerker": "Kies een bestaande collega (sleutel)."})
    _als_invoer(lambda: beloften.wijs_toe(session=session, zaak=zaak, medewerker=medewerker, door=gebruiker.wie, nu=nu),
                veld="medewerker")
    return zaak


def sluiten(*, session: Session, gebruiker: Gebruiker, nummer: str, notitie: str | None, nu: datetime,
            rasa: GesprekApi | None = None) -> Zaak:
    """Close the case; a takeover of its conversation ends with it (the bot answers again)."""
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    _als_invoer(lambda: beloften.sluit_zaak(session=session, zaak=zaak, notitie=notitie, door=gebruiker.wie, nu=nu))
    overname = overname_van_zaak(session=session, zaak=zaak)
    if overname is not None and rasa is not None:
        _met_rasa(lambda: beeindig_overname(session=session, rasa=rasa, overname=overname, reden="gesloten",
                                            door=gebruiker.wie, nu=nu))
    return zaak


def _als_invoer(actie, veld: str | None = None) -> Any:
    """Run a domain change; its refusal (BelofteFout) becomes a 400 with the Dutch message."""
    try:
        return actie()
    except BelofteFout as fout:
        raise OngeldigeInvoer(str(fout), {veld: str(fout)} if veld else {}) from fout


# --- live takeover of the case's conversation (bot/overname/service.py) ---------------------------


def live_chats(*, session: Session, gebruiker: Gebruiker, nu: datetime) -> list[dict[str, Any]]:
    """Entrepreneurs waiting right now for a live chat, in the cases of this user and their teams."""
    zichtbaar = [z.id for z in zaken_lijst(session=session, gebruiker=gebruiker, van="team")]
    zichtbaar += [z.id for z in zaken_lijst(session=session, gebruiker=gebruiker, van="mij")]
    return [
        {"zaak": zaak.nummer, "wat": zaak.wat or zaak.samenvatting, "medewerker": zaak.medewerker.naam,
         "gevraagd_op": tijd(gevraagd_op), "url": f"/zaken/{zaak.nummer}"}
        for zaak, gevraagd_op in wachtende_live_chats(session=session, zaak_ids=sorted(set(zichtbaar)), nu=nu)
    ]


def berichten_van_zaak(*, session: Session, zaak: Zaak) -> list[UitgaandBericht]:
    """What the municipality sent the entrepreneur about this case (the outbox), oldest first."""
    return list(session.execute(
        select(UitgaandBericht).where(UitgaandBericht.zaak_id == zaak.id).order_by(UitgaandBericht.id)
    ).scalars())


def overname_van_zaak(*, session: Session, zaak: Zaak) -> Overname | None:
    return actieve_overname(session=session, kanaal=zaak.kanaal, gesprek_id=zaak.gesprek_id)


def neem_over(*, session: Session, gebruiker: Gebruiker, nummer: str, rasa: GesprekApi, nu: datetime) -> Overname:
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    medewerker = _eigen_medewerker(session=session, gebruiker=gebruiker)
    return _met_rasa(lambda: start_overname(session=session, rasa=rasa, zaak=zaak, medewerker=medewerker, nu=nu))


def stuur_bericht(*, session: Session, gebruiker: Gebruiker, nummer: str, tekst: str, rasa: GesprekApi,
                  nu: datetime) -> None:
    overname = _eigen_overname(session=session, gebruiker=gebruiker, nummer=nummer)
    if not tekst.strip():
        raise OngeldigeInvoer("Typ eerst een bericht.", {"tekst": "Typ eerst een bericht."})
    _met_rasa(lambda: stuur_medewerkerbericht(session=session, rasa=rasa, overname=overname, tekst=tekst, nu=nu))


def geef_terug(*, session: Session, gebruiker: Gebruiker, nummer: str, rasa: GesprekApi, nu: datetime) -> None:
    overname = _eigen_overname(session=session, gebruiker=gebruiker, nummer=nummer)
    _met_rasa(lambda: beeindig_overname(session=session, rasa=rasa, overname=overname, reden="teruggegeven",
                                        door=gebruiker.wie, nu=nu))


def _eigen_medewerker(*, session: Session, gebruiker: Gebruiker) -> Medewerker:
    if gebruiker.medewerker_id is None:
        raise GeenToegang("Alleen een account van een medewerker kan een gesprek overnemen: de ondernemer ziet uw naam.")
    return session.get(Medewerker, gebruiker.medewerker_id)


def _eigen_overname(*, session: Session, gebruiker: Gebruiker, nummer: str) -> Overname:
    zaak = te_wijzigen_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    medewerker = _eigen_medewerker(session=session, gebruiker=gebruiker)
    overname = overname_van_zaak(session=session, zaak=zaak)
    if overname is None or overname.medewerker_id != medewerker.id:
        raise OngeldigeInvoer("U heeft dit gesprek niet overgenomen.")
    return overname


def _met_rasa(actie) -> Any:
    """Run a takeover step; a refusal or an unreachable Rasa becomes a 400 (the transaction rolls back)."""
    try:
        return actie()
    except AlOvergenomen as fout:
        raise OngeldigeInvoer(str(fout)) from fout
    except RasaApiFout as fout:
        raise OngeldigeInvoer("De digitale assistent is nu niet bereikbaar. Probeer het over een minuut opnieuw.") from fout
    except ValueError as fout:
        raise OngeldigeInvoer(str(fout)) from fout


# --- accounts (beheerder only) -------------------------------------------------------------------


def moet_beheerder_zijn(gebruiker: Gebruiker) -> None:
    if gebruiker.rol != "beheerder":
        raise GeenToegang("Alleen een beheerder mag accounts beheren.")


def accounts(*, session: Session, gebruiker: Gebruiker) -> list[Account]:
    moet_beheerder_zijn(gebruiker)
    return list(session.execute(select(Account).order_by(Account.gebruikersnaam)).scalars())


def nieuw_account(*, session: Session, gebruiker: Gebruiker, gegevens: dict[str, Any], nu: datetime) -> Account:
    moet_beheerder_zijn(gebruiker)
    velden = {}
    for naam in ("gebruikersnaam", "wachtwoord", "rol"):
        if not isinstance(gegevens.get(naam), str) or not gegevens[naam].strip():
            velden[naam] = "Dit veld is verplicht."
    if isinstance(gegevens.get("rol"), str) and gegevens["rol"] not in ROLLEN:
        velden["rol"] = f"Kies uit: {', '.join(ROLLEN)}."
    medewerker = None
    if gegevens.get("medewerker"):
        medewerker = session.execute(
            select(Medewerker).where(Medewerker.sleutel == str(gegevens["medewerker"]))
        ).scalar_one_or_none()
        if medewerker is None:
            velden["medewerker"] = "Onbekende medewerker (sleutel)."
    if velden:
        raise OngeldigeInvoer("Niet alle velden zijn goed ingevuld.", velden)
    try:
        return maak_account(session=session, gebruikersnaam=gegevens["gebruikersnaam"], wachtwoord=gegevens["wachtwoord"],
                            rol=gegevens["rol"], medewerker=medewerker, nu=nu)
    except AccountFout as fout:
        raise OngeldigeInvoer(str(fout)) from fout


def account_uitzetten(*, session: Session, gebruiker: Gebruiker, gebruikersnaam: str, nu: datetime) -> Account:
    moet_beheerder_zijn(gebruiker)
    account = session.execute(select(Account).where(Account.gebruikersnaam == gebruikersnaam)).scalar_one_or_none()
    if account is None:
        raise NietGevonden(f"Account {gebruikersnaam} bestaat niet.")
    zet_inactief(session=session, account=account, nu=nu)
    return account


# --- JSON shapes ---------------------------------------------------------------------------------


def tijd(moment: datetime | None) -> str | None:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="minutes") if moment is not None else None


def is_te_laat(belofte: Belofte, nu: datetime) -> bool:
    return belofte.status == "te_laat" or (belofte.status == "open" and belofte.deadline < nu)


def medewerker_json(medewerker: Medewerker) -> dict[str, Any]:
    return {"sleutel": medewerker.sleutel, "naam": medewerker.naam, "functie": medewerker.functie}


def belofte_json(belofte: Belofte, nu: datetime) -> dict[str, Any]:
    return {
        "id": belofte.id, "zaak": belofte.zaak.nummer, "actie": belofte.actie, "deadline": tijd(belofte.deadline),
        "zin": belofte.zin, "status": belofte.status, "te_laat": is_te_laat(belofte, nu),
        "medewerker": medewerker_json(belofte.medewerker), "nagekomen_op": tijd(belofte.nagekomen_op),
    }


def zaak_kort_json(zaak: Zaak, nu: datetime) -> dict[str, Any]:
    belofte = beloften.open_belofte(zaak)
    return {
        "nummer": zaak.nummer, "status": zaak.status, "onderwerpen": list(zaak.onderwerpen),
        "wat": zaak.wat, "medewerker": medewerker_json(zaak.medewerker), "aangemaakt_op": tijd(zaak.aangemaakt_op),
        "open_belofte": belofte_json(belofte, nu) if belofte is not None else None,
    }


def zaak_json(*, session: Session, zaak: Zaak, nu: datetime) -> dict[str, Any]:
    """The whole case. A case only exists with the entrepreneur's consent, so contact details are shown."""
    ondernemer = zaak.ondernemer
    return {
        **zaak_kort_json(zaak, nu),
        "waarom": zaak.waarom, "hoe": zaak.hoe, "samenvatting": zaak.samenvatting, "details": zaak.details,
        "kanaal": zaak.kanaal, "afgerond_op": tijd(zaak.afgerond_op),
        "bedrijf": {"naam": ondernemer.bedrijfsnaam, "kvk_nummer": ondernemer.kvk_nummer} if ondernemer else None,
        "contact": {"naam": ondernemer.contactnaam, "telefoon": ondernemer.telefoon, "email": ondernemer.email}
        if ondernemer else None,
        "beloften": [belofte_json(b, nu) for b in zaak.beloften],
        "audit": [
            {"op": tijd(r.op), "wie": r.wie, "wat": r.wat, "belofte_id": r.belofte_id, "details": r.details}
            for r in audit_van_zaak(session=session, zaak=zaak)
        ],
    }


def account_json(account: Account) -> dict[str, Any]:
    return {
        "gebruikersnaam": account.gebruikersnaam, "rol": account.rol, "actief": account.actief,
        "medewerker": account.medewerker.sleutel if account.medewerker else None,
    }


def lees_deadline(waarde: Any) -> datetime | None:
    """ISO 8601 with a UTC offset (``Z`` allowed); None when missing, unreadable or without offset."""
    if not isinstance(waarde, str) or not waarde.strip():
        return None
    tekst = waarde.strip()
    if tekst.endswith(("Z", "z")):
        tekst = tekst[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(tekst)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment.astimezone(timezone.utc)
