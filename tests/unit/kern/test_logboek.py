"""Logs carry no tokens, phone numbers or e-mail addresses, whichever logger writes them."""

from __future__ import annotations

import logging

import pytest

from bot.kern.logboek import installeer_maskering, maskeer


@pytest.mark.parametrize("regel, geheim", [
    ("HTTP Request: POST http://127.0.0.1:5005/conversations/x/tracker/events?token=s3cr3t-Token \"200 OK\"", "s3cr3t-Token"),
    ("GET /webhook?include_events=ALL&token=abc123 200", "abc123"),
    ("headers: {'Authorization': 'Bearer geheim.jwt.waarde'}", "geheim.jwt.waarde"),
    ("bericht aan 31612345678 mislukt (131026)", "31612345678"),
    ("vraag='bel me op 06 12 34 56 78 graag'", "12 34 56 78"),
    ("contact: +31 (0)6-1234-5678", "1234-5678"),
    ("mail naar jan.de.vries+ingang@voorbeeld-bedrijf.nl mislukt", "jan.de.vries+ingang@voorbeeld-bedrijf.nl"),
])
def test_secrets_and_personal_data_are_masked(regel, geheim):
    assert geheim not in maskeer(regel)
    assert "***" in maskeer(regel)


@pytest.mark.parametrize("regel", [
    "zaak ON-2026-00042 toegewezen aan mehmet-yilmaz",
    "herinneringen: 3, escalaties: 0, berichten afgeleverd: 12",
    "kvk 12345678 opgeslagen",  # eight digits: a KvK number is no personal data
    "2026-12-03 08:15:02,123 INFO rasa.core: started",
])
def test_ordinary_log_lines_stay_readable(regel):
    assert maskeer(regel) == regel


def test_every_logger_is_masked_also_in_exceptions(caplog):
    installeer_maskering()
    installeer_maskering()  # twice changes nothing
    log = logging.getLogger("bot.test.logboek")
    with caplog.at_level(logging.INFO):
        log.info("antwoord aan %s via %s", "+31612345678", "http://x/y?token=geheim")
        try:
            raise ValueError("nummer 0612345678 ongeldig")
        except ValueError:
            log.exception("versturen mislukt voor %s", "piet@example.nl")
    tekst = caplog.text
    for geheim in ("612345678", "geheim", "piet@example.nl"):
        assert geheim not in tekst
    assert "ValueError" in tekst
