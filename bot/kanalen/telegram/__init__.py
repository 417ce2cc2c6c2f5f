"""The Telegram channel (python-telegram-bot), one job per module; see docs/telegram.md.

- ``config``: the settings, from the environment only (``INGANG_TELEGRAM_*``);
- ``api``: a Bot API client for one piece of work, with the token hidden in the logs;
- ``opmaak``: a bot message as Telegram messages (plain text, inline keyboards, callback data);
- ``invoer``: the webhook for Rasa (``TelegramInput``, credentials.yml);
- ``uitvoer``: replies within a conversation (``TelegramOutput``);
- ``bezorger``: outbox messages for the follow-up worker (``TelegramBezorger``);
- ``cli`` (``python -m bot.kanalen.telegram``): polling for development, setting the webhook.

This package imports nothing on purpose: the worker loads ``bezorger`` without Rasa or Sanic.
"""
