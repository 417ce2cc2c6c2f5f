"""Rasa input channels of Ingang."""
