"""Live takeover of a conversation by a medewerker.

``policy``: the Rasa policy that keeps the bot silent while the slot ``overgenomen_door`` is set
(config.yml names it as ``bot.componenten.overname_policy.OvernamePolicy``; only Rasa imports it).
``models`` and ``service``: who has taken over which conversation (one at a time), the
messages to the entrepreneur, and releasing a takeover that was left idle.
"""

# The tracker slot that holds the name of the medewerker who took over (domain.yml).
OVERNAME_SLOT = "overgenomen_door"
