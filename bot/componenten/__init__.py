"""What Rasa loads by name from config.yml and endpoints.yml: NLU components, the takeover
policy, the NLG. Rasa imports this package in every process that runs the model (server,
``rasa test``), so the faster check of action answers and the masking of the logs are installed
here, once."""

from bot.componenten import actieantwoord
from bot.kern.logboek import installeer_maskering

actieantwoord.installeer()
installeer_maskering()
