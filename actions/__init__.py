"""Custom actions of Ingang, run by the Rasa action server (``rasa run actions``)."""
