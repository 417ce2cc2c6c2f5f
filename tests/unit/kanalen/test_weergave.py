"""The renderer the chat apps share (bot/kanalen/weergave.py), and that Telegram and WhatsApp
both use it the same way: staff prefix, "Lees meer", choices (also ``custom.keuzes``), and
splitting by each channel's limit and measure. Also the words of teksten/kanalen/."""

from __future__ import annotations

import pytest

from bot.kanalen import weergave
from bot.kanalen.telegram.opmaak import render
from bot.kanalen.telegram.opmaak import split_text as telegram_splits
from bot.kanalen.whatsapp.opmaak import splits as whatsapp_splits
from bot.kanalen.whatsapp.opmaak import whatsapp_berichten
from bot.kern.teksten import tekst

WA_ID = "31612345678"
KEUZES = [{"id": "terras", "titel": "Terras"}, {"id": "reclame", "titel": "Reclamebord"}]
MEHMET = {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}


# --- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kanaal", "verwacht"), [
    ("telegram", "Mehmet Yılmaz (accountmanager horeca): Ik bel u morgen."),
    ("whatsapp", "*Mehmet Yılmaz* (accountmanager horeca):\nIk bel u morgen."),
])
def test_de_medewerker_staat_voor_de_tekst_in_de_woorden_van_het_kanaal(kanaal, verwacht):
    assert weergave.berichttekst({"text": "Ik bel u morgen.", "custom": {"medewerker": MEHMET}}, kanaal=kanaal) == verwacht


def test_zonder_functie_of_tekst_alleen_de_naam():
    assert weergave.met_medewerker("Hallo", {"naam": "Sanne"}, kanaal="telegram") == "Sanne: Hallo"
    assert weergave.met_medewerker("Hallo", {"naam": "Sanne"}, kanaal="whatsapp") == "*Sanne*:\nHallo"
    assert weergave.met_medewerker("", MEHMET, kanaal="telegram") == "Mehmet Yılmaz (accountmanager horeca):"
    assert weergave.met_medewerker("", MEHMET, kanaal="whatsapp") == "*Mehmet Yılmaz* (accountmanager horeca):"
    assert weergave.met_medewerker("Hallo", {"functie": "x"}, kanaal="telegram") == "Hallo"  # no name: no prefix
    assert weergave.met_medewerker("Hallo", "Sanne", kanaal="telegram") == "Hallo"


def test_lees_meer_eenmaal_en_alleen_met_een_adres():
    url = "https://voorbeeldstad.nl/terras"
    assert weergave.met_lees_meer("Kort.", {"url": url}) == f"Kort.\n\nLees meer: {url}"
    assert weergave.met_lees_meer(f"Zie {url}", {"url": url}) == f"Zie {url}"
    assert weergave.met_lees_meer("", {"url": url}) == f"Lees meer: {url}"
    assert weergave.met_lees_meer("Kort.", {"id": "terras"}) == weergave.met_lees_meer("Kort.", None) == "Kort."


def test_een_afbeelding_komt_onder_de_tekst():
    assert weergave.berichttekst({"text": "Zo ziet het eruit.", "image": "https://x.nl/a.png"},
                                 kanaal="whatsapp") == "Zo ziet het eruit.\n\nhttps://x.nl/a.png"


# --- choices -------------------------------------------------------------------------------------


def test_knoppen_eigen_knoppen_gaan_voor_keuzes():
    assert weergave.knoppen({"buttons": [{"title": "A", "payload": "/a"}], "custom": {"keuzes": KEUZES}}) == [
        {"title": "A", "payload": "/a"}]
    assert weergave.knoppen({"custom": {"keuzes": KEUZES}}) == [
        {"title": "Terras", "payload": '/ask_question{"onderwerp": "terras"}'},
        {"title": "Reclamebord", "payload": '/ask_question{"onderwerp": "reclame"}'},
    ]


def test_knoppen_zonder_titel_tonen_hun_payload_en_lege_vallen_weg():
    knoppen = weergave.knoppen({"buttons": [{"payload": "/affirm"}, {"title": " "}, "onzin", {"title": "Nee"}]})
    assert knoppen == [{"title": "/affirm", "payload": "/affirm"}, {"title": "Nee", "payload": "Nee"}]
    assert weergave.knoppen({"custom": {"keuzes": [{"id": "x"}, {"titel": "Y"}, "z"]}}) == []
    assert weergave.knoppen({"custom": {"keuzes": "terras"}}) == []


