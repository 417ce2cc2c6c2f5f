"""The assistant's natural language generator: never the same text twice in one conversation.

Rasa picks a response variation at random, so a greeting answered twice could get the same
words twice. ``AfwisselendeNLG`` (named in ``endpoints.yml`` under ``nlg``) picks, among the
variations that fit the channel and the slots (e.g. ``taal: en``), the first one whose text was
not yet sent in this conversation; when every variation was sent, the one sent longest ago.
The order of the variations in ``domain.yml`` is the order of use. In a long session the tracker holds the
bot's texts of the last 30 turns (``GEHEUGEN_BEURTEN``, bot/componenten/venster.py), so a text sent longer
ago may come again.

Besides the slots, a response may name the municipality's settings (``WAARDEN``): the link to its
privacy statement (``{privacyverklaring}``, INGANG_PRIVACY_URL) and how long a conversation of a
case is kept after it is closed (``{bewaartermijn}``, INGANG_BEWAAR_ZAAKGESPREK_DAGEN, in words from
``teksten/privacy/termijn.txt``; ``{bewaartermijn_en}`` in English from ``termijn_en.txt``), so what the
consent question promises is what the worker does.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.kern.settings import load_settings
from bot.kern.teksten import tekst
from bot.privacy.bewaren import Bewaartermijnen


def instellingen_voor_teksten() -> dict[str, str]:
    """The values a response may name besides the slots (see the module docstring)."""
    termijnen = Bewaartermijnen.uit_omgeving()
    dagen = round(termijnen.gesprek_van_zaak.total_seconds() / 86400)
    zonder_zaak = round(termijnen.gesprek_zonder_zaak.total_seconds() / 86400)
    return {"privacyverklaring": load_settings().privacy_url,
            "bewaartermijn": tekst("privacy/termijn.txt", dagen=dagen),
            "bewaartermijn_en": tekst("privacy/termijn_en.txt", dagen=dagen),
            "bewaartermijn_zonder_zaak": tekst("privacy/termijn.txt", dagen=zonder_zaak),
            "bewaartermijn_zonder_zaak_en": tekst("privacy/termijn_en.txt", dagen=zonder_zaak)}


# A placeholder in a response, as Rasa reads it: "{contactnaam}".
PLAATSHOUDER = re.compile(r"{([^\n{}]+?)}")
# The parts of a response Rasa fills in (rasa.core.nlg.response.TemplatedNaturalLanguageGenerator).
IN_TE_VULLEN = ("text", "image", "custom", "buttons", "attachment", "quick_replies")


def vul_in(deel: Any, waarden: dict[str, Any]) -> Any:
    """``deel`` of a response with its placeholders filled from ``waarden``, in one pass; an unknown
    placeholder stays as it is.

    Rasa's own interpolation fills with ``str.format`` and then takes "0[" in the result for a
    placeholder it could not fill: a value that holds "0[" (a name typed as "Jan 0[1]") made it send the
    bare template, "{contactnaam}" and all, and log an error."""
    if isinstance(deel, str):
        return PLAATSHOUDER.sub(lambda m: str(waarden[m.group(1)]) if m.group(1) in waarden else m.group(0), deel)
    if isinstance(deel, dict):
        return {sleutel: vul_in(waarde, waarden) for sleutel, waarde in deel.items()}
    if isinstance(deel, list):
        return [vul_in(waarde, waarden) for waarde in deel]
    return deel


def vul_antwoord_in(antwoord: dict[str, Any], waarden: dict[str, Any]) -> dict[str, Any]:
    """A response variation with its placeholders filled (see ``vul_in``)."""
    return {sleutel: vul_in(waarde, waarden) if sleutel in IN_TE_VULLEN else waarde for sleutel, waarde in antwoord.items()}


def verstuurde_teksten(tracker: DialogueStateTracker) -> list[str]:
    """The bot's texts in the current session of the conversation, oldest first."""
    teksten: list[str] = []
    for event in tracker.events:
        if isinstance(event, SessionStarted):
            teksten = []
        elif isinstance(event, BotUttered) and event.text:
            teksten.append(event.text)
    return teksten


def kies_variatie(kandidaten: list[dict[str, Any]], verstuurd: list[str]) -> dict[str, Any]:
    """The first candidate whose text was not sent; else the one whose text was sent longest ago."""
    for kandidaat in kandidaten:
        if kandidaat.get("text") not in verstuurd:
            return kandidaat

    def laatst_verstuurd(kandidaat: dict[str, Any]) -> int:
        return max(i for i, tekst in enumerate(verstuurd) if tekst == kandidaat.get("text"))

    return min(kandidaten, key=laatst_verstuurd)


class AfwisselendeNLG(TemplatedNaturalLanguageGenerator):
    """Responses from the domain, varied so that no text is repeated while a variation is left."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__(domain.responses if domain else {})
        self.waarden = instellingen_voor_teksten()

    async def generate(
        self, utter_action: str, tracker: DialogueStateTracker, output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        if utter_action not in self.responses:
            return None
        slots = tracker.current_slot_values()
        passend = ResponseVariationFilter(self.responses).responses_for_utter_action(utter_action, output_channel, slots)
        if not passend:
            return None
        waarden = {**slots, **self.waarden, **kwargs}
        kandidaten = [vul_antwoord_in(copy.deepcopy(variatie), waarden) for variatie in passend]
        return kies_variatie(kandidaten, verstuurde_teksten(tracker))
