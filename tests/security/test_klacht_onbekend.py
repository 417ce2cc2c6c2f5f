"""Attack 5 of issue 13, the rest: a complaint naming a case number tells nothing about whether that number
exists. A number that is not one of this conversation's cases, known or not, gets the same apology and the
same identity check; after a failed check both go on as a complaint without a case. Failed before: an
unknown number got "Ik kan geen lopende zaak van u vinden" and the handoff at once (or, in a conversation
with a case of its own, the complaint was handled on that case), a known one the identity check."""

from __future__ import annotations

import pytest

from actions.klacht import ActionKlacht
from tests.unit.actions.hulp import run
from tests.unit.actions.test_klacht import gesprek, overdragen

ONBEKEND = "<nummer>"


def volgend_nummer(nummer: str) -> str:
    """The number the next case will get: what someone guessing numbers tries first."""
    voorvoegsel, _, volgnummer = nummer.rpartition("-")
    return f"{voorvoegsel}-{int(volgnummer) + 1:05d}"


def zonder_nummer(uitkomst: tuple[list[dict], list], nummer: str) -> tuple[list[dict], list[str]]:
    """Messages and events with the case number asked about left out: all that may differ is what was typed."""
    berichten, events = uitkomst
    return ([{**b, "text": (b.get("text") or "").replace(nummer, ONBEKEND)} for b in berichten],
            [repr(e).replace(nummer, ONBEKEND) for e in events])


def zaken(eigen_zaak: bool) -> tuple[str, str]:
    """A case of the entrepreneur, and the number the next case would get; with ``eigen_zaak`` the
    attacker's conversation has a case of its own too (an unknown number must not fall back to it)."""
    bestaand = overdragen("ik wil een terras", sender_id="eigenaar")["custom"]["overdracht"]["zaak"]
    laatste = overdragen("ik wil een terras", sender_id="aanvaller")["custom"]["overdracht"]["zaak"] if eigen_zaak else bestaand
    return bestaand, volgend_nummer(laatste)


def klacht(nummer: str, afzender: str, **slots) -> tuple[list[dict], list]:
    return run(ActionKlacht(), gesprek(f"klacht over {nummer}: niemand heeft gebeld", sender_id=afzender, slots=slots))


@pytest.mark.parametrize("eigen_zaak", [False, True], ids=["zonder-eigen-zaak", "met-eigen-zaak"])
def test_known_and_unknown_case_numbers_get_the_same_answer(database, eigen_zaak):
    bestaand, onbekend = zaken(eigen_zaak)
    assert zonder_nummer(klacht(bestaand, "aanvaller"), bestaand) == zonder_nummer(klacht(onbekend, "aanvaller"), onbekend)


@pytest.mark.parametrize("eigen_zaak", [False, True], ids=["zonder-eigen-zaak", "met-eigen-zaak"])
def test_after_a_failed_check_known_and_unknown_numbers_go_on_the_same_way(database, eigen_zaak):
    bestaand, onbekend = zaken(eigen_zaak)
    na_bestaand = klacht(bestaand, "aanvaller", klacht_nummer=bestaand)
    na_onbekend = klacht(onbekend, "aanvaller", klacht_nummer=onbekend)
    assert zonder_nummer(na_bestaand, bestaand) == zonder_nummer(na_onbekend, onbekend)
    assert not any("overdracht" in (b.get("custom") or {}) for b in na_bestaand[0])
