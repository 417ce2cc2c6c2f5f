"""Asked to be e-mailed, not called (bot/overdracht/contactvoorkeur.py): an English speaker asked four times for
e-mail and was promised a call back. And a moment proposed after the offer to arrange something."""

from __future__ import annotations

import pytest

from bot.overdracht.contactvoorkeur import stelt_moment_voor, wil_gemaild_worden
from bot.overdracht.service import kies_actie, lees_regels

REGELS = lees_regels()


@pytest.mark.parametrize("berichten, mail", [
    (["James Whitfield. phone 0687654321 or james@example.nl. email is easier for me"], True),
    (["company is just Bean There Coffee. please email me, not call"], True),
    (["ja klopt. EMAIL please"], True),
    (["liever mailen, overdag kan ik niet bellen"], True),
    (["ik ben Kees, 0612345678, kees@example.nl, niet bellen aub"], True),
    (["liever per mail", "bel me toch maar, dat is sneller"], False),  # the latest wish decides
    (["can someone call me or email me in english?"], False),  # both: no preference
    (["0612345678, kees@example.nl"], False),
    (["ik wil graag gebeld worden"], False),
])
def test_a_wish_for_e_mail_is_read_from_the_messages(berichten, mail):
    assert wil_gemaild_worden(berichten) is mail


def test_with_a_wish_for_e_mail_the_promise_is_an_e_mail():
    assert kies_actie("terrasvergunning", "+31612345678", REGELS, email="a@example.nl", wil_mail=True) == "mailen"
    assert kies_actie("terrasvergunning", "+31612345678", REGELS, email="a@example.nl") == "terugbellen"
    # no address to write to: a call after all
    assert kies_actie("terrasvergunning", "+31612345678", REGELS, email=None, wil_mail=True) == "terugbellen"


@pytest.mark.parametrize("tekst, voorstel", [
    ("kan dat volgende week donderdag? dan zijn we allemaal binnen", True),
    ("morgen na 2 uur is goed", True),
    ("donderdagochtend?", True),
    ("hoe lang duurt het voordat er iemand komt", False),  # asks when
    ("wanneer kan de accountmanager langskomen, volgende week?", False),
    ("wat kost een bezoek", False),
    ("zijn jullie ook op zaterdag open?", False),  # whether a rule holds on a day
    ("kan dat ook op zaterdag?", False),
    ("mag ik op zondag open", False),
    ("liefst donderdagochtend", True),
    ("kan de wethouder volgende week dinsdag om 10 uur langskomen", True),
    ("wij hebben een bakkerij aan de markt en zijn op dinsdag en donderdag open, verder werken we vooral in de "
     "werkplaats achter de winkel en hebben we weinig tijd", False),  # a story, not a proposal
])
def test_a_short_message_that_proposes_a_moment(tekst, voorstel):
    assert stelt_moment_voor(tekst) is voorstel