def test_whatsapp_toont_custom_keuzes_zoals_telegram():
    """WhatsApp ignored custom.keuzes; it now offers them as Telegram does (the same payloads)."""
    [bericht] = whatsapp_berichten(WA_ID, {"text": "Bedoelt u een van deze?", "custom": {"keuzes": KEUZES}})
    assert bericht["type"] == "interactive" and bericht["interactive"]["type"] == "button"
    assert [k["reply"] for k in bericht["interactive"]["action"]["buttons"]] == [
        {"id": '/ask_question{"onderwerp": "terras"}', "title": "Terras"},
        {"id": '/ask_question{"onderwerp": "reclame"}', "title": "Reclamebord"},
    ]
    [telegram] = render({"text": "Bedoelt u een van deze?", "custom": {"keuzes": KEUZES}})
    telegram_knoppen = [(b.text, b.callback_data) for row in telegram.keyboard.inline_keyboard for b in row]
    whatsapp_knoppen = [(k["reply"]["title"], k["reply"]["id"]) for k in bericht["interactive"]["action"]["buttons"]]
    assert telegram_knoppen == whatsapp_knoppen


def test_whatsapp_veel_keuzes_worden_een_lijst_en_eigen_knoppen_gaan_voor():
    keuzes = [{"id": f"onderwerp-{n}", "titel": f"Onderwerp {n}"} for n in range(5)]
    [lijst] = whatsapp_berichten(WA_ID, {"text": "Waarover?", "custom": {"keuzes": keuzes}})
    rijen = lijst["interactive"]["action"]["sections"][0]["rows"]
    assert lijst["interactive"]["type"] == "list" and [r["title"] for r in rijen] == [k["titel"] for k in keuzes]
    assert rijen[0]["id"] == '/ask_question{"onderwerp": "onderwerp-0"}'
    [eigen] = whatsapp_berichten(WA_ID, {"text": "Kies", "buttons": [{"title": "A", "payload": "/a"}],
                                         "custom": {"keuzes": keuzes}})
    assert [k["reply"] for k in eigen["interactive"]["action"]["buttons"]] == [{"id": "/a", "title": "A"}]


def test_alleen_keuzes_zonder_tekst_krijgen_de_keuzetekst():
    [bericht] = whatsapp_berichten(WA_ID, {"custom": {"keuzes": KEUZES}})
    assert bericht["interactive"]["body"]["text"] == "Maak een keuze:"
    [deel] = render({"custom": {"keuzes": KEUZES}})
    assert deel.text == "Maak een keuze:"


# --- splitting -----------------------------------------------------------------------------------


def test_de_twee_lengtematen():
    assert weergave.utf16_lengte("abc") == weergave.tekens("abc") == 3
    assert weergave.utf16_lengte("🙂") == 2 and weergave.tekens("🙂") == 1
    assert weergave.utf16_lengte("é") == weergave.tekens("é") == 1


def test_splitsen_met_de_maat_van_het_kanaal():
    emoji = "🙂" * 3000  # 3000 characters, 6000 UTF-16 code units
    assert whatsapp_splits(emoji) == [emoji]  # WhatsApp counts characters: it fits
    delen = telegram_splits(emoji)  # Telegram counts UTF-16 code units: two parts
    assert [len(deel) for deel in delen] == [2048, 952] and "".join(delen) == emoji


def test_splitsen_kiest_de_sterkste_grens():
    def splits(tekst: str) -> list[str]:
        return weergave.splits_tekst(tekst, maximum=20, lengte=weergave.tekens)

    assert splits("Een alinea.\n\nNog een zin. En nog een.") == ["Een alinea.", "Nog een zin.", "En nog een."]
    assert splits("Regel een\nregel twee is lang") == ["Regel een", "regel twee is lang"]
    assert splits("Zin een. Zin twee is lang") == ["Zin een.", "Zin twee is lang"]
    assert splits("woorden zonder punt erin") == ["woorden zonder punt", "erin"]
    assert splits("x" * 45) == ["x" * 20, "x" * 20, "x" * 5]
    assert splits("  kort  ") == ["kort"] and splits("   ") == []


def test_splitsen_eindigt_ook_als_een_teken_niet_past():
    assert weergave.splits_tekst("🙂🙂", maximum=1, lengte=weergave.utf16_lengte) == ["🙂", "🙂"]


# --- the words (teksten/kanalen/), unchanged from when they were in the code ----------------------


def test_de_woorden_van_de_kanalen():
    assert tekst("kanalen/telegram/niet_tekst.txt") == (
        "Sorry, ik kan alleen getypte berichten lezen. Foto's, spraakberichten, stickers en "
        "bestanden begrijp ik niet. Wilt u uw vraag in een bericht typen?")
    assert tekst("kanalen/telegram/oude_knop.txt") == "Deze knop werkt niet meer. Wilt u uw vraag opnieuw typen?"
    assert tekst("kanalen/whatsapp/niet_tekst.txt") == (
        "Dank u wel voor uw bericht. Ik kan alleen tekst lezen, geen foto's, spraakberichten, "
        "locaties of bestanden. Wilt u uw vraag in een kort bericht typen?")
    assert tekst("kanalen/whatsapp/lijstknop.txt") == "Bekijk de keuzes"
    assert tekst("kanalen/maak_een_keuze.txt") == weergave.keuzetekst() == "Maak een keuze:"
    assert tekst("kanalen/lees_meer.txt", url="https://x.nl") == "Lees meer: https://x.nl"
