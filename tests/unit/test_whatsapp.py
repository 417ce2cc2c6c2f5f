"""The WhatsApp channel (bot/kanalen/whatsapp.py) and its bookkeeping (bot/kanalen/boekhouding.py).

The webhook runs in a real Sanic app called through httpx's ASGI transport, with a stand-in for Rasa that collects the UserMessages; replies and proactive
messages go to the fake Graph API in tests/fakes/whatsapp.py.
"""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.kanalen import whatsapp
from bot.kanalen.boekhouding import (
    KanaalVerwerkt,
    laatste_inkomend,
    markeer_verwerkt,
    ruim_verwerkt_op,
    werk_venster_bij,
)
from bot.kanalen.whatsapp import (
    KEUZE_TEKST,
    NIET_TEKST_ANTWOORD,
    VENSTER,
    VENSTER_MARGE,
    Inkomend,
    WhatsAppBezorger,
    WhatsAppInput,
    WhatsAppInstellingen,
    WhatsAppOutput,
    binnen_venster,
    handtekening_klopt,
    inkomende_berichten,
    onderteken,
    registreer_inkomend,
    splits_tekst,
    whatsapp_berichten,
)
from bot.kern.db import transaction
from bot.uitgaand.bezorgen import bezorg_wachtende
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import EERSTE_PAUZE, Bericht, BezorgFout, plaats_bericht
from tests.fakes.whatsapp import FakeWhatsApp

NU = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
GEHEIM = "app-geheim"
VERIFY = "verifieer-mij"
WA_ID = "31612345678"
URL = "/webhooks/whatsapp/webhook"
TERRAS = "https://voorbeeldstad.nl/terras"


@pytest.fixture
def fake():
    with FakeWhatsApp() as fake:
        yield fake


def instellingen(fake: FakeWhatsApp | None = None, sjabloon: str | None = "ingang_bericht") -> WhatsAppInstellingen:
    return WhatsAppInstellingen(
        token=fake.token if fake else "t", app_secret=GEHEIM, verify_token=VERIFY,
        phone_number_id=fake.phone_number_id if fake else "1", api_url=fake.url if fake else "http://127.0.0.1:9",
        sjabloon=sjabloon,
    )


# --- webhook deliveries as Meta sends them ------------------------------------------------------


def levering(*berichten: dict, statuses: list[dict] | None = None) -> dict:
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1"},
             "contacts": [{"profile": {"name": "Fatima"}, "wa_id": WA_ID}]}
    if berichten:
        value["messages"] = list(berichten)
    if statuses:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}]}


def tekst(body: str, *, id_: str | None = None, van: str = WA_ID) -> dict:
    return {"from": van, "id": id_ or f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(NU.timestamp())),
            "type": "text", "text": {"body": body}}


def keuze(soort: str, payload: str) -> dict:
    return {"from": WA_ID, "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(NU.timestamp())),
            "type": "interactive", "interactive": {"type": soort, soort: {"id": payload, "title": "Kosten"}}}


def afbeelding() -> dict:
    return {"from": WA_ID, "id": f"wamid.{uuid.uuid4().hex}", "timestamp": str(int(NU.timestamp())),
            "type": "image", "image": {"id": "media-1", "mime_type": "image/jpeg"}}


STATUS = {"id": "wamid.uit", "status": "delivered", "timestamp": "1763900000", "recipient_id": WA_ID}


# --- the app -----------------------------------------------------------------------------------


