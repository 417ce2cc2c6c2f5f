"""The WhatsApp channel (WhatsApp Cloud API), one job per module; see docs/whatsapp.md.

- ``config``: the settings, from the environment only (``INGANG_WHATSAPP_*``);
- ``levering``: the messages in a webhook delivery as Meta sends it;
- ``invoer``: the webhook for Rasa (``WhatsAppInput``, credentials.yml): handshake, signature,
  deduplication, the 24-hour window;
- ``opmaak``: a bot message as Graph API payloads (text, reply buttons, lists, the template);
- ``api``: posting a payload to the Graph API and judging the answer;
- ``uitvoer``: replies within a conversation (``WhatsAppOutput``);
- ``bezorger``: outbox messages for the follow-up worker (``WhatsAppBezorger``): the normal
  message inside the 24-hour window, the approved template outside it;
- ``statussen``: failed delivery statuses fed back to the outbox (131047: again as the template).

This package imports nothing on purpose: the worker loads ``bezorger`` without Rasa or Sanic.
"""
