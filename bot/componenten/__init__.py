"""What Rasa loads by name from config.yml and endpoints.yml: NLU components, the takeover
policy, the NLG. Rasa imports this package in every process that runs the model (server,
``rasa test``), so the faster check of action answers is installed here, once."""

from bot.componenten import actieantwoord

actieantwoord.installeer()
