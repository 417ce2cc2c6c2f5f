"""What the widget gets (bot/kanalen/webchat/uitvoer.py): a handoff, a choice and a staff message
each in one bot_uttered event; the choices once, without the numbered list that repeats them; every
other message as Rasa sends it. The chat apps keep the list."""

from __future__ import annotations

import pytest

from bot.kanalen.telegram.opmaak import render as telegram_render
from bot.kanalen.webchat.uitvoer import WebchatOutput, heel_bericht, zonder_keuzelijst
from bot.kanalen.whatsapp.opmaak import whatsapp_berichten
from bot.kennisbank.naslag import Naslag
from bot.kennisbank.situaties import lees_situaties
from bot.kern.identiteit import gesprek_id
from bot.kern.settings import PROJECT_ROOT

OVERDRACHT = {
    "zaak": "ON-2026-00001", "onderwerp": "terrasvergunning", "actie": "terugbellen",
    "medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca", "telefoon": "06-12345678",
                   "email": "m.yilmaz@voorbeeldstad.nl"},
    "uiterlijk": "2026-12-03T16:30+01:00",
    "belofte": "Mehmet Yılmaz, accountmanager horeca, belt u donderdag 3 december vóór 16.30 uur terug. "
               "Uw zaaknummer is ON-2026-00001.",
}


class Sio:
    """Records what the output emits."""

    def __init__(self) -> None:
        self.verstuurd: list[tuple[str, dict, str]] = []

    async def emit(self, event: str, data: dict | None = None, room: str | None = None, **kwargs) -> None:
        self.verstuurd.append((event, data, room))


@pytest.fixture(scope="module")
def situatieberichten(artikelen, onderwerpen) -> list[dict]:
    """Every situation's real message, as the action hands it to Rasa (text, buttons, custom)."""
    situaties = lees_situaties(PROJECT_ROOT / "kennisbank" / "situaties",
                               artikel_ids=frozenset(a.id for a in artikelen),
                               teams=frozenset(o.team for o in onderwerpen))
    naslag = Naslag.bouw(situaties, [], artikelen)
    berichten = [naslag.situatie_bericht(situatie) for situatie in situaties]
    return [{"text": b.tekst, "buttons": b.knoppen, "custom": b.custom} for b in berichten]


async def test_een_overdracht_gaat_heel_in_een_bericht():
    sio = Sio()
    tekst = "Dank u wel. " + OVERDRACHT["belofte"] + "\n\nU kunt Mehmet Yılmaz ook zelf bereiken."
    await WebchatOutput(sio, "bot_uttered").send_response(gesprek_id("webchat", "sessie-1"), {"text": tekst, "custom": {"overdracht": OVERDRACHT}})
    assert sio.verstuurd == [("bot_uttered", {"text": tekst, "custom": {"overdracht": OVERDRACHT}}, "sessie-1")]


async def test_een_gewoon_bericht_gaat_zoals_rasa_het_stuurt():
    sio = Sio()
    kaart = {"kennisbank": {"id": "terras", "titel": "Terras", "url": "https://x.nl/terras"}}
    await WebchatOutput(sio, "bot_uttered").send_response(
        gesprek_id("webchat", "s"), {"text": "Kort.\n\nMeer informatie: https://x.nl/terras", "buttons": [{"title": "Kosten", "payload": "/k"}],
              "custom": kaart})
    assert [data for _, data, _ in sio.verstuurd] == [
        {"text": "Kort.", "quick_replies": []},
        {"text": "Meer informatie: https://x.nl/terras",
         "quick_replies": [{"content_type": "text", "title": "Kosten", "payload": "/k"}]},
        {"custom": kaart},
    ]
    assert heel_bericht({"text": "Hallo"}) is None
    assert heel_bericht({"custom": {"overdracht": OVERDRACHT}}) is None  # nothing to draw it with


def test_de_keuzes_komen_eenmaal_als_knoppen_zonder_de_lijst_in_de_tekst(situatieberichten):
    assert situatieberichten
    for bericht in situatieberichten:
        heel = heel_bericht(bericht)
        titels = [k["titel"] for k in bericht["custom"]["keuzes"]]
        assert [k["title"] for k in heel["quick_replies"]] == [k["title"] for k in bericht["buttons"]]
        assert not any(titel in heel["text"] for titel in titels), heel["text"]
        weg = set(bericht["text"].splitlines()) - set(heel["text"].splitlines())
        assert len(weg) == len(titels)  # only the list lines went, one per choice
        assert all(k.get("wanneer") and k["wanneer"] in regel
                   for k, regel in zip(bericht["custom"]["keuzes"], sorted(weg, key=bericht["text"].index), strict=True))
        assert heel["custom"] == bericht["custom"]


def test_de_chatapps_houden_de_lijst(situatieberichten):
    bericht = situatieberichten[0]
    regels = [regel for regel in bericht["text"].splitlines() if regel[:1].isdigit()]
    assert regels
    telegram = "\n".join(deel.text for deel in telegram_render(bericht))
    whatsapp = "\n".join(str(b) for b in whatsapp_berichten("31612345678", bericht))
    assert all(regel in telegram and regel in whatsapp for regel in regels)


def test_zonder_keuzelijst_laat_andere_regels_staan():
    tekst = "Dit heeft u nodig:\n1. Terras: als u buiten schenkt.\n2. Reclame\n3. Iets anders: blijft\n\nWaar begint u?"
    assert zonder_keuzelijst(tekst, ["Terras", "Reclame"]) == "Dit heeft u nodig:\n3. Iets anders: blijft\n\nWaar begint u?"
    assert zonder_keuzelijst("Terras: staat niet in een lijst", ["Terras"]) == "Terras: staat niet in een lijst"
    assert zonder_keuzelijst(tekst, []) == tekst


def test_een_keuze_uit_de_zoeker_komt_eenmaal():
    """Buttons and custom.keuzes of one message are one event: the widget shows the buttons only."""
    bericht = {"text": "Welke past het best?",
               "buttons": [{"title": "Terras", "payload": "/a"}, {"title": "Iets anders", "payload": "/deny"}],
               "custom": {"keuzes": [{"id": "terras", "titel": "Terras"}]}}
    heel = heel_bericht(bericht)
    assert heel["text"] == "Welke past het best?"
    assert [k["payload"] for k in heel["quick_replies"]] == ["/a", "/deny"]
