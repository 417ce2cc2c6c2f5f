"""A fake of the Open Klant 2.x Klantinteracties API on loopback (stdlib http.server in a thread).

It checks what the real API checks for the calls Ingang makes: the token, required fields,
enumerations, maximum lengths, phone numbers and e-mail addresses with Open Klant's own rules
(tests/fakes/openklant_regels.py), that referenced objects exist, that a partij
identificator is unique, and that an internetaak names its actor(s) in exactly one of
``toegewezenAanActor`` / ``toegewezenAanActoren``. It records every call, can be told to fail
the next calls to a resource, and can hold a call until the test lets it go. A refused request
answers 400 with a body shaped like Open Klant's validation errors (``invalidParams``).

    with FakeOpenKlant() as fake:
        client = OpenKlantClient(fake.url, fake.token)
        fake.faal("internetaken", status=503)        # the next POST/GET there answers 503
        binnen, los = fake.houd_vast("klantcontacten")  # the next call waits for los.set()
"""

from __future__ import annotations

import json
import re
import threading
import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.loopback import LoopbackServer
from tests.fakes.openklant_regels import EMAIL_ONGELDIG, is_email, telefoon_fout, validatiefout

BASIS = "/klantinteracties/api/v1"
IDENTIFICATOR_CODES = {
    "codeObjecttype": {"natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging", "overig"},
    "codeSoortObjectId": {"bsn", "vestigingsnummer", "kvk_nummer", "rsin", "overig"},
    "codeRegister": {"brp", "hr", "overig"},
}


@dataclass(frozen=True)
class Aanroep:
    methode: str
    resource: str
    query: dict[str, str]
    body: Any
    autorisatie: str | None
    status: int


class Ongeldig(Exception):
    def __init__(self, naam: str, reden: str) -> None:
        super().__init__(f"{naam}: {reden}")
        self.naam, self.reden = naam, reden


