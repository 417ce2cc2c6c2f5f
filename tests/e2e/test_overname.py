"""Live takeover through Rasa's HTTP API: the bot is silent while a medewerker has the
conversation, and answers new messages (not the old ones) once it is handed back."""

from __future__ import annotations

import time
import uuid

import pytest

from bot.integraties.rasa_api import RasaApi
from tests.e2e.conftest import teksten

pytestmark = pytest.mark.e2e


def test_bot_is_silent_during_a_takeover_and_answers_again_after_handing_back(assistent):
    api = RasaApi(url=assistent.url, token=assistent.token)
    gesprek = uuid.uuid4().hex
    assert assistent.praat("mag ik een terras bij mijn café?", gesprek), "the bot answers before the takeover"

    api.zet_overname(gesprek, "Sanne de Vries")
    assert assistent.praat("hallo, is daar iemand?", gesprek) == []
    assert assistent.praat("wat kost een terrasvergunning?", gesprek) == []
    api.voeg_medewerkerbericht_toe(gesprek, "Goedemiddag, u chat nu met Sanne.",
                                   {"medewerker": {"naam": "Sanne de Vries", "functie": "accountmanager"}})

    api.zet_overname(gesprek, None)
    antwoord = assistent.praat("hoe lang duurt het aanvragen?", gesprek)
    assert antwoord, "the bot answers again after the handback"
    assert "is daar iemand" not in teksten(antwoord)

    events = api.gebeurtenissen(gesprek)
    medewerker = [e for e in events if e.get("event") == "bot" and "Sanne" in (e.get("text") or "")]
    assert medewerker and medewerker[0]["data"]["custom"]["medewerker"]["naam"] == "Sanne de Vries"
    stiltes = [e for e in events if e.get("event") == "slot" and e.get("name") == "overgenomen_door"]
    assert [e["value"] for e in stiltes] == ["Sanne de Vries", None]


def test_messages_typed_while_waiting_for_a_live_chat_are_for_the_medewerker(assistent):
    """action_nu_chatten sets the wait (tests/unit/actions/test_live_chat.py); here the real policy
    and model: no greeting for "hallo sanne", one acknowledgement, then silence until the takeover."""
    api = RasaApi(url=assistent.url, token=assistent.token)
    gesprek = uuid.uuid4().hex
    assert assistent.praat("mag ik een terras bij mijn café?", gesprek)
    api._voeg_toe(gesprek, [{"event": "slot", "name": "wacht_op_medewerker", "value": "Sanne", "timestamp": time.time()}])

    eerste = assistent.praat("hallo sanne, ben je er?", gesprek)
    assert len(eerste) == 1 and "Sanne" in teksten(eerste) and not eerste[0].get("buttons")
    assert assistent.praat("hallo?? wat kost een terras eigenlijk", gesprek) == []

    api.zet_overname(gesprek, "Sanne de Vries")
    assert assistent.praat("ah daar ben je", gesprek) == []
    api.zet_overname(gesprek, None)
    terug = assistent.praat("wanneer zijn de koopzondagen?", gesprek)
    assert any("kennisbank" in (b.get("custom") or {}) for b in terug), "after the takeover the bot answers again"


def test_the_api_refuses_a_wrong_token(assistent):
    from bot.integraties.rasa_api import RasaApiFout

    with pytest.raises(RasaApiFout):
        RasaApi(url=assistent.url, token="fout").zet_overname(uuid.uuid4().hex, "Iemand")
