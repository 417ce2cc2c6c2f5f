"""The evaluation harness (benchmarks.heldout): what counts as a right card, a confident wrong
card, a needless choice, a right follow-up and a repeated text, for each kind of question file."""

from __future__ import annotations

from benchmarks.heldout import meet, soort_bestand
from benchmarks.uitkomsten import lees_antwoord


def kaart(artikel_id: str, tekst: str = "Antwoord.", onderdeel: str = "kort") -> dict:
    return {"text": tekst, "custom": {"kennisbank": {"id": artikel_id, "onderdeel": onderdeel}}}


def keuze(*ids: str) -> dict:
    return {"text": "Waar gaat uw vraag over?", "custom": {"keuzes": [{"id": i, "titel": i} for i in ids]}}


def prater(antwoorden: dict[str, list[dict]]):
    def praat(tekst: str, gesprek: str) -> list[dict]:
        return antwoorden.get(tekst, [{"text": "Daar heb ik geen goed antwoord op."}])

    return praat


def test_the_kind_of_file_follows_from_its_content():
    assert soort_bestand({"vragen": [{"vraag": "x", "id": None, "soort": "kort"}]}) == "eerste"
    assert soort_bestand({"vragen": [{"vraag": "x", "instantie": "KVK"}]}) == "buiten"
    assert soort_bestand({"vervolgvragen": []}) == "vervolg"
    assert soort_bestand({"situaties": []}) == "situaties"


def test_a_reply_is_read_from_its_payloads():
    assert lees_antwoord([{"text": "Hallo"}, kaart("terrasvergunning")]).kaart_id == "terrasvergunning"
    assert lees_antwoord([keuze("a", "b")]).keuzes == ("a", "b")
    knop = {"text": "Ook iets over reclame?", "buttons": [{"title": "Reclame", "payload": '/ask_question{"onderwerp": "reclame"}'}]}
    assert lees_antwoord([kaart("terrasvergunning"), knop]).aangeboden == ("reclame",)
    assert lees_antwoord([{"text": "Geen idee"}]).kaart_id is None


def test_first_questions_right_wrong_needless_choice_and_no_answer():
    data = {"vragen": [
        {"vraag": "goed", "id": "terrasvergunning", "soort": "kort"},
        {"vraag": "fout", "id": "terrasvergunning", "soort": "kort"},
        {"vraag": "keuze", "id": "reclame", "soort": "kort"},
        {"vraag": "twee", "id": "terrasvergunning", "soort": "twee", "tweede_id": "reclame"},
        {"vraag": "niets", "id": "reclame", "soort": "kort"},
        {"vraag": "buiten", "id": None, "soort": "buiten"},
        {"vraag": "buiten met kaart", "id": None, "soort": "buiten"},
    ]}
    uitkomst = meet(data, prater({
        "goed": [kaart("terrasvergunning")], "fout": [kaart("reclame")], "keuze": [keuze("reclame", "terrasvergunning")],
        "twee": [kaart("reclame")], "buiten met kaart": [kaart("ozb-woz")],
    }))
    assert uitkomst["goede eerste kaart"] == round(1 / 5, 4)
    assert uitkomst["zeker fout (aantal)"] == 2  # another article, and a card where none fits; not the second part
    assert uitkomst["nodeloze keuze"] == round(1 / 5, 4)
    assert uitkomst["geen antwoord"] == round(1 / 5, 4)
    assert uitkomst["geen onderwerp: geen kaart"] == 0.5


def test_follow_ups_need_the_expected_subject_or_an_honest_reply_and_no_repeated_text():
    data = {"vervolgvragen": [
        {"eerste": "terras", "eerste_id": "terrasvergunning", "vervolg": "wat kost dat", "verwacht_id": "terrasvergunning",
         "gedekt": True, "onderdeel": "kosten"},
        {"eerste": "terras", "eerste_id": "terrasvergunning", "vervolg": "boete", "verwacht_id": None, "gedekt": False,
         "onderdeel": None},
        {"eerste": "terras", "eerste_id": "terrasvergunning", "vervolg": "bibob", "verwacht_id": None, "gedekt": False,
         "onderdeel": None},
    ]}
    uitkomst = meet(data, prater({
        "terras": [kaart("terrasvergunning", "Over terrassen.")],
        "wat kost dat": [kaart("terrasvergunning", "Het kost € 175.", "kosten")],
        "boete": [{"text": "Daar weet ik niets over. Zal ik een medewerker vragen?"}],
        "bibob": [kaart("terrasvergunning", "Over terrassen.")],
    }))
    assert uitkomst["goed"] == round(2 / 3, 4)
    assert uitkomst["goed onderdeel (gedekt)"] == 1.0
    assert uitkomst["geen herhaalde tekst"] == round(2 / 3, 4)


def test_situations_and_questions_for_other_organisations():
    situaties = {"situaties": [{"vraag": "café beginnen", "onderwerpen": ["exploitatievergunning", "alcoholvergunning"]}]}
    antwoord = [{"text": "Voor een café ...", "custom": {"situatie": {"id": "cafe"},
                                                          "keuzes": [{"id": "exploitatievergunning"}, {"id": "terrasvergunning"}]}}]
    uitkomst = meet(situaties, prater({"café beginnen": antwoord}))
    assert uitkomst["als situatie beantwoord"] == 1.0
    assert uitkomst["verwachte artikelen aangeboden (gemiddeld)"] == 0.5
    buiten = {"vragen": [{"vraag": "btw", "instantie": "Belastingdienst"}, {"vraag": "kvk", "instantie": "KVK"}]}
    uitkomst = meet(buiten, prater({"btw": [{"text": "Dat regelt u bij de Belastingdienst."}], "kvk": [kaart("bedrijf-starten")]}))
    assert uitkomst["geen kaart"] == 0.5 and uitkomst["instantie genoemd"] == 0.5
