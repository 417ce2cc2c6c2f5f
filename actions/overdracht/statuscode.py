"""``validate_status_form``: the one-time code before a case of another conversation is shown.

``status_form`` asks for the phone number or e-mail address given with the case (``status_controle``),
then for a code (``status_code``). After the contact detail the answer is the same whether it matched
or not ("Als dit klopt, hebben we een code gestuurd ..."): only when it matched is a code made
(bot/zaken/verificatiecode.py) and placed in the outbox, to the e-mail address on file and to the
conversation the case was made in, in the same transaction. A wrong code may be typed again until
the code's tries are used up; then the form ends, and ``action_status_controleren`` shows the case
only when the right code was typed.

The database work runs in a worker thread, off the action server's event loop.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.overdracht.formulier import kanaal_van
from bot.kern.db import transaction
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow as nu
from bot.kern.velden import vind_email, vind_telefoonnummer
from bot.uitgaand.service import plaats_bericht, plaats_email
from bot.zaken.verificatiecode import BERICHT_SOORT as SOORT
from bot.zaken.verificatiecode import GELDIG, TeVersturen, Uitkomst, controleer_code, vraag_code_aan


class ValidateStatusForm(FormValidationAction):
    def name(self) -> str:
        return "validate_status_form"

    async def validate_status_controle(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Send a code when the detail matches; the form then asks for it all the same."""
        bericht = tracker.latest_message.get("text") or ""
        await asyncio.to_thread(
            vraag_en_verstuur_code, nummer=tracker.get_slot("status_nummer") or "", telefoon=vind_telefoonnummer(bericht),
            email=vind_email(bericht), kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id, moment=nu(),
        )
        return {"status_controle": slot_value}

    async def validate_status_code(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A wrong code with tries left: asked again. Otherwise the form ends (right or not)."""
        uitkomst = await asyncio.to_thread(
            controleer, nummer=tracker.get_slot("status_nummer") or "", invoer=tracker.latest_message.get("text") or "",
            kanaal=kanaal_van(tracker), kanaal_id=tracker.sender_id, moment=nu(),
        )
        if uitkomst is Uitkomst.OPNIEUW:
            dispatcher.utter_message(response="utter_status_code_fout")
            return {"status_code": None}
        return {"status_code": slot_value}


def vraag_en_verstuur_code(
    *, nummer: str, telefoon: str | None, email: str | None, kanaal: str, kanaal_id: str, moment: datetime
) -> None:
    with transaction() as session:
        te_versturen = vraag_code_aan(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer,
                                      telefoon=telefoon, email=email, nu=moment)
        if te_versturen is not None:
            verstuur_code(session=session, te_versturen=te_versturen, moment=moment)


def verstuur_code(*, session: Session, te_versturen: TeVersturen, moment: datetime) -> None:
    """Place the code in the outbox: to the e-mail address on file, and to the case's own conversation.

    Never to the detail just typed (unless it is the one on file), never to the asking conversation.
    The messages carry no case id, so the code is not shown among the case's messages in the console.
    """
    zaak, ondernemer = te_versturen.zaak, te_versturen.ondernemer
    waarden = {"nummer": zaak.nummer, "code": te_versturen.code, "minuten": int(GELDIG.total_seconds() // 60)}
    sleutel = f"{SOORT}:{te_versturen.code_id}"
    if ondernemer.email:
        plaats_email(session=session, sleutel=f"{sleutel}:email", aan=ondernemer.email,
                     onderwerp=tekst("acties/status/code_onderwerp.txt", **waarden),
                     tekst=tekst("acties/status/code_email.txt", **waarden) + "\n", soort=SOORT, moment=moment)
    plaats_bericht(session=session, sleutel=f"{sleutel}:gesprek", kanaal=zaak.kanaal, ontvanger=zaak.gesprek_id,
                   tekst=tekst("acties/status/code_bericht.txt", **waarden), soort=SOORT, moment=moment)


def controleer(*, nummer: str, invoer: str, kanaal: str, kanaal_id: str, moment: datetime) -> Uitkomst:
    with transaction() as session:
        return controleer_code(session=session, kanaal=kanaal, kanaal_id=kanaal_id, nummer=nummer, invoer=invoer,
                               nu=moment)
