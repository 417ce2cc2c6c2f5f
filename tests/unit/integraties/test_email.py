"""E-mail to staff (bot/integraties/email.py) against a real local SMTP server, and the local mail
sink (bot/integraties/mailsink.py)."""

from __future__ import annotations

import email
import email.policy
import logging
from datetime import datetime, timezone

import pytest

from bot.integraties import mailsink
from bot.integraties.email import EmailBezorger, Mailer
from bot.uitgaand.models import EMAIL
from bot.uitgaand.service import Bericht, BezorgFout
from tests.assistent import vrije_poort
from tests.fakes.smtp import FakeSmtp


@pytest.fixture
def smtp():
    with FakeSmtp() as server:
        yield server


def email_bericht(**custom) -> Bericht:
    return Bericht(id=1, kanaal=EMAIL, ontvanger="s.devries@voorbeeldstad.nl", tekst="Beste Sanne de Vries,\n",
                   knoppen=[], custom=custom or None, soort="escalatie",
                   aangemaakt_op=datetime(2026, 11, 23, tzinfo=timezone.utc))


def test_the_mailer_reads_its_server_from_the_environment(monkeypatch):
    for naam in ("INGANG_SMTP_HOST", "INGANG_SMTP_PORT", "INGANG_SMTP_AFZENDER"):
        monkeypatch.delenv(naam, raising=False)
    assert Mailer.uit_omgeving() == Mailer("localhost", 8025, "ingang@voorbeeldstad.nl")
    assert EmailBezorger.uit_omgeving() == EmailBezorger(Mailer("localhost", 8025, "ingang@voorbeeldstad.nl"))
    monkeypatch.setenv("INGANG_SMTP_HOST", "smtp.voorbeeldstad.nl")
    monkeypatch.setenv("INGANG_SMTP_PORT", "2525")
    monkeypatch.setenv("INGANG_SMTP_AFZENDER", "loket@voorbeeldstad.nl")
    assert Mailer.uit_omgeving() == Mailer("smtp.voorbeeldstad.nl", 2525, "loket@voorbeeldstad.nl")


def test_the_mailer_sends_plain_dutch_text(smtp):
    smtp.mailer().verstuur(aan="m.yilmaz@voorbeeldstad.nl", onderwerp="Zaak ON-2026-00001",
                           tekst="Beste Mehmet Yılmaz, één vraag.")
    [(ontvangers, bericht)] = smtp.berichten
    assert ontvangers == ["m.yilmaz@voorbeeldstad.nl"] and bericht["From"] == "ingang@voorbeeldstad.nl"
    assert bericht.get_content_type() == "text/plain"
    assert bericht.get_content().strip() == "Beste Mehmet Yılmaz, één vraag."


def test_the_deliverer_sends_an_outbox_email_with_its_subject_and_copies(smtp):
    bezorger = EmailBezorger(smtp.mailer())
    assert bezorger.kanaal == EMAIL
    bezorger.bezorg(email_bericht(onderwerp="Termijn verstreken: zaak ON-2026-00001", cc=["m.yilmaz@voorbeeldstad.nl"]))
    [(ontvangers, bericht)] = smtp.berichten
    assert sorted(ontvangers) == ["m.yilmaz@voorbeeldstad.nl", "s.devries@voorbeeldstad.nl"]
    assert bericht["To"] == "s.devries@voorbeeldstad.nl" and bericht["Cc"] == "m.yilmaz@voorbeeldstad.nl"
    assert bericht["Subject"] == "Termijn verstreken: zaak ON-2026-00001"
    assert bericht.get_content().replace("\r\n", "\n") == "Beste Sanne de Vries,\n"  # SMTP sends CRLF


def test_every_attempt_at_one_outbox_email_carries_the_same_message_id_and_another_email_another(smtp):
    """A worker killed between the SMTP server's yes and the outbox's record leaves the e-mail to be sent
    again: the copy must be recognisable as the same message (tests/productie/test_topologie.py)."""
    bezorger = EmailBezorger(smtp.mailer())
    bezorger.bezorg(email_bericht(onderwerp="Herinnering"))
    bezorger.bezorg(email_bericht(onderwerp="Herinnering"))
    bezorger.bezorg(Bericht(id=2, kanaal=EMAIL, ontvanger="s.devries@voorbeeldstad.nl", tekst="x", knoppen=[],
                            custom={"onderwerp": "Herinnering"}, soort="escalatie",
                            aangemaakt_op=datetime(2026, 11, 23, tzinfo=timezone.utc)))
    eerste, opnieuw, ander = (bericht["Message-ID"] for _, bericht in smtp.berichten)
    assert eerste == opnieuw != ander
    assert eerste.startswith("<") and eerste.endswith("@voorbeeldstad.nl>")
    assert "devries" not in eerste


def test_the_deliverer_reports_an_smtp_failure_as_worth_a_retry(smtp):
    smtp.stop()
    with pytest.raises(BezorgFout) as fout:
        EmailBezorger(smtp.mailer()).bezorg(email_bericht(onderwerp="x", cc=[]))
    assert not fout.value.definitief


# --- the local mail sink -----------------------------------------------------------------------


def test_the_mail_sink_keeps_each_message_as_an_eml_file(tmp_path, caplog):
    map_, poort = tmp_path / "mail", vrije_poort()
    sink = mailsink.start(host="127.0.0.1", poort=poort, map_=map_)
    try:
        with caplog.at_level(logging.INFO, logger="bot.integraties.mailsink"):
            Mailer("127.0.0.1", poort, "ingang@voorbeeldstad.nl").verstuur(
                aan="m.yilmaz@voorbeeldstad.nl", onderwerp="Herinnering: zaak ON-2026-00001", tekst="Beste Mehmet,",
                cc=["s.devries@voorbeeldstad.nl"])
    finally:
        sink.stop()
    [bestand] = list(map_.iterdir())
    assert bestand.suffix == ".eml"
    bericht = email.message_from_bytes(bestand.read_bytes(), policy=email.policy.default)
    assert bericht["Subject"] == "Herinnering: zaak ON-2026-00001" and bericht.get_content().strip() == "Beste Mehmet,"
    assert bericht["X-Envelope-To"] == "m.yilmaz@voorbeeldstad.nl, s.devries@voorbeeldstad.nl"
    [regel] = [r.getMessage() for r in caplog.records if r.name == "bot.integraties.mailsink"]
    # which file and which case; the address itself is masked in a running process (bot/kern/logboek.py)
    assert "ON-2026-00001" in regel and bestand.name in regel


def test_the_mail_sink_listens_where_the_worker_sends(monkeypatch, tmp_path):
    monkeypatch.setenv("INGANG_DATA_DIR", str(tmp_path))
    assert mailsink.standaard_map() == tmp_path / "mail"