class FakeOpenKlant:
    def __init__(self, token: str = "geheim-token") -> None:
        self.token = token
        self.aanroepen: list[Aanroep] = []
        self.objecten: dict[str, dict[str, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._storingen: dict[str, list[int]] = {}
        self._vasthouden: dict[str, tuple[threading.Event, threading.Event]] = {}
        self._http = LoopbackServer(self._behandel, naam="fake-openklant")

    # -- running --

    def start(self) -> FakeOpenKlant:
        self._http.start()
        return self

    def stop(self) -> None:
        for _binnen, los in self._vasthouden.values():
            los.set()
        self._http.stop()

    def __enter__(self) -> FakeOpenKlant:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"{self._http.adres}{BASIS}"

    # -- steering and reading --

    def faal(self, resource: str, *, status: int = 503, keer: int = 1) -> None:
        """The next ``keer`` calls to ``resource`` answer ``status`` (and change nothing)."""
        with self._lock:
            self._storingen.setdefault(resource, []).extend([status] * keer)

    def houd_vast(self, resource: str) -> tuple[threading.Event, threading.Event]:
        """The next call to ``resource`` sets ``binnen`` and waits until the test sets ``los``."""
        paar = (threading.Event(), threading.Event())
        with self._lock:
            self._vasthouden[resource] = paar
        return paar

    def aangemaakt(self, resource: str) -> list[dict[str, Any]]:
        """The objects made in ``resource``, in order."""
        with self._lock:
            return list(self.objecten.get(resource, {}).values())

    def posts(self, resource: str) -> list[Aanroep]:
        with self._lock:
            return [a for a in self.aanroepen if a.methode == "POST" and a.resource == resource]

    def voeg_toe(self, resource: str, gegevens: dict[str, Any]) -> dict[str, Any]:
        """Put an object in the fake directly (data that was in Open Klant before Ingang)."""
        with self._lock:
            return self._bewaar(resource, gegevens)

    # -- the HTTP side --

    def _behandel(self, verzoek: BaseHTTPRequestHandler, methode: str) -> None:
        delen = urlsplit(verzoek.path)
        resource = delen.path.removeprefix(BASIS).strip("/")
        query = dict(parse_qsl(delen.query))
        lengte = int(verzoek.headers.get("Content-Length") or 0)
        ruw = verzoek.rfile.read(lengte) if lengte else b""
        autorisatie = verzoek.headers.get("Authorization")
        with self._lock:
            vast = self._vasthouden.pop(resource, None)
        if vast is not None:
            binnen, los = vast
            binnen.set()
            los.wait(timeout=30)
        status, antwoord = self._antwoord(methode, resource, query, ruw, autorisatie)
        with self._lock:
            self.aanroepen.append(Aanroep(methode, resource, query, _json_of_tekst(ruw), autorisatie, status))
        inhoud = json.dumps(antwoord).encode()
        verzoek.send_response(status)
        verzoek.send_header("Content-Type", "application/json")
        verzoek.send_header("Content-Length", str(len(inhoud)))
        verzoek.end_headers()
        verzoek.wfile.write(inhoud)

    def _antwoord(self, methode: str, resource: str, query: dict[str, str], ruw: bytes,
                  autorisatie: str | None) -> tuple[int, Any]:
        if autorisatie != f"Token {self.token}":
            return 401, {"code": "not_authenticated", "title": "Authenticatiegegevens zijn niet (correct) opgegeven."}
        with self._lock:
            storingen = self._storingen.get(resource)
            if storingen:
                return storingen.pop(0), {"code": "storing", "title": "Tijdelijke storing (fake)."}
        if methode == "GET":
            zoeker = ZOEKERS.get(resource)
            if zoeker is None:
                return 404, {"code": "not_found"}
            with self._lock:
                resultaten = [o for o in self.objecten.get(resource, {}).values() if zoeker(self, o, query)]
            return 200, {"count": len(resultaten), "next": None, "previous": None, "results": resultaten}
        controle = CONTROLES.get(resource)
        if controle is None:
            return 404, {"code": "not_found"}
        try:
            gegevens = json.loads(ruw or b"null")
            if not isinstance(gegevens, dict):
                raise Ongeldig("nonFieldErrors", "verwacht een JSON-object")
            with self._lock:
                controle(self, gegevens)
                return 201, self._bewaar(resource, gegevens)
        except (ValueError, Ongeldig) as fout:
            naam, reden = (fout.naam, fout.reden) if isinstance(fout, Ongeldig) else ("nonFieldErrors", str(fout))
            return 400, validatiefout(naam, reden)

    def _bewaar(self, resource: str, gegevens: dict[str, Any]) -> dict[str, Any]:
        nieuw = str(uuidlib.uuid4())
        obj = {**gegevens, "uuid": nieuw, "url": f"http://openklant.test{BASIS}/{resource}/{nieuw}"}
        self.objecten.setdefault(resource, {})[nieuw] = obj
        return obj

    # -- checks (called with the lock held) --

    def _bestaat(self, resource: str, ref: Any, naam: str, *, nullable: bool = False) -> None:
        if ref is None and nullable:
            return
        if not isinstance(ref, dict) or str(ref.get("uuid")) not in self.objecten.get(resource, {}):
            raise Ongeldig(naam, f"verwijst niet naar een bestaand object in {resource}")


def _json_of_tekst(ruw: bytes) -> Any:
    try:
        return json.loads(ruw) if ruw else None
    except ValueError:
        return ruw.decode(errors="replace")


def _verplicht(gegevens: dict[str, Any], *namen: str) -> None:
    for naam in namen:
        if naam not in gegevens:
            raise Ongeldig(naam, "Dit veld is vereist.")


def _tekst(gegevens: dict[str, Any], naam: str, maximum: int, *, verplicht: bool = False) -> None:
    waarde = gegevens.get(naam)
    if waarde is None:
        if verplicht:
            raise Ongeldig(naam, "Dit veld is vereist.")
        return
    if not isinstance(waarde, str):
        raise Ongeldig(naam, "moet tekst zijn")
    if verplicht and not waarde:
        raise Ongeldig(naam, "Dit veld mag niet leeg zijn.")
    if len(waarde) > maximum:
        raise Ongeldig(naam, f"Zorg ervoor dat dit veld niet meer dan {maximum} karakters bevat.")


def _keuze(gegevens: dict[str, Any], naam: str, waarden: set[str]) -> None:
    if gegevens.get(naam) not in waarden:
        raise Ongeldig(naam, f"{gegevens.get(naam)!r} is geen geldige keuze.")


def _boolean(gegevens: dict[str, Any], naam: str) -> None:
    if not isinstance(gegevens.get(naam), bool):
        raise Ongeldig(naam, "Must be a valid boolean.")


def _klantcontact(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    _verplicht(g, "kanaal", "onderwerp", "taal", "vertrouwelijk")
    _tekst(g, "kanaal", 50, verplicht=True)
    _tekst(g, "onderwerp", 200, verplicht=True)
    _tekst(g, "inhoud", 1000)
    _tekst(g, "taal", 3, verplicht=True)
    _tekst(g, "nummer", 10)
    _boolean(g, "vertrouwelijk")
    if "plaatsgevondenOp" in g:
        moment = datetime.fromisoformat(str(g["plaatsgevondenOp"]).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise Ongeldig("plaatsgevondenOp", "een tijdzone is vereist")


def _onderwerpobject(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    fake._bestaat("klantcontacten", g.get("klantcontact"), "klantcontact", nullable=True)
    fake._bestaat("klantcontacten", g.get("wasKlantcontact"), "wasKlantcontact", nullable=True)
    identificator = g.get("onderwerpobjectidentificator") or {}
    for naam in ("objectId", "codeObjecttype", "codeRegister", "codeSoortObjectId"):
        _tekst(identificator, naam, 200)


def _partij(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    _verplicht(g, "soortPartij", "indicatieActief", "digitaleAdressen", "voorkeursDigitaalAdres",
               "rekeningnummers", "voorkeursRekeningnummer")
    _keuze(g, "soortPartij", {"persoon", "organisatie", "contactpersoon"})
    _boolean(g, "indicatieActief")
    _tekst(g, "voorkeurstaal", 3)
    if g["soortPartij"] == "organisatie":
        _tekst(g.get("partijIdentificatie") or {}, "naam", 200)


def _partij_identificator(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    fake._bestaat("partijen", g.get("identificeerdePartij"), "identificeerdePartij", nullable=True)
    identificator = g.get("partijIdentificator")
    if not isinstance(identificator, dict):
        raise Ongeldig("partijIdentificator", "Dit veld is vereist.")
    _verplicht(identificator, "objectId", *IDENTIFICATOR_CODES)
    for naam, waarden in IDENTIFICATOR_CODES.items():
        _keuze(identificator, naam, waarden)
    kvk = identificator["codeSoortObjectId"] == "kvk_nummer"
    if kvk and not re.fullmatch(r"\d{8}", str(identificator["objectId"])):
        raise Ongeldig("partijIdentificator.objectId", "Een KvK-nummer bestaat uit 8 cijfers.")
    for bestaand in fake.objecten.get("partij-identificatoren", {}).values():
        if bestaand["partijIdentificator"] == identificator:
            raise Ongeldig("partijIdentificator", "Partij-identificator met deze gegevens bestaat al.")


def _betrokkene(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    _verplicht(g, "hadKlantcontact", "rol", "initiator")
    fake._bestaat("klantcontacten", g["hadKlantcontact"], "hadKlantcontact")
    fake._bestaat("partijen", g.get("wasPartij"), "wasPartij", nullable=True)
    _keuze(g, "rol", {"klant", "vertegenwoordiger"})
    _boolean(g, "initiator")
    _tekst(g, "organisatienaam", 200)
    naam = g.get("contactnaam") or {}
    for veld, maximum in (("voorletters", 10), ("voornaam", 200), ("voorvoegselAchternaam", 10), ("achternaam", 200)):
        _tekst(naam, veld, maximum)


def _digitaal_adres(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    _verplicht(g, "adres", "soortDigitaalAdres")
    fake._bestaat("betrokkenen", g.get("verstrektDoorBetrokkene"), "verstrektDoorBetrokkene", nullable=True)
    fake._bestaat("partijen", g.get("verstrektDoorPartij"), "verstrektDoorPartij", nullable=True)
    _keuze(g, "soortDigitaalAdres", {"email", "telefoonnummer", "overig"})
    _tekst(g, "adres", 80, verplicht=True)
    _tekst(g, "omschrijving", 40)
    adres = g["adres"].strip()  # a DRF CharField trims whitespace before validating
    if g["soortDigitaalAdres"] == "telefoonnummer" and telefoon_fout(adres):
        raise Ongeldig("adres", telefoon_fout(adres) or "")
    if g["soortDigitaalAdres"] == "email" and not is_email(adres):
        raise Ongeldig("adres", EMAIL_ONGELDIG)


def _actor(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    _verplicht(g, "naam", "soortActor")
    _tekst(g, "naam", 200, verplicht=True)
    _keuze(g, "soortActor", {"medewerker", "geautomatiseerde_actor", "organisatorische_eenheid"})
    identificator = g.get("actoridentificator") or {}
    for naam in ("objectId", "codeObjecttype", "codeRegister", "codeSoortObjectId"):
        _tekst(identificator, naam, 200)
    if g["soortActor"] == "medewerker" and g.get("actorIdentificatie") is not None:
        identificatie = g["actorIdentificatie"]
        _medewerker(identificatie)


def _medewerker(identificatie: dict[str, Any]) -> None:
    """Medewerker in Open Klant 2.18: functie and telefoonnummer required, emailadres may be blank."""
    _verplicht(identificatie, "functie", "telefoonnummer")
    _tekst(identificatie, "functie", 40, verplicht=True)
    _tekst(identificatie, "telefoonnummer", 20, verplicht=True)
    _tekst(identificatie, "emailadres", 254)
    fout = telefoon_fout(identificatie["telefoonnummer"].strip())
    if fout:
        raise Ongeldig("actorIdentificatie.telefoonnummer", fout)
    email = (identificatie.get("emailadres") or "").strip()
    if email and not is_email(email):
        raise Ongeldig("actorIdentificatie.emailadres", EMAIL_ONGELDIG)


def _internetaak(fake: FakeOpenKlant, g: dict[str, Any]) -> None:
    _verplicht(g, "gevraagdeHandeling", "aanleidinggevendKlantcontact", "status")
    _tekst(g, "gevraagdeHandeling", 200, verplicht=True)
    _tekst(g, "toelichting", 1000)
    _tekst(g, "nummer", 10)
    _keuze(g, "status", {"te_verwerken", "verwerkt"})
    fake._bestaat("klantcontacten", g["aanleidinggevendKlantcontact"], "aanleidinggevendKlantcontact")
    enkel, meerdere = "toegewezenAanActor" in g, "toegewezenAanActoren" in g
    if enkel == meerdere:
        raise Ongeldig("nonFieldErrors", "`toegewezen_aan_actor` of `toegewezen_aan_actoren` is required "
                                         "(mag niet beiden gebruiken).")
    actoren = [g["toegewezenAanActor"]] if enkel else g["toegewezenAanActoren"]
    if not isinstance(actoren, list) or not actoren:
        raise Ongeldig("toegewezenAanActoren", "Dit veld is vereist.")
    for actor in actoren:
        fake._bestaat("actoren", actor, "toegewezenAanActoren")


def _zoek_partij(fake: FakeOpenKlant, partij: dict[str, Any], query: dict[str, str]) -> bool:
    identificatoren = [i["partijIdentificator"] for i in fake.objecten.get("partij-identificatoren", {}).values()
                       if (i.get("identificeerdePartij") or {}).get("uuid") == partij["uuid"]]
    if "soortPartij" in query and partij.get("soortPartij") != query["soortPartij"]:
        return False
    filters = {k.removeprefix("partijIdentificator__"): v for k, v in query.items()
               if k.startswith("partijIdentificator__")}
    return not filters or any(all(i.get(k) == v for k, v in filters.items()) for i in identificatoren)


def _zoek_actor(fake: FakeOpenKlant, actor: dict[str, Any], query: dict[str, str]) -> bool:
    identificator = actor.get("actoridentificator") or {}
    for sleutel, waarde in query.items():
        if sleutel == "soortActor" and actor.get("soortActor") != waarde:
            return False
        if sleutel.startswith("actoridentificator"):
            veld = sleutel.removeprefix("actoridentificator")
            if identificator.get(veld[0].lower() + veld[1:]) != waarde:
                return False
    return True


CONTROLES = {
    "klantcontacten": _klantcontact,
    "onderwerpobjecten": _onderwerpobject,
    "partijen": _partij,
    "partij-identificatoren": _partij_identificator,
    "betrokkenen": _betrokkene,
    "digitaleadressen": _digitaal_adres,
    "actoren": _actor,
    "internetaken": _internetaak,
}
ZOEKERS = {"partijen": _zoek_partij, "actoren": _zoek_actor}
