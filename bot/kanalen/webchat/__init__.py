"""The web chat channel: Rasa's socket.io channel with two faults of Rasa 3.6 mended, and the
outbox messages pushed to the connected sessions. One job per module:

- ``invoer``: the socket.io server and its events (``WebchatInput``, credentials.yml);
- ``uitvoer``: replies (``WebchatOutput``);
- ``bezorger``: the push loop for outbox messages (``WebchatBezorging``);
- ``presentie``: which sessions are connected to some replica, in Redis (``SessiePresentie``).

The two mended faults of Rasa 3.6:

- Rasa's ``send_custom_json`` passes the custom payload as keyword arguments to
  ``AsyncServer.emit`` and fails; here the payload is sent as ``{"custom": {...}}``, the same
  shape the REST channel uses (see shared/berichten.md).
- With current python-socketio, ``enter_room`` is a coroutine that Rasa never awaits, so a
  persistent session never joined its room and received no answers; here it is awaited.

A staff message (``custom.medewerker``), a handoff (``custom.overdracht``) and a choice
(``custom.keuzes``) are each emitted as one ``bot_uttered`` with their text (Rasa would send the
custom part separately; ``uitvoer.heel_bericht``), so the widget can show the name above the text,
the handoff card instead of the text, and the choices once. The widget renders the staff name, the
kennisbank card, the handoff card and the choices itself (web/src/messages.js), so the chat apps'
renderer (bot/kanalen/weergave.py) does not apply here.

Several replicas (INGANG_REDIS_URL set, see docs/widget.md): socket.io uses python-socketio's
``AsyncRedisManager``, so an emit on any replica reaches a client connected to another.
"""
