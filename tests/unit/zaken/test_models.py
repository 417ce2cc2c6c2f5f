"""Statuses and actions: Enums that are their text, guarded by CHECK constraints in the database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.exc import IntegrityError

from bot.zaken.models import BELOFTE_ACTIES, ZAAK_STATUSSEN, BelofteActie, BelofteStatus, ZaakStatus
from tests import factories as maak


def test_a_member_is_its_text_in_comparisons_templates_json_and_dict_lookups():
    assert ZaakStatus.AFGEROND == "afgerond" and "afgerond" in {ZaakStatus.AFGEROND}
    assert str(BelofteActie.TERUGBELLEN) == f"{BelofteActie.TERUGBELLEN}" == "terugbellen"
    assert json.dumps({"status": BelofteStatus.TE_LAAT}) == '{"status": "te_laat"}'
    assert {"mailen": 8}[BelofteActie.MAILEN] == 8
    assert ZaakStatus("in_behandeling") is ZaakStatus.IN_BEHANDELING


def test_the_text_tuples_follow_the_enums():
    assert ZAAK_STATUSSEN == ("toegewezen", "in_behandeling", "afgerond")
    assert BELOFTE_ACTIES == ("terugbellen", "mailen", "bezoek_inplannen", "adviesgesprek")


@pytest.mark.parametrize("status", ["nieuw", "wacht_op_ondernemer", "kwijt"])
def test_the_database_refuses_a_case_status_that_is_never_set(session, status):
    zaak = maak.zaak(session)
    zaak.status = status
    with pytest.raises(IntegrityError):
        session.flush()


def test_every_status_and_action_is_accepted_by_the_database(session):
    zaak = maak.zaak(session)
    for status in ZaakStatus:
        zaak.status = status
        session.flush()
    for actie in BelofteActie:
        for status in BelofteStatus:
            maak.belofte(session, zaak=zaak, actie=actie, status=status)
    session.expire_all()
    assert zaak.status == "afgerond" and len(zaak.beloften) == len(BelofteActie) * len(BelofteStatus)
