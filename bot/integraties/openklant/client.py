"""The HTTP client of the Klantinteracties API (Open Klant 2.x), and how it is configured."""

from __future__ import annotations

import logging
import os
from typing import Any

import httpx

from bot.kern.claims import is_definitieve_http_fout

log = logging.getLogger(__name__)

URL_VARIABELE = "INGANG_OPENKLANT_URL"
TOKEN_VARIABELE = "INGANG_OPENKLANT_TOKEN"

class OpenKlantFout(Exception):
    """A call to the Klantinteracties API failed (network, time-out, or an error status)."""

    def __init__(self, melding: str, *, status: int | None = None) -> None:
        super().__init__(melding)
        self.status = status

    @property
    def definitief(self) -> bool:
        """Whether sending the same request again cannot help (``is_definitieve_http_fout``).

        Open Klant answers 400 to data it refuses; that stays refused. A refused token (401) or a
        token without the right (403) is fixed in the configuration, after which the export goes on.
        """
        return is_definitieve_http_fout(self.status, ook_herhalen=frozenset({403}))


class OpenKlantClient:
    """The Klantinteracties API of Open Klant 2.x (sync, httpx). Every method returns the uuid it got."""

    def __init__(self, basis_url: str, token: str, *, timeout: float = 10.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.basis_url = basis_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.basis_url + "/",
            headers={"Authorization": f"Token {token}", "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OpenKlantClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- plumbing --

    def _verzoek(self, methode: str, pad: str, **kwargs: Any) -> dict[str, Any]:
        try:
            antwoord = self._http.request(methode, pad, **kwargs)
        except httpx.HTTPError as fout:
            raise OpenKlantFout(f"{methode} {pad}: {type(fout).__name__}: {fout}") from fout
        if antwoord.status_code >= 400:
            raise OpenKlantFout(f"{methode} {pad}: HTTP {antwoord.status_code}: {antwoord.text[:500]}",
                                status=antwoord.status_code)
        try:
            return antwoord.json()
        except ValueError as fout:
            raise OpenKlantFout(f"{methode} {pad}: geen JSON in het antwoord") from fout

    def _maak(self, pad: str, gegevens: dict[str, Any]) -> str:
        antwoord = self._verzoek("POST", pad, json=gegevens)
        uuid = antwoord.get("uuid")
        if not uuid:
            raise OpenKlantFout(f"POST {pad}: geen uuid in het antwoord")
        return str(uuid)

    def _eerste(self, pad: str, params: dict[str, str]) -> dict[str, Any] | None:
        resultaten = self._verzoek("GET", pad, params=params).get("results") or []
        return resultaten[0] if resultaten else None

    # -- resources --

    def maak_klantcontact(self, gegevens: dict[str, Any]) -> str:
        return self._maak("klantcontacten", gegevens)

    def maak_onderwerpobject(self, gegevens: dict[str, Any]) -> str:
        return self._maak("onderwerpobjecten", gegevens)

    def zoek_partij(self, identificator: dict[str, str]) -> str | None:
        """The uuid of the partij with this partijIdentificator (e.g. a KvK number), or None."""
        params = {f"partijIdentificator__{sleutel}": waarde for sleutel, waarde in identificator.items()}
        partij = self._eerste("partijen", params)
        return str(partij["uuid"]) if partij else None

    def maak_partij(self, gegevens: dict[str, Any]) -> str:
        return self._maak("partijen", gegevens)

    def maak_partij_identificator(self, gegevens: dict[str, Any]) -> str:
        return self._maak("partij-identificatoren", gegevens)

    def maak_betrokkene(self, gegevens: dict[str, Any]) -> str:
        return self._maak("betrokkenen", gegevens)

    def maak_digitaal_adres(self, gegevens: dict[str, Any]) -> str:
        return self._maak("digitaleadressen", gegevens)

    def zoek_actor(self, identificator: dict[str, str]) -> str | None:
        """The uuid of the actor with this actoridentificator, or None."""
        params = {f"actoridentificator{sleutel[0].upper()}{sleutel[1:]}": waarde
                  for sleutel, waarde in identificator.items()}
        actor = self._eerste("actoren", params)
        return str(actor["uuid"]) if actor else None

    def maak_actor(self, gegevens: dict[str, Any]) -> str:
        return self._maak("actoren", gegevens)

    def maak_internetaak(self, gegevens: dict[str, Any]) -> str:
        return self._maak("internetaken", gegevens)


def openklant_client_uit_omgeving(omgeving: dict[str, str] | None = None) -> OpenKlantClient | None:
    """The client when INGANG_OPENKLANT_URL and INGANG_OPENKLANT_TOKEN are set; None (export off) otherwise."""
    omgeving = os.environ if omgeving is None else omgeving
    url, token = omgeving.get(URL_VARIABELE, "").strip(), omgeving.get(TOKEN_VARIABELE, "").strip()
    if not url and not token:
        return None
    if not url or not token:
        ontbreekt = URL_VARIABELE if not url else TOKEN_VARIABELE
        log.warning("export naar Open Klant staat uit: %s ontbreekt", ontbreekt)
        return None
    return OpenKlantClient(url, token)
