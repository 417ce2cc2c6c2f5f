"""Recognising input the assistant cannot read as a question."""

from __future__ import annotations

import pytest

from bot.kern.invoer import MAX_TEKENS, InvoerSoort, beoordeel_invoer, is_engels, schoon_tekst


@pytest.mark.parametrize(
    "tekst, soort",
    [
        ("", InvoerSoort.LEEG),
        ("   \n\t ", InvoerSoort.LEEG),
        (None, InvoerSoort.LEEG),
        ("😀🎉👍", InvoerSoort.ALLEEN_EMOJI),
        ("<script>alert('x')</script>", InvoerSoort.ALLEEN_CODE),
        ("\x00\x01\x02\x03\xff\xfe\x1b", InvoerSoort.ONLEESBAAR),
        ("\ufffd\ufffd\ufffd\ufffdab", InvoerSoort.ONLEESBAAR),
        ("x" * 5000, InvoerSoort.ONLEESBAAR),
        ("@#$%^&*{}[]|~", InvoerSoort.ONLEESBAAR),
        ("mag ik een terras?", InvoerSoort.GEWOON),
        ("06-12345678", InvoerSoort.GEWOON),
        ("kvk 12345678", InvoerSoort.GEWOON),
        ("ok", InvoerSoort.GEWOON),
        ("<b>terras</b> vergunning", InvoerSoort.GEWOON),
        ("wat kost een terras? 😀", InvoerSoort.GEWOON),
    ],
)
def test_beoordeel_invoer(tekst, soort):
    assert beoordeel_invoer(tekst) is soort


def test_clean_text_removes_html_scripts_and_control_characters():
    ruw = "<p>Mag ik <b>een terras</b>?</p><script>alert(1)</script>\x00 &amp; reclame"
    assert schoon_tekst(ruw) == "Mag ik een terras ? & reclame"


def test_clean_text_caps_the_length():
    assert len(schoon_tekst("terras " * 2000)) == MAX_TEKENS


@pytest.mark.parametrize(
    "tekst, engels",
    [
        ("Hello, do you speak English?", True),
        ("I want to open a restaurant, what permits do I need?", True),
        ("Ik wil een restaurant openen, welke vergunning heb ik nodig?", False),
        ("hallo", False),
        ("terras", False),
    ],
)
def test_is_engels(tekst, engels):
    assert is_engels(tekst) is engels
