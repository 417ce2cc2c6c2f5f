"""The WhatsApp webhook (bot/kanalen/whatsapp/invoer.py, levering.py): signature, handshake,
parsing, deduplication and the window, in a real Sanic app with the fake Graph API."""

from __future__ import annotations

import pytest

from bot.kanalen.boekhouding import laatste_inkomend
from bot.kanalen.lengte import INGEKORT
from bot.kanalen.whatsapp import invoer as whatsapp
from bot.kanalen.whatsapp.config import WhatsAppInstellingen
from bot.kanalen.whatsapp.inkomend import registreer
from bot.kanalen.whatsapp.invoer import NIET_TEKST_SJABLOON, WhatsAppInput, handtekening_klopt
from bot.kanalen.whatsapp.levering import Inkomend, inkomende_berichten
from bot.kanalen.whatsapp.uitvoer import WhatsAppOutput
from bot.kern.db import transaction
from bot.kern.identiteit import gesprek_id
from bot.kern.invoer import MAX_TEKENS
from bot.kern.teksten import tekst as sjabloon_tekst
from tests.fakes.whatsapp import onderteken
from tests.unit.kanalen.whatsapp.hulp import (
    GEHEIM,
    NU,
    STATUS,
    URL,
    VERIFY,
    WA_ID,
    Webhook,
    aantal_verwerkt,
    afbeelding,
    keuze,
    levering,
    tekst,
)

NIET_TEKST_ANTWOORD = sjabloon_tekst(NIET_TEKST_SJABLOON)


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
    assert (bericht.text, bericht.sender_id, bericht.input_channel) == ("Mag ik een terras?", gesprek_id("whatsapp", WA_ID), "whatsapp")
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


def test_registreer_eenmaal_per_bericht(engine):
    bericht = Inkomend("wamid.2", WA_ID, "tekst", "hoi", NU)
    assert isinstance(registreer(engine, bericht, NU), int)
    assert registreer(engine, bericht, NU) is None


async def test_een_lang_bericht_wordt_ingekort_voordat_rasa_het_leest(kanaal, engine):
    """Issue 13, attack 3: every channel cuts a message at MAX_TEKENS first and marks it shortened."""
    async with Webhook(kanaal) as webhook:
        await webhook.post(levering(tekst("Mag ik een terras? " * 200)))
    [bericht] = webhook.ontvangen
    assert len(bericht.text) <= MAX_TEKENS and bericht.text.startswith("Mag ik een terras?")
    assert bericht.metadata.get(INGEKORT) is True
