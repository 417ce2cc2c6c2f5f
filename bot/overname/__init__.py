"""Live takeover of a conversation by a medewerker.

The Rasa policy that keeps the bot silent while the slot ``overgenomen_door`` is set lives in
``bot.componenten.overname_policy`` (config.yml names it; only Rasa imports it). Here:

* ``models``: the ``overname`` row and its states (start, actief, einde, voorbij);
* ``service``: take over, talk, hand back (called by the console), and "nu chatten";
* ``overgangen``: the row from state to state, in the caller's transaction;
* ``protocol``: the order of the steps across the database and Rasa, so the two always agree;
* ``jobs``: the worker's job that finishes stuck takeovers and releases idle ones.
"""

# The tracker slot that holds the name of the medewerker who took over (domain.yml).
OVERNAME_SLOT = "overgenomen_door"

# The tracker slot set when the entrepreneur asked to chat now (action_nu_chatten): the first name
# of the medewerker asked. While it holds, messages go to that medewerker, not to the bot's answers.
WACHT_SLOT = "wacht_op_medewerker"