class Webhook:
    """The channel's blueprint in a Sanic app; ``ontvangen`` holds what would have gone to Rasa."""

    def __init__(self, kanaal: WhatsAppInput) -> None:
        self.kanaal = kanaal
        self.ontvangen: list[UserMessage] = []
        self.app = Sanic(f"whatsapp_test_{uuid.uuid4().hex[:8]}")
        # the URL `rasa run` gives it: /webhooks/<name>/...
        self.app.blueprint(kanaal.blueprint(self._naar_rasa), url_prefix="/webhooks/" + kanaal.url_prefix())

    async def _naar_rasa(self, bericht: UserMessage) -> None:
        self.ontvangen.append(bericht)

    async def __aenter__(self) -> Webhook:
        await self.app._startup()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://whatsapp.test")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.client.aclose()

    async def post(self, payload: dict | bytes, *, geheim: str | None = GEHEIM) -> httpx.Response:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if geheim is not None:
            headers["X-Hub-Signature-256"] = onderteken(body, geheim)
        antwoord = await self.client.post(URL, content=body, headers=headers)
        await self.klaar()
        return antwoord

    async def klaar(self) -> None:
        """Wait for the background work of the deliveries so far."""
        while self.kanaal.taken:
            await asyncio.gather(*list(self.kanaal.taken))


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    """Let several apps start in one process (Sanic rewrites some methods at start-up)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


@pytest.fixture
def kanaal(engine, fake) -> WhatsAppInput:
    return WhatsAppInput(instellingen(fake), engine=engine)


def aantal_verwerkt(engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(KanaalVerwerkt)).scalar_one()


# --- signature ---------------------------------------------------------------------------------


def test_handtekening_klopt_alleen_met_de_juiste_hmac():
    body = b'{"object": "whatsapp_business_account"}'
    assert handtekening_klopt(body, onderteken(body, GEHEIM), GEHEIM)
    assert not handtekening_klopt(body, onderteken(body, "ander-geheim"), GEHEIM)
    assert not handtekening_klopt(body + b" ", onderteken(body, GEHEIM), GEHEIM)
    assert not handtekening_klopt(body, None, GEHEIM)
    assert not handtekening_klopt(body, "", GEHEIM)
    assert not handtekening_klopt(body, onderteken(body, GEHEIM).removeprefix("sha256="), GEHEIM)
    assert not handtekening_klopt(body, onderteken(body, ""), "")


def test_handtekening_wordt_in_constante_tijd_vergeleken(monkeypatch):
    vergeleken = []
    echte = whatsapp.hmac.compare_digest

    def spion(a, b):
        vergeleken.append((a, b))
        return echte(a, b)

    monkeypatch.setattr(whatsapp.hmac, "compare_digest", spion)
    body = b"{}"
    assert handtekening_klopt(body, onderteken(body, GEHEIM), GEHEIM)
    assert not handtekening_klopt(body, "sha256=" + "0" * 64, GEHEIM)
    assert len(vergeleken) == 2


# --- the webhook -------------------------------------------------------------------------------


async def test_verificatie_geeft_de_challenge_alleen_met_het_juiste_token(kanaal):
    async with Webhook(kanaal) as webhook:
        goed = await webhook.client.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY,
                                                     "hub.challenge": "1158201444"})
        assert (goed.status_code, goed.text) == (200, "1158201444")
        fout_token = await webhook.client.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": "nee",
                                                           "hub.challenge": "1"})
        fout_modus = await webhook.client.get(URL, params={"hub.mode": "unsubscribe", "hub.verify_token": VERIFY,
                                                           "hub.challenge": "1"})
        leeg = await webhook.client.get(URL)
    assert [fout_token.status_code, fout_modus.status_code, leeg.status_code] == [403, 403, 403]


async def test_een_ondertekend_tekstbericht_gaat_naar_rasa_en_opent_het_venster(kanaal, engine):
    async with Webhook(kanaal) as webhook:
        antwoord = await webhook.post(levering(tekst("Mag ik een terras?")))
    assert antwoord.status_code == 200
    [bericht] = webhook.ontvangen
    assert (bericht.text, bericht.sender_id, bericht.input_channel) == ("Mag ik een terras?", WA_ID, "whatsapp")
    assert isinstance(bericht.output_channel, WhatsAppOutput)
    with transaction(engine) as session:
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id=WA_ID) == NU


@pytest.mark.parametrize("geheim", [None, "verkeerd-geheim"])
async def test_zonder_of_met_verkeerde_handtekening_403_en_niets_verwerkt(kanaal, engine, geheim):
    async with Webhook(kanaal) as webhook:
        antwoord = await webhook.post(levering(tekst("hallo")), geheim=geheim)
    assert antwoord.status_code == 403
    assert webhook.ontvangen == [] and aantal_verwerkt(engine) == 0


async def test_geen_json_geeft_400(kanaal):
    async with Webhook(kanaal) as webhook:
        antwoord = await webhook.post(b"{dit is geen json")
    assert antwoord.status_code == 400 and webhook.ontvangen == []


async def test_knop_en_lijstkeuze_sturen_hun_id_als_payload(kanaal):
    async with Webhook(kanaal) as webhook:
        await webhook.post(levering(keuze("button_reply", '/ask_costs{"artikel": "terras"}')))
        await webhook.post(levering(keuze("list_reply", "/request_human")))
    assert [b.text for b in webhook.ontvangen] == ['/ask_costs{"artikel": "terras"}', "/request_human"]


async def test_opnieuw_bezorgd_bericht_wordt_eenmaal_verwerkt(kanaal, engine):
    bericht = tekst("Mag ik een terras?", id_="wamid.dubbel")
    async with Webhook(kanaal) as webhook:
        eerste = await webhook.post(levering(bericht))
        tweede = await webhook.post(levering(bericht))
    assert (eerste.status_code, tweede.status_code) == (200, 200)
    assert len(webhook.ontvangen) == 1 and aantal_verwerkt(engine) == 1


async def test_statusmeldingen_worden_genegeerd(kanaal, engine, fake):
    async with Webhook(kanaal) as webhook:
        antwoord = await webhook.post(levering(statuses=[STATUS]))
    assert antwoord.status_code == 200
    assert webhook.ontvangen == [] and aantal_verwerkt(engine) == 0 and fake.berichten == []


async def test_een_foto_krijgt_het_verzoek_om_te_typen(kanaal, fake):
    async with Webhook(kanaal) as webhook:
        antwoord = await webhook.post(levering(afbeelding()))
    assert antwoord.status_code == 200 and webhook.ontvangen == []
    [bericht] = fake.berichten
    assert bericht["to"] == WA_ID and bericht["text"]["body"] == NIET_TEKST_ANTWOORD


async def test_niet_ingesteld_geeft_503_en_breekt_niets(engine, caplog):
    kanaal = WhatsAppInput(WhatsAppInstellingen(token="", app_secret="", verify_token="", phone_number_id=""),
                           engine=engine)
    assert kanaal.get_output_channel() is None
    async with Webhook(kanaal) as webhook:
        ontvangen = await webhook.post(levering(tekst("hallo")))
        verificatie = await webhook.client.get(URL, params={"hub.mode": "subscribe", "hub.verify_token": ""})
    assert (ontvangen.status_code, verificatie.status_code) == (503, 503)
    assert "INGANG_WHATSAPP_TOKEN" in caplog.text and webhook.ontvangen == []


def test_inkomende_berichten_slaat_onbruikbare_delen_over():
    levering_ = levering(tekst("een"), {"from": WA_ID, "type": "text"}, {"from": WA_ID, "id": "w1", "type": "reaction"},
                         afbeelding(), statuses=[STATUS])
    levering_["entry"].append("onzin")
    berichten = inkomende_berichten(levering_, nu=NU)
    assert [(b.soort, b.tekst) for b in berichten] == [("tekst", "een"), ("niet_tekst", "")]
    assert inkomende_berichten([1, 2]) == inkomende_berichten({"object": "page", "entry": []}) == []


# --- rendering ---------------------------------------------------------------------------------


def knoppen(*titels: str) -> list[dict]:
    return [{"title": titel, "payload": f"/keuze{{\"n\": {n}}}"} for n, titel in enumerate(titels)]


def test_tekst_als_platte_tekst_zonder_voorbeeld():
    [bericht] = whatsapp_berichten(WA_ID, {"text": "Goedemorgen"})
    assert bericht == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": WA_ID,
                       "type": "text", "text": {"preview_url": False, "body": "Goedemorgen"}}


def test_tot_drie_korte_knoppen_worden_antwoordknoppen():
    [bericht] = whatsapp_berichten(WA_ID, {"text": "Heeft dit uw vraag beantwoord?", "buttons": knoppen("Ja", "Nee")})
    interactief = bericht["interactive"]
    assert interactief["type"] == "button" and interactief["body"]["text"] == "Heeft dit uw vraag beantwoord?"
    assert [k["reply"] for k in interactief["action"]["buttons"]] == [
        {"id": '/keuze{"n": 0}', "title": "Ja"}, {"id": '/keuze{"n": 1}', "title": "Nee"}]


def test_meer_knoppen_of_lange_titels_worden_een_lijst():
    [vier] = whatsapp_berichten(WA_ID, {"text": "Waarover?", "buttons": knoppen("Voorwaarden", "Kosten", "Duur", "Aanvragen")})
    assert vier["interactive"]["type"] == "list"
    assert [r["title"] for r in vier["interactive"]["action"]["sections"][0]["rows"]] == [
        "Voorwaarden", "Kosten", "Duur", "Aanvragen"]
    [lang] = whatsapp_berichten(WA_ID, {"text": "Kies", "buttons": knoppen("Terras", "Een medewerker laten meedenken")})
    rijen = lang["interactive"]["action"]["sections"][0]["rows"]
    assert lang["interactive"]["type"] == "list"
    assert len(rijen[1]["title"]) <= 24 and rijen[1]["description"] == "Een medewerker laten meedenken"
    assert rijen[1]["id"] == '/keuze{"n": 1}'


def test_meer_dan_tien_knoppen_worden_genummerde_tekst():
    [bericht] = whatsapp_berichten(WA_ID, {"text": "Kies een onderwerp", "buttons": knoppen(*[f"Onderwerp {n}" for n in range(1, 12)])})
    assert bericht["type"] == "text"
    assert bericht["text"]["body"].startswith("Kies een onderwerp\n\n1. Onderwerp 1\n2. Onderwerp 2")
    assert "11. Onderwerp 11" in bericht["text"]["body"]


def test_kennisbank_link_en_medewerker():
    [kaart] = whatsapp_berichten(WA_ID, {"text": "U hebt een vergunning nodig.",
                                        "custom": {"kennisbank": {"id": "terras", "url": TERRAS}}})
    assert kaart["text"]["body"] == f"U hebt een vergunning nodig.\n\nLees meer: {TERRAS}"
    [al_met_link] = whatsapp_berichten(WA_ID, {"text": f"Kort.\n\nMeer informatie: {TERRAS}",
                                              "custom": {"kennisbank": {"url": TERRAS}}})
    assert al_met_link["text"]["body"].count(TERRAS) == 1
    [medewerker] = whatsapp_berichten(WA_ID, {"text": "Ik bel u morgen.",
                                             "custom": {"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}}})
    assert medewerker["text"]["body"] == "*Mehmet Yılmaz* (accountmanager horeca):\nIk bel u morgen."


def test_lange_tekst_wordt_gesplitst_op_woordgrenzen():
    woorden = [f"woord{n}" for n in range(2000)]
    delen = splits_tekst(" ".join(woorden))
    assert len(delen) == 5 and all(4000 < len(deel) <= 4096 for deel in delen[:-1])
    assert " ".join(delen).split() == woorden
    assert splits_tekst("a" * 5000) == ["a" * 4096, "a" * 904]
    assert splits_tekst("alinea één\n\n" + "x " * 2100)[0] == "alinea één"


def test_lange_tekst_met_knoppen_eerst_de_tekst_dan_de_keuze():
    berichten = whatsapp_berichten(WA_ID, {"text": "lang " * 300, "buttons": knoppen("Ja", "Nee")})
    assert [b["type"] for b in berichten] == ["text", "interactive"]
    assert berichten[1]["interactive"]["body"]["text"] == KEUZE_TEKST


# --- bookkeeping and the window ----------------------------------------------------------------


def test_dubbele_extern_id_geeft_integrity_error(engine):
    with transaction(engine) as session:
        markeer_verwerkt(session=session, kanaal="whatsapp", extern_id="wamid.1", moment=NU)
        markeer_verwerkt(session=session, kanaal="telegram", extern_id="wamid.1", moment=NU)  # another channel
    with pytest.raises(IntegrityError), transaction(engine) as session:
        markeer_verwerkt(session=session, kanaal="whatsapp", extern_id="wamid.1", moment=NU)
    with transaction(engine) as session:
        assert ruim_verwerkt_op(session=session, voor=NU + timedelta(seconds=1)) == 2


def test_registreer_inkomend_eenmaal_per_bericht(engine):
    bericht = Inkomend("wamid.2", WA_ID, "tekst", "hoi", NU)
    assert registreer_inkomend(engine, bericht) is True
    assert registreer_inkomend(engine, bericht) is False


def test_venster_schuift_alleen_vooruit(engine):
    with transaction(engine) as session:
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=NU)
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=NU - timedelta(hours=3))
    with transaction(engine) as session:
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id=WA_ID) == NU
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=NU + timedelta(hours=1))
    with transaction(engine) as session:
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id=WA_ID) == NU + timedelta(hours=1)
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id="ander") is None


def test_binnen_venster():
    assert not binnen_venster(None, NU)
    assert binnen_venster(NU - timedelta(hours=1), NU)
    assert binnen_venster(NU - VENSTER + VENSTER_MARGE + timedelta(seconds=1), NU)
    assert not binnen_venster(NU - VENSTER + VENSTER_MARGE, NU)
    assert not binnen_venster(NU - timedelta(hours=25), NU)


# --- the deliverer -----------------------------------------------------------------------------


def plaats(engine, sleutel: str = "medewerker:1", **extra) -> int:
    with transaction(engine) as session:
        return plaats_bericht(session=session, sleutel=sleutel, kanaal="whatsapp", ontvanger=WA_ID,
                              tekst=extra.pop("tekst", "Ik heb uw vraag bekeken.\nIk bel u morgen."),
                              soort="medewerker", moment=NU, **extra).id


def rij(engine, bericht_id: int) -> UitgaandBericht:
    with transaction(engine) as session:
        return session.get(UitgaandBericht, bericht_id)


def venster_open_op(engine, moment: datetime) -> None:
    with transaction(engine) as session:
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=moment)


def bezorger(engine, fake, *, nu: datetime = NU, sjabloon: str | None = "ingang_bericht") -> WhatsAppBezorger:
    return WhatsAppBezorger(instellingen(fake, sjabloon=sjabloon), engine=engine, klok=lambda: nu)


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


@pytest.mark.parametrize(("status", "definitief"), [(400, True), (401, True), (429, False), (500, False), (503, False)])
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


async def test_antwoord_in_gesprek_wordt_na_een_storing_herhaald(fake, monkeypatch):
    monkeypatch.setattr(WhatsAppOutput, "PAUZE", 0.01)
    fake.faal(keer=1)
    await WhatsAppOutput(instellingen(fake)).send_response(WA_ID, {"text": "Hallo", "buttons": knoppen("Ja", "Nee")})
    [bericht] = fake.berichten
    assert bericht["interactive"]["type"] == "button"
    assert fake.aanroepen[0].status == 500 and fake.aanroepen[1].autorisatie == f"Bearer {fake.token}"
