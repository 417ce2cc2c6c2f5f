"""Live takeover of a conversation by a medewerker.

``policy``: the Rasa policy that keeps the bot silent while the slot ``overgenomen_door`` is set.
``models`` and ``service``: who has taken over which conversation (one at a time), the
messages to the entrepreneur, and releasing a takeover that was left idle.
"""

from bot.overname.policy import OVERNAME_SLOT, OvernamePolicy, is_overgenomen

__all__ = ["OVERNAME_SLOT", "OvernamePolicy", "is_overgenomen"]
