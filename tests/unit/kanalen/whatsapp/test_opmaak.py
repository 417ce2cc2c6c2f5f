"""WhatsApp's rendering (bot/kanalen/whatsapp/opmaak.py): Graph API payloads for bot messages."""

from __future__ import annotations

from bot.kanalen.weergave import keuzetekst
from bot.kanalen.whatsapp.opmaak import splits as splits_tekst
from bot.kanalen.whatsapp.opmaak import whatsapp_berichten
from tests.unit.kanalen.whatsapp.hulp import TERRAS, WA_ID, knoppen

KEUZE_TEKST = keuzetekst()


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
