"""The channels through which entrepreneurs talk to Ingang, each a package or module of its own:
rest, webchat, telegram, whatsapp. Shared among them: the renderer of bot messages for chat
apps (``weergave``), the bridge from the worker's sync code to async clients (``brug``) and the
bookkeeping of handled inbound messages and the 24-hour window (``boekhouding``)."""
