"""Attack 5 of issue 13, the rest: a phone number or e-mail address that businesses publish is no proof
of who is typing. A case of another conversation is shown, and this conversation linked to its
entrepreneur, only after a one-time code sent to what is on file (the e-mail address and the case's own
conversation, via the outbox) is typed back. Failed before: the matching detail showed the status and
linked the attacker's conversation for good, and a detail that did not match got another answer."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.kern.db import make_engine
from bot.uitgaand.models import EMAIL
from bot.zaken.models import OndernemerKanaal
from tests.assistent import draag_over_via_rest, verificatiecodes
from tests.e2e.conftest import teksten

EMAIL_OP_DOSSIER = "ans@hethoekje.nl"  # the contact detail of tests.assistent.ANTWOORDEN: published, say


def getoonde_zaken(berichten: list[dict]) -> list[str]:
    return [b["custom"]["zaak"]["nummer"] for b in berichten if "zaak" in (b.get("custom") or {})]


def gekoppeld(assistent, gesprek: str) -> bool:
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        rij = verbinding.execute(select(OndernemerKanaal.id).where(OndernemerKanaal.kanaal_id == gesprek)).first()
    engine.dispose()
    return rij is not None


def codes_gemaild(assistent, aan: str) -> list[str]:
    return verificatiecodes(assistent, EMAIL, aan)


def vraag_status(assistent, nummer: str, detail: str) -> tuple[str, list[dict]]:
    """A new conversation asks the status of ``nummer`` and gives ``detail``; its id and the reply."""
    gesprek = uuid.uuid4().hex
    vraag = assistent.praat(f"wat is de status van {nummer}", gesprek)
    assert not getoonde_zaken(vraag)
    return gesprek, assistent.praat(detail, gesprek)


@pytest.mark.e2e
def test_a_published_contact_detail_shows_nothing_and_links_nothing(assistent):
    eigenaar = draag_over_via_rest(assistent, uuid.uuid4().hex)
    eerder = codes_gemaild(assistent, EMAIL_OP_DOSSIER)
    aanvaller, berichten = vraag_status(assistent, eigenaar["zaak"], EMAIL_OP_DOSSIER)
    assert not getoonde_zaken(berichten) and eigenaar["medewerker"]["naam"] not in teksten(berichten)
    assert not gekoppeld(assistent, aanvaller)
    [code] = codes_gemaild(assistent, EMAIL_OP_DOSSIER)[len(eerder):]  # sent to the address on file, not the chat
    assert code not in teksten(berichten)
    fout = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(3):  # guessing: after three wrong tries the code no longer works
        berichten = assistent.praat(fout, aanvaller)
        assert not getoonde_zaken(berichten) and eigenaar["medewerker"]["naam"] not in teksten(berichten)
    assert not gekoppeld(assistent, aanvaller)
    assert not getoonde_zaken(assistent.praat("hoe staat het met mijn vraag?", aanvaller))


@pytest.mark.e2e
def test_the_answer_to_a_contact_detail_is_the_same_whether_it_matches_or_not(assistent):
    eigenaar = draag_over_via_rest(assistent, uuid.uuid4().hex)
    _, klopt = vraag_status(assistent, eigenaar["zaak"], EMAIL_OP_DOSSIER)
    _, klopt_niet = vraag_status(assistent, eigenaar["zaak"], "iemand@anders.nl")
    _, onbekend = vraag_status(assistent, "ON-2026-99999", EMAIL_OP_DOSSIER)
    assert teksten(klopt) == teksten(klopt_niet) == teksten(onbekend)
    assert "code" in teksten(klopt)


@pytest.mark.e2e
def test_the_code_sent_to_the_address_on_file_shows_the_status_and_links_the_new_conversation(assistent):
    eigenaar = draag_over_via_rest(assistent, uuid.uuid4().hex)
    eerder = codes_gemaild(assistent, EMAIL_OP_DOSSIER)
    nieuw, _ = vraag_status(assistent, eigenaar["zaak"], EMAIL_OP_DOSSIER)
    code = codes_gemaild(assistent, EMAIL_OP_DOSSIER)[len(eerder)]
    berichten = assistent.praat(code, nieuw)
    assert getoonde_zaken(berichten) == [eigenaar["zaak"]] and eigenaar["medewerker"]["naam"] in teksten(berichten)
    assert gekoppeld(assistent, nieuw)
    assert eigenaar["zaak"] in getoonde_zaken(assistent.praat("hoe staat het met mijn vraag?", nieuw))
