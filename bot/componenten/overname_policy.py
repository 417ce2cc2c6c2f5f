"""Live takeover by a medewerker: while a person has taken over a conversation, the bot is silent.

The takeover is a slot in the conversation's tracker (``overgenomen_door``), set and cleared
by the staff console through Rasa's HTTP API. Keeping it in the tracker, not in process
memory, means every Rasa replica sees it, it survives restarts, and the transcript shows when
it started and ended.

``OvernamePolicy`` is a Rasa policy that, while the slot is filled, predicts ``action_listen``
after every entrepreneur message, so no other policy (rules, forms, TED) answers. Its
prediction is marked "no user prediction", which Rasa's ensemble ranks above every prediction
based on the user's message. Once the slot is cleared the policy abstains and the bot answers
the next message as usual; messages sent during the takeover are not answered afterwards,
because each already ended with ``action_listen``.

The same policy routes messages typed while the entrepreneur waits for a live chat
(``wacht_op_medewerker``, set by ``action_nu_chatten``) to ``action_bericht_voor_medewerker``
instead of the usual answers: "hallo sanne, ben je er?" is for the medewerker, who reads it in the
console's live transcript, not a greeting for the bot. The wait ends when a takeover starts, when
the entrepreneur says stop, or after ``LIVE_VERZOEK_GELDIG``, the time the console offers the chat.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.componenten.voorrang import VoorrangPolicy
from bot.overname import OVERNAME_SLOT, WACHT_SLOT
from bot.overname.service import LIVE_VERZOEK_GELDIG

BERICHT_VOOR_MEDEWERKER = "action_bericht_voor_medewerker"


def is_overgenomen(tracker: DialogueStateTracker) -> bool:
    """True while a medewerker has taken over this conversation."""
    return bool(tracker.get_slot(OVERNAME_SLOT))


def wacht_op_medewerker(tracker: DialogueStateTracker) -> bool:
    """True while the entrepreneur waits for a live chat they asked for: no takeover has started
    since the request, and the latest message came within ``LIVE_VERZOEK_GELDIG`` of it."""
    if not tracker.get_slot(WACHT_SLOT):
        return False
    gevraagd_op = None
    for event in tracker.events:
        if isinstance(event, SlotSet) and event.key == WACHT_SLOT:
            gevraagd_op = event.timestamp if event.value else None
        elif isinstance(event, SlotSet) and event.key == OVERNAME_SLOT and gevraagd_op is not None:
            gevraagd_op = None  # a medewerker came (and maybe handed back): the wait is over
    bericht = tracker.get_last_event_for(UserUttered)
    return (gevraagd_op is not None and bericht is not None
            and bericht.timestamp - gevraagd_op <= LIVE_VERZOEK_GELDIG.total_seconds())


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class OvernamePolicy(VoorrangPolicy):
    """Keeps the bot silent (``action_listen``) while ``overgenomen_door`` is set, and passes messages
    typed while waiting for a live chat to ``action_bericht_voor_medewerker``."""

    def volgende_actie(self, tracker: DialogueStateTracker, domain: Domain) -> str | None:
        if is_overgenomen(tracker):
            return ACTION_LISTEN_NAME
        if wacht_op_medewerker(tracker):
            return BERICHT_VOOR_MEDEWERKER if tracker.latest_action_name == ACTION_LISTEN_NAME else ACTION_LISTEN_NAME
        return None
