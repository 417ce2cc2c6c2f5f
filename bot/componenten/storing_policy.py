"""A friendly message when an action of the action server fails, instead of silence.

When the action server is down (killed, restarting, deploying) or one of its actions raises, Rasa
logs the error, drops what the action would have done, records the action as run and goes on: the
rules then predict ``action_listen`` and the entrepreneur's message gets no answer at all.

``StoringPolicy`` sees that moment in the tracker: the latest event is a custom action (or form)
with nothing after it, in a live conversation (its latest message has the id every channel's message
gets; in a story, which ``rasa test`` plays without running the actions, it has none). An action
that worked leaves a trace (a message, a slot, a follow-up), except the few in ``STILLE_ACTIES``,
which may be silent by design. The policy then predicts
``utter_storing`` (a response Rasa sends itself, without the action server), and ``action_listen``
after it. The conversation recovers by itself: the next message is handled as usual once the
action server answers again. Like ``OvernamePolicy``, its prediction is "no user prediction",
which Rasa's ensemble ranks above the rules.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import UTTER_PREFIX
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.componenten.voorrang import VoorrangPolicy

STORING = "utter_storing"
# Actions that may end a turn without any event: a message typed while waiting for a live chat, once the
# entrepreneur has been told it is passed on; a form's detail question when no detail is open; the marker
# after a choice between subjects (actions/keuze.py).
STILLE_ACTIES = frozenset({"action_bericht_voor_medewerker", "action_ask_detail", "action_na_keuze"})


def actie_mislukt(tracker: DialogueStateTracker, domain: Domain) -> bool:
    """True when the latest event is a custom action or form of the action server that left nothing behind."""
    laatste = tracker.events[-1] if tracker.events else None
    if not isinstance(laatste, ActionExecuted) or laatste.action_name in STILLE_ACTIES:
        return False
    if tracker.latest_message is None or tracker.latest_message.message_id is None:
        return False  # not a live conversation (a story in rasa test or training: its actions write no events)
    naam = laatste.action_name or ""
    if naam.startswith(UTTER_PREFIX):  # a response: Rasa sends it itself
        return False
    return naam in domain.user_actions or naam in domain.form_names


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class StoringPolicy(VoorrangPolicy):
    """Predicts ``utter_storing`` after a custom action that failed, then ``action_listen``."""

    def volgende_actie(self, tracker: DialogueStateTracker, domain: Domain) -> str | None:
        if actie_mislukt(tracker, domain):
            return STORING
        if tracker.latest_action_name == STORING:
            return ACTION_LISTEN_NAME
        return None
