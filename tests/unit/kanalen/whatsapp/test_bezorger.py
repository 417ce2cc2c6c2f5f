"""WhatsApp's outbox deliverer (bot/kanalen/whatsapp/bezorger.py): the 24-hour window, the
template, and failures of the Graph API, against the fake."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest

from bot.kanalen.whatsapp.bezorger import VENSTER, VENSTER_MARGE, WhatsAppBezorger, binnen_venster
from bot.kanalen.whatsapp.config import WhatsAppInstellingen
from bot.uitgaand.jobs import bezorg_wachtende
from bot.uitgaand.service import EERSTE_PAUZE, Bericht, BezorgFout
from tests.unit.kanalen.whatsapp.hulp import GEHEIM, NU, VERIFY, bezorger, plaats, rij, venster_open_op


def test_binnen_venster():
    assert not binnen_venster(None, NU)
    assert binnen_venster(NU - timedelta(hours=1), NU)
    assert binnen_venster(NU - VENSTER + VENSTER_MARGE + timedelta(seconds=1), NU)
    assert not binnen_venster(NU - VENSTER + VENSTER_MARGE, NU)
    assert not binnen_venster(NU - timedelta(hours=25), NU)


def test_binnen_het_venster_een_gewoon_bericht(engine, fake):
    venster_open_op(engine, NU - timedelta(hours=2))
    bericht_id = plaats(engine, custom={"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}})
    telling = bezorg_wachtende(engine=engine, bezorgers={"whatsapp": bezorger(engine, fake)}, nu=NU, werker="w1")
    assert telling == {"afgeleverd": 1, "mislukt": 0}
    [bericht] = fake.berichten
    assert bericht["type"] == "text"
    assert bericht["text"]["body"] == "*Mehmet Yılmaz* (accountmanager horeca):\nIk heb uw vraag bekeken.\nIk bel u morgen."
    assert rij(engine, bericht_id).sjabloon is None


def test_buiten_het_venster_het_sjabloon_en_de_naam_wordt_bewaard(engine, fake):
    venster_open_op(engine, NU - timedelta(hours=30))
    bericht_id = plaats(engine, knoppen=[{"title": "Ja", "payload": "/affirm"}])
    bezorg_wachtende(engine=engine, bezorgers={"whatsapp": bezorger(engine, fake)}, nu=NU, werker="w1")
    [bericht] = fake.berichten
    assert bericht["type"] == "template"
    assert bericht["template"]["name"] == "ingang_bericht" and bericht["template"]["language"] == {"code": "nl"}
    [component] = bericht["template"]["components"]
    assert component["parameters"] == [{"type": "text", "text": "Ik heb uw vraag bekeken. Ik bel u morgen."}]
    opgeslagen = rij(engine, bericht_id)
    assert (opgeslagen.status, opgeslagen.sjabloon) == ("afgeleverd", "ingang_bericht")


def test_nooit_geschreven_betekent_buiten_het_venster(engine, fake):
    bezorger(engine, fake).bezorg(Bericht.van(rij(engine, plaats(engine))))
    assert fake.berichten[0]["type"] == "template"


def test_buiten_het_venster_zonder_sjabloon_definitief_mislukt(engine, fake):
    with pytest.raises(BezorgFout) as fout:
        bezorger(engine, fake, sjabloon=None).bezorg(Bericht.van(rij(engine, plaats(engine))))
    assert fout.value.definitief and fake.berichten == []


def test_na_een_storing_opnieuw_en_dan_afgeleverd(engine, fake):
    venster_open_op(engine, NU)
    bericht_id = plaats(engine)
    fake.faal(keer=1)  # 500
    eerste = bezorg_wachtende(engine=engine, bezorgers={"whatsapp": bezorger(engine, fake)}, nu=NU, werker="w1")
    assert eerste == {"afgeleverd": 0, "mislukt": 1}
    na_storing = rij(engine, bericht_id)
    assert (na_storing.status, na_storing.pogingen) == ("wachtend", 1) and "500" in na_storing.laatste_fout
    later = NU + EERSTE_PAUZE
    tweede = bezorg_wachtende(engine=engine, bezorgers={"whatsapp": bezorger(engine, fake, nu=later)}, nu=later,
                              werker="w1")
    assert tweede == {"afgeleverd": 1, "mislukt": 0}
    assert rij(engine, bericht_id).status == "afgeleverd" and len(fake.berichten) == 1


# 4xx is final except 408, 409 and 429: the rule every outside API shares (is_definitieve_http_fout).
@pytest.mark.parametrize(("status", "definitief"), [(400, True), (401, False), (429, False), (500, False), (503, False),
                                                    (404, True), (408, False), (409, False)])
def test_fouten_van_de_api(engine, fake, status, definitief):
    venster_open_op(engine, NU)
    fake.faal(status=status)
    with pytest.raises(BezorgFout) as fout:
        bezorger(engine, fake).bezorg(Bericht.van(rij(engine, plaats(engine))))
    assert fout.value.definitief is definitief


def test_een_400_maakt_het_bericht_mislukt(engine, fake):
    venster_open_op(engine, NU)
    bericht_id = plaats(engine)
    fake.weiger()
    bezorg_wachtende(engine=engine, bezorgers={"whatsapp": bezorger(engine, fake)}, nu=NU, werker="w1")
    assert rij(engine, bericht_id).status == "mislukt"


def test_netwerkfout_wordt_opnieuw_geprobeerd(engine):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dichte_poort = s.getsockname()[1]
    venster_open_op(engine, NU)
    ergens = WhatsAppInstellingen("t", GEHEIM, VERIFY, "1", api_url=f"http://127.0.0.1:{dichte_poort}/v21.0")
    with pytest.raises(BezorgFout) as fout:
        WhatsAppBezorger(ergens, engine=engine, klok=lambda: NU).bezorg(Bericht.van(rij(engine, plaats(engine))))
    assert not fout.value.definitief


def test_uit_omgeving(monkeypatch):
    for naam in ("TOKEN", "APP_SECRET", "VERIFY_TOKEN", "PHONE_NUMBER_ID", "API_URL", "TEMPLATE"):
        monkeypatch.delenv(f"INGANG_WHATSAPP_{naam}", raising=False)
    assert WhatsAppBezorger.uit_omgeving() is None
    monkeypatch.setenv("INGANG_WHATSAPP_TOKEN", "t")
    monkeypatch.setenv("INGANG_WHATSAPP_PHONE_NUMBER_ID", "42")
    monkeypatch.setenv("INGANG_WHATSAPP_TEMPLATE", "ingang_bericht")
    gevonden = WhatsAppBezorger.uit_omgeving()
    assert gevonden is not None and gevonden.kanaal == "whatsapp"
    assert gevonden.instellingen.berichten_url == "https://graph.facebook.com/v21.0/42/messages"
    assert gevonden.instellingen.sjabloon == "ingang_bericht"
