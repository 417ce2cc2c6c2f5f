"""The WhatsApp settings, from the environment only (never from the repository).

INGANG_WHATSAPP_TOKEN, _APP_SECRET, _VERIFY_TOKEN, _PHONE_NUMBER_ID, _API_URL (default
https://graph.facebook.com/v21.0) and _TEMPLATE. The webhook needs the first four; sending
needs the token and the phone number id (and the template outside the 24-hour window). The
recovery route, through which the worker has the Rasa server handle a message again, needs
INGANG_RASA_TOKEN (the token of Rasa's HTTP API, which the worker has too).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

KANAAL = "whatsapp"
STANDAARD_API_URL = "https://graph.facebook.com/v21.0"

OMGEVING = {
    "token": "INGANG_WHATSAPP_TOKEN",
    "app_secret": "INGANG_WHATSAPP_APP_SECRET",
    "verify_token": "INGANG_WHATSAPP_VERIFY_TOKEN",
    "phone_number_id": "INGANG_WHATSAPP_PHONE_NUMBER_ID",
}
NODIG_VOOR_ONTVANGEN = ("token", "app_secret", "verify_token", "phone_number_id")
NODIG_VOOR_VERSTUREN = ("token", "phone_number_id")


@dataclass(frozen=True)
class WhatsAppInstellingen:
    token: str
    app_secret: str
    verify_token: str
    phone_number_id: str
    api_url: str = STANDAARD_API_URL
    sjabloon: str | None = None  # an approved template with one body parameter, language nl
    rasa_token: str = ""  # INGANG_RASA_TOKEN: without it the recovery route is off

    @classmethod
    def uit_omgeving(cls) -> WhatsAppInstellingen:
        """The settings from the environment; missing ones are empty (see ``ontbrekend``)."""
        return cls(
            **{veld: os.environ.get(naam, "").strip() for veld, naam in OMGEVING.items()},
            api_url=(os.environ.get("INGANG_WHATSAPP_API_URL") or STANDAARD_API_URL).rstrip("/"),
            sjabloon=os.environ.get("INGANG_WHATSAPP_TEMPLATE", "").strip() or None,
            rasa_token=os.environ.get("INGANG_RASA_TOKEN", "").strip(),
        )

    def ontbrekend(self, velden: Iterable[str]) -> list[str]:
        """The environment variables of ``velden`` that are not set."""
        return [OMGEVING[veld] for veld in velden if not getattr(self, veld)]

    @property
    def berichten_url(self) -> str:
        return f"{self.api_url}/{self.phone_number_id}/messages"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
