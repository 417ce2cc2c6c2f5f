"""De vraag achter de vraag: the probing form, the handoff to a named person, live chat and status.

The form ``vraag_form`` asks only what the conversation has not said yet: the content questions
of this kind of case (config/vragen.yml), consent, then company and contact, and confirmation. Every question carries
``custom.vraag`` with its ``stap`` and ``onderwerp`` (shared/berichten.md).

- ``formulier``: what the form's actions share (its slots, the channel, the clock).
- ``validatie``: ``validate_vraag_form``, the one FormValidationAction of the form;
  ``antwoorden``: what counts as an answer (facts, corrections, a question about the question).
- ``onderwerp``: the case's subject from the entrepreneur's own words.
- ``vragen``: the ``action_ask_<slot>`` actions, with the summary for confirmation.
- ``overdragen``: starting the form, handing the case over, stopping midway.
- ``live_chat``: "nu chatten" with the medewerker who has the case.
- ``status``: the status of the entrepreneur's own cases.

Actions that use the database are ``async`` and run that work in a worker thread
(``asyncio.to_thread``), so a slow query never stalls the action server's event loop.
"""
