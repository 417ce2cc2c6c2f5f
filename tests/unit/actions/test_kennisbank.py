"""``action_beantwoord_vraag`` with a real kennisbank in a test database (the ``zoeker`` fixture)."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet

import actions.contact as contact_acties
import actions.kennisbank as kennisbank_acties
from actions.bericht import is_boos
from actions.kennisbank import ActionBeantwoordVraag
from bot.kennisbank.antwoorden import vraagt_te_bellen
from bot.kennisbank.naslag import (
    NaslagLezer,
    lees_begrippen_uit_bestand,
    lees_situaties_uit_map,
    sla_begrippen_op,
    sla_situaties_op,
)
from bot.kern.db import transaction
from bot.kern.settings import PROJECT_ROOT, load_settings
from tests.unit.actions.hulp import kaarten, run, tracker

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def uit_de_testdatabase(engine, monkeypatch):
    """The staff directory, the situations and the glossary the action reads are the test
    database's (empty unless a test loads them)."""
    monkeypatch.setattr(contact_acties, "transaction", lambda: transaction(engine))
    monkeypatch.setattr(kennisbank_acties, "NASLAG", NaslagLezer(engine))


@pytest.fixture
def naslag(zoeker, engine, artikelen, tmp_path):
    """The situations and the glossary of the kennisbank in the test database."""
    settings = load_settings()
    with transaction(engine) as session:
        sla_situaties_op(session=session, situaties=lees_situaties_uit_map(settings, artikelen), bron_map=tmp_path,
                         door="test")
        sla_begrippen_op(session=session, begrippen=lees_begrippen_uit_bestand(settings, artikelen),
                         bron=tmp_path / "begrippen.yml", door="test")


def gesprek(tekst: str, intent: str, onderwerp: str | None = None, eerder: tuple[str, ...] = (),
            entities: list | None = None) -> Tracker:
    """A tracker in the middle of a conversation: the bot already said the texts ``eerder``."""
    t = tracker(tekst, intent, onderwerp=onderwerp, entities=entities)
    t.events = [{"event": "bot", "text": tekst_eerder} for tekst_eerder in eerder]
    return t


def teksten(berichten) -> list[str]:
    return [b["text"] for b in berichten if b.get("text")]


def test_a_question_is_answered_with_the_short_answer_and_sets_the_subject(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("ik wil een foodtruck neerzetten bij het station", "ask_question"))
    artikel = zoeker.actueel().artikel("standplaats")
    assert kaarten(berichten) == [{"id": "standplaats", "titel": artikel.titel, "url": artikel.link, "onderdeel": "kort"}]
    assert artikel.kort_antwoord in berichten[0]["text"]
    assert berichten[-1]["response"] == "utter_vraag_geholpen"
    assert events == [SlotSet("onderwerp", "standplaats"), SlotSet("niet_begrepen", 0)]


@pytest.mark.parametrize(
    "intent, veld",
    [("ask_costs", "kosten"), ("ask_duration", "doorlooptijd"), ("ask_how_to_apply", "aanvragen"), ("ask_more", "uitleg")],
)
def test_a_follow_up_is_answered_from_the_current_subject(zoeker, intent, veld):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("en dat dan?", intent, onderwerp="speelautomaten"))
    assert getattr(zoeker.actueel().artikel("speelautomaten"), veld) in berichten[0]["text"]
    verwacht_onderdeel = "meer" if veld == "uitleg" else veld
    assert kaarten(berichten)[0]["onderdeel"] == verwacht_onderdeel


@pytest.mark.parametrize("vervolg", ["welke papieren moet ik aanleveren", "welke stukken moet ik meesturen"])
def test_a_follow_up_asking_for_documents_gets_the_part_on_how_to_apply(zoeker, vervolg):
    """The documents to send are in that part; before, NLU's fallback got "Sorry, dat begreep ik niet goed"."""
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vervolg, "nlu_fallback", onderwerp="bbz"))
    assert zoeker.actueel().artikel("bbz").aanvragen in berichten[0]["text"]
    assert kaarten(berichten)[0]["onderdeel"] == "aanvragen"


def test_a_follow_up_naming_another_subject_switches(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("wat kost de toeristenbelasting per nacht", "ask_costs", onderwerp="reclame"))
    assert kaarten(berichten)[0]["id"] == "toeristenbelasting"
    assert zoeker.actueel().artikel("toeristenbelasting").kosten in berichten[0]["text"]


def test_a_question_with_a_cost_word_gets_the_costs(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("wat kost een plek op de weekmarkt", "ask_question"))
    kaart = kaarten(berichten)[0]
    assert (kaart["id"], kaart["onderdeel"]) == ("weekmarkt", "kosten")


def test_a_button_with_a_subject_answers_that_subject(zoeker):
    entities = [{"entity": "onderwerp", "value": "biz"}]
    berichten, events = run(ActionBeantwoordVraag(), tracker('/ask_question{"onderwerp": "biz"}', "ask_question", entities=entities))
    assert kaarten(berichten)[0]["id"] == "biz"


def test_nothing_fits_gives_no_article(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("hoe laat begint de voetbalwedstrijd vanavond", "ask_question"))
    assert kaarten(berichten) == [] and berichten == []
    # the offer of a person is its own action, so that a "ja" after it means yes to the person
    assert events == [{"event": "followup", "timestamp": None, "name": "utter_geen_antwoord"}]


def test_a_follow_up_without_any_subject_asks_which(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("wat kost dat", "ask_costs"))
    assert berichten[0]["response"] == "utter_welk_onderwerp"


def test_an_edit_in_the_database_is_used_without_restart(zoeker, engine):
    from bot.kennisbank.models import KennisbankArtikel

    with transaction(engine) as session:
        rij = session.get(KennisbankArtikel, "biz")
        rij.inhoud = {**rij.inhoud, "kosten": "Nieuwe tekst over de BIZ-bijdrage."}
        rij.versie += 1
    berichten, _ = run(ActionBeantwoordVraag(), tracker("kosten", "ask_costs", onderwerp="biz"))
    assert "Nieuwe tekst over de BIZ-bijdrage." in berichten[0]["text"]


def test_the_same_answer_is_never_sent_twice_a_follow_up_not_covered_is_said_honestly(zoeker):
    eerste, _ = run(ActionBeantwoordVraag(), tracker("ik wil een terras bij mijn café", "ask_question"))
    antwoord = teksten(eerste)[0]
    berichten, events = run(ActionBeantwoordVraag(), gesprek(
        "ik heb al een terras, mag de buurman daar ook zijn tafels neerzetten?", "ask_question", "terrasvergunning",
        (antwoord,)))
    assert antwoord not in teksten(berichten)
    assert kaarten(berichten) == []
    titel = zoeker.actueel().artikel("terrasvergunning").titel
    assert any(titel in t for t in teksten(berichten)), "the honest answer names the subject"
    assert FollowupAction("utter_persoon_aanbod") in events


def na_kaart(tekst: str, intent: str, onderwerp: str, eerder: str) -> Tracker:
    """A tracker right after the bot answered from an article (its last action) and the entrepreneur typed ``tekst``."""
    t = tracker(tekst, intent, onderwerp=onderwerp)
    t.events = [{"event": "user", "text": "vorige vraag"}, {"event": "action", "name": "action_beantwoord_vraag"},
                {"event": "bot", "text": eerder}, {"event": "action", "name": "action_listen"},
                {"event": "user", "text": tekst}]
    return t


@pytest.mark.parametrize("vervolg", ["wat nu", "en dan?", "moet ik iets doen", "ok, hoe nu verder"])
def test_a_follow_up_that_asks_nothing_in_particular_offers_the_parts_and_a_person(zoeker, vervolg):
    """Right after an answer, "wat nu" is no "dat begreep ik niet" (and no step towards a forced handoff)."""
    eerste, _ = run(ActionBeantwoordVraag(), tracker("brief van de omgevingsdienst over mijn afval", "ask_question"))
    onderwerp = kaarten(eerste)[0]["id"] if kaarten(eerste) else "bedrijfsafval"
    berichten, events = run(ActionBeantwoordVraag(), na_kaart(vervolg, "nlu_fallback", onderwerp, teksten(eerste)[0]))
    titel = zoeker.actueel().artikel(onderwerp).titel
    assert titel in berichten[0]["text"] and SlotSet("niet_begrepen", 0) in events
    assert {"Kosten", "Voorwaarden"} <= {k["title"] for k in berichten[0]["buttons"]}
    assert any(k["payload"] == "/request_human" for k in berichten[0]["buttons"])


def test_a_follow_up_that_asks_nothing_without_an_answer_before_it_is_not_understood(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("wat nu", "nlu_fallback", onderwerp="bedrijfsafval"))
    assert berichten[0]["response"] == "utter_niet_begrepen"


@pytest.mark.parametrize("vraag", ["ik heb een vraag over mijn bedrijf", "hoe zit dat met vergunningen",
                                   "ik weet niet welke vergunning ik nodig heb"])
def test_a_question_that_names_no_plan_asks_what_the_entrepreneur_is_planning(zoeker, vraag):
    """The question behind the question: not a choice of three unrelated subjects, but what they want to do."""
    berichten, events = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"))
    assert kaarten(berichten) == [] and events == [FollowupAction("utter_vertel_plan")]


def test_a_plain_question_with_a_general_word_is_still_answered(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("welke vergunning heb ik nodig voor een terras", "ask_question"))
    assert [k["id"] for k in kaarten(berichten)] == ["terrasvergunning"]


def test_who_ones_own_accountmanager_is_is_found_out_by_the_handoff(zoeker):
    """No choice between the contact and the visit articles: it depends on the business, and passing the question
    on tells the name."""
    berichten, events = run(ActionBeantwoordVraag(), tracker("wie is mijn accountmanager", "ask_question"))
    assert [b.get("response") for b in berichten] == ["utter_wie_accountmanager"]
    assert FollowupAction("utter_persoon_aanbod") in events


@pytest.mark.parametrize("vraag", ["ik heb al een terras, ik wil bezwaar maken tegen de boete",
                                   "ik heb een dwangsom gekregen voor mijn reclamebord wat nu"])
def test_a_fine_or_penalty_order_is_no_question_about_the_permit_a_person_is_offered(zoeker, vraag):
    """Enforcement at one's own business: not the permit's card again, but what the letter means and a person."""
    eerste, _ = run(ActionBeantwoordVraag(), tracker("ik wil een terras bij mijn café", "ask_question"))
    berichten, events = run(ActionBeantwoordVraag(), gesprek(vraag, "ask_question", "terrasvergunning",
                                                             (teksten(eerste)[0],)))
    assert [b.get("response") for b in berichten] == ["utter_handhaving"] and kaarten(berichten) == []
    assert FollowupAction("utter_persoon_aanbod") in events


@pytest.mark.parametrize("eerste_vraag, vervolg, onderwerp", [
    ("ozb aanslag te hoog", "hoe maak ik bezwaar", "ozb-woz"),
    ("b&b en toeristenbelasting", "en op een camping dan", "toeristenbelasting"),
    # only words that name a part ("termijn", "betalen"): before, "Dat staat niet in wat ik weet"
    ("ozb aanslag is binnen, flink bedrag", "kan ik dat ook in termijnen betalen", "ozb-woz"),
    # typed without accents: "hygiene"
    ("nieuwe leidinggevende moet op de drankvergunning", "moet die ook een diploma sociale hygiene hebben",
     "alcoholvergunning"),
])
def test_a_follow_up_answered_in_the_first_answer_gets_that_sentence_pointed_out(zoeker, eerste_vraag, vervolg, onderwerp):
    """Not "that is not in what I know": the sentence that answers it, with the card (the source link)."""
    antwoord = teksten(run(ActionBeantwoordVraag(), tracker(eerste_vraag, "ask_question"))[0])[0]
    berichten, events = run(ActionBeantwoordVraag(), gesprek(vervolg, "ask_question", onderwerp, (antwoord,)))
    [gezegd, *_] = teksten(berichten)
    zin = gezegd.split('"')[1]
    assert zin and zin in antwoord and gezegd != antwoord
    assert [k["id"] for k in kaarten(berichten)] == [onderwerp]
    assert FollowupAction("utter_persoon_aanbod") not in events
    tweede, _ = run(ActionBeantwoordVraag(), gesprek(vervolg, "ask_question", onderwerp, (antwoord, gezegd)))
    assert gezegd not in teksten(tweede), "asked again: another wording"


def test_a_follow_up_in_its_own_words_gets_the_part_not_shown_yet_that_answers_it(zoeker):
    """A chat abbreviation ("max") and words of context ("ik heb 3 busjes") do not make it "not covered"."""
    artikel = zoeker.actueel().artikel("parkeervergunning-bedrijf")
    antwoord = teksten(run(ActionBeantwoordVraag(), tracker(
        "kan ik als ondernemer in het centrum een parkeervergunning krijgen voor mijn bestelbus", "ask_question"))[0])[0]
    berichten, events = run(ActionBeantwoordVraag(), gesprek(
        "hoeveel vergunningen krijg je max per bedrijf, ik heb 3 busjes", "ask_question", artikel.id, (antwoord,)))
    assert [k["id"] for k in kaarten(berichten)] == [artikel.id]
    assert "maximaal 2" in teksten(berichten)[0] and teksten(berichten)[0] != antwoord
    assert FollowupAction("utter_persoon_aanbod") not in events


def test_a_question_two_subjects_fit_is_answered_from_the_one_of_the_conversations_team(zoeker):
    vraag = "trouwens, tot hoe laat mag ik op zaterdag open blijven"
    zonder_gesprek = kaarten(run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"))[0])
    antwoord = teksten(run(ActionBeantwoordVraag(), tracker(
        "hoe geef ik een nieuwe leidinggevende door op mijn drank en horecavergunning", "ask_question"))[0])[0]
    berichten, _ = run(ActionBeantwoordVraag(), gesprek(vraag, "ask_question", "alcoholvergunning", (antwoord,)))
    assert [k["id"] for k in kaarten(berichten)] == ["sluitingstijden"], "after the alcohol licence: horeca"
    assert [k["id"] for k in zonder_gesprek] != ["sluitingstijden"], "on its own the shop hours fit a little better"


def test_a_follow_up_that_names_no_subject_but_leans_on_the_current_one_stays_with_it(zoeker):
    """Not "daar heb ik geen goed antwoord op, het Ondernemersloket ...": its words find no article, yet
    "dat" is the current subject; what the article does not say is said honestly about that subject."""
    antwoord = teksten(run(ActionBeantwoordVraag(), tracker("bbz uitkering zelfstandigen", "ask_question"))[0])[0]
    vervolg = "en kan ik dat krijgen als ik pas een jaar bezig ben"
    berichten, events = run(ActionBeantwoordVraag(), gesprek(vervolg, "ask_question", "bbz", (antwoord,)))
    assert FollowupAction("utter_geen_antwoord") not in events
    assert SlotSet("onderwerp", "bbz") in events
    # without a current subject the same words get the honest "no good answer"
    _, events = run(ActionBeantwoordVraag(), tracker(vervolg, "ask_question"))
    assert events == [FollowupAction("utter_geen_antwoord")]


def test_a_follow_up_about_the_own_case_is_not_answered_with_a_sentence_of_the_article(zoeker):
    antwoord = teksten(run(ActionBeantwoordVraag(), tracker("ozb bedrijfspand hoe zit dat", "ask_question"))[0])[0]
    berichten, events = run(ActionBeantwoordVraag(), gesprek(
        "ik heb in maart bezwaar gemaakt, waarom heb ik nog geen uitspraak", "ask_question", "ozb-woz", (antwoord,)))
    assert kaarten(berichten) == []
    assert FollowupAction("utter_persoon_aanbod") in events


def test_a_second_uncovered_follow_up_is_worded_differently(zoeker):
    antwoord = teksten(run(ActionBeantwoordVraag(), tracker("wat kost reclame aan mijn gevel", "ask_question"))[0])[0]
    eerste, _ = run(ActionBeantwoordVraag(), gesprek("en wat kost dat dan?", "ask_costs", "reclame", (antwoord,)))
    tweede, _ = run(ActionBeantwoordVraag(), gesprek("maar hoeveel dan precies?", "ask_costs", "reclame",
                                                     (antwoord, *teksten(eerste))))
    assert teksten(tweede) and set(teksten(tweede)).isdisjoint({antwoord, *teksten(eerste)})


def test_a_follow_up_asking_a_new_part_answers_only_that_part(zoeker):
    artikel = zoeker.actueel().artikel("terrasvergunning")
    eerste = teksten(run(ActionBeantwoordVraag(), tracker("mag ik een terras", "ask_question"))[0])[0]
    berichten, _ = run(ActionBeantwoordVraag(), gesprek(
        "mag dat en hoe lang duurt het?", "ask_duration", "terrasvergunning", (eerste,)))
    assert artikel.doorlooptijd in teksten(berichten)[0]
    assert artikel.kort_antwoord not in teksten(berichten)[0], "what was shown is not shown again"


def test_two_questions_in_one_message_get_both_parts(zoeker):
    artikel = zoeker.actueel().artikel("terrasvergunning")
    berichten, _ = run(ActionBeantwoordVraag(), tracker(
        "ik wil een terras voor mijn cafe, heb ik een vergunning nodig en hoe lang duurt dat?", "ask_question"))
    kaart = kaarten(berichten)[0]
    assert (kaart["id"], kaart["onderdelen"]) == ("terrasvergunning", ["kort", "doorlooptijd"])
    assert artikel.kort_antwoord in berichten[0]["text"] and artikel.doorlooptijd in berichten[0]["text"]
    assert {k["title"] for k in berichten[0]["buttons"]} == {"Kosten", "Voorwaarden", "Hoe vraag ik het aan?"}


def test_two_subjects_in_one_message_answer_the_first_and_offer_the_second(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker(
        "wat kost een terrasvergunning? en hoe zit het met de toeristenbelasting voor mijn b&b?", "ask_question"))
    eerste = kaarten(berichten)[0]["id"]
    aangeboden = [k["payload"] for b in berichten[1:] for k in b.get("buttons") or []]
    tweede = {"terrasvergunning", "toeristenbelasting"} - {eerste}
    assert eerste in {"terrasvergunning", "toeristenbelasting"}
    assert any(tweede.pop() in p for p in aangeboden), "the other subject is offered with a button"


def test_three_subjects_in_one_message_answer_the_first_and_offer_both_others(zoeker):
    """Only the second was offered; the third was dropped without a word."""
    vraag = ("ik heb een ijssalon. mag ik een terras voor de deur? en mag ik een groot bord aan de gevel hangen? "
             "en hoeveel toeristenbelasting betaal ik voor mijn b&b erboven?")
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"))
    onderwerpen = {"terrasvergunning", "reclame", "toeristenbelasting"}
    eerste = kaarten(berichten)[0]["id"]
    aangeboden = [k["payload"] for b in berichten[1:] for k in b.get("buttons") or []]
    assert eerste in onderwerpen
    assert all(any(ander in p for p in aangeboden) for ander in onderwerpen - {eerste}), aangeboden


def test_a_short_second_question_about_another_subject_is_offered_too(zoeker):
    vraag = "we nemen een cafe over, moet de exploitatievergunning opnieuw? en mag de gokkast blijven staan"
    onderwerpen = {"exploitatievergunning", "speelautomaten"}
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"))
    eerste = kaarten(berichten)[0]["id"]
    aangeboden = [k["payload"] for b in berichten[1:] for k in b.get("buttons") or []]
    assert eerste in onderwerpen
    assert any((onderwerpen - {eerste}).pop() in p for p in aangeboden), "the other subject is offered with a button"


def test_an_answer_that_says_to_phone_is_followed_by_the_offer_to_arrange_it(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("ik wil graag dat de gemeente een keer op bezoek komt bij mijn bedrijf",
                                                             "ask_question"))
    assert kaarten(berichten)[0]["id"] == "bedrijfsbezoek"
    assert FollowupAction("utter_regel_aanbod") in events
    assert vraagt_te_bellen("Bel het ondernemersloket op 14 0123.") and vraagt_te_bellen("of mail naar loket@x.nl")
    assert not vraagt_te_bellen("Facturen per e-mail nemen wij niet aan.")


def test_an_angry_message_is_acknowledged_and_still_answered(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker(
        "dit is echt belachelijk, al weken is de straat voor mijn winkel opengebroken door wegwerkzaamheden!!",
        "ask_question"), DOMAIN)
    assert berichten[0]["response"] == "utter_erkenning"
    assert kaarten(berichten)[0]["id"] == "wegwerkzaamheden"


def test_an_angry_message_without_an_answer_gets_a_person_offered_not_no_answer(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker("ik ben het spuugzat, niemand luistert hier ooit!!",
                                                             "ask_question"), DOMAIN)
    assert [b.get("response") for b in berichten] == ["utter_erkenning"]
    assert events == [FollowupAction("utter_persoon_aanbod")]
    assert is_boos("WAAROM DUURT DIT ZO LANG") and not is_boos("hoe lang duurt een vergunning?")


def test_a_staff_name_with_a_contact_word_is_a_request_for_that_person(zoeker, database, engine, monkeypatch):
    _, events = run(ActionBeantwoordVraag(), tracker("kan ik joost van dijk even spreken over mijn dakkapel", "ask_question"))
    assert events == [FollowupAction("action_regel_contact")]
    berichten, _ = run(ActionBeantwoordVraag(), tracker("ik ben bakker en wil een terras", "ask_question"))
    assert kaarten(berichten), "a surname that is also a word is no request for a person"


def test_the_closing_question_is_left_out_once_every_wording_was_used(zoeker):
    vragen = [v["text"] for v in DOMAIN["responses"]["utter_vraag_geholpen"] if not v.get("condition")]
    berichten, _ = run(ActionBeantwoordVraag(), gesprek("wat zijn de regels voor koopzondagen", "ask_question",
                                                        eerder=tuple(vragen)), DOMAIN)
    assert kaarten(berichten) and all(b.get("response") != "utter_vraag_geholpen" for b in berichten)


def test_a_choice_uses_a_wording_not_said_before(zoeker):
    keuzes = [v["text"] for v in DOMAIN["responses"]["utter_keuze"]]
    berichten, _ = run(ActionBeantwoordVraag(), gesprek("alcohol", "ask_question", eerder=(keuzes[0],)), DOMAIN)
    assert berichten[0]["custom"]["keuzes"] and berichten[0]["text"] == keuzes[1]


def test_a_natural_opening_gets_the_situation_with_its_subjects_as_choices(naslag):
    berichten, _ = run(ActionBeantwoordVraag(), tracker(
        "hoi ik wil een cafeetje beginnen in de binnenstad wat heb ik allemaal nodig", "ask_question"), DOMAIN)
    custom = berichten[0]["custom"]
    assert custom["situatie"]["id"] and len(custom["keuzes"]) >= 2
    assert any(k["payload"].startswith("/request_human") for k in berichten[0]["buttons"]), "one person for all of it"


def test_a_follow_up_right_after_a_situation_is_about_its_main_article(naslag):
    berichten, events = run(ActionBeantwoordVraag(), tracker("ik wil een evenement organiseren in het park",
                                                             "ask_question"), DOMAIN)
    [hoofdartikel] = [e["value"] for e in events if e["name"] == "onderwerp"]
    assert hoofdartikel == berichten[0]["custom"]["keuzes"][0]["id"]
    vervolg, _ = run(ActionBeantwoordVraag(), gesprek("hoeveel kost die vergunning", "ask_costs", onderwerp=hoofdartikel,
                                                      eerder=tuple(teksten(berichten))), DOMAIN)
    assert kaarten(vervolg)[0]["id"] == hoofdartikel and kaarten(vervolg)[0]["onderdeel"] == "kosten"


def test_a_question_for_a_part_stays_with_the_subject_when_no_other_clearly_fits(zoeker):
    """Words that ask for the costs make it a follow-up, even when NLU read a new question."""
    berichten, _ = run(ActionBeantwoordVraag(), tracker("hoeveel moet ik dan betalen voor mijn winkel", "ask_question",
                                                        onderwerp="reclame"), DOMAIN)
    assert kaarten(berichten)[0]["id"] == "reclame" and kaarten(berichten)[0]["onderdeel"] == "kosten"
    berichten, _ = run(ActionBeantwoordVraag(), tracker("en wat kost een alcoholvergunning dan", "ask_costs",
                                                        onderwerp="reclame"), DOMAIN)
    eerste = kaarten(berichten)[0]["id"] if kaarten(berichten) else berichten[0]["custom"]["keuzes"][0]["id"]
    assert eerste == "alcoholvergunning", "a subject named clearly is a new subject (a card, or first of a choice)"


def test_a_question_for_another_organisation_gets_it_named_not_a_card(zoeker):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("hoe doe ik de btw aangifte voor mijn eenmanszaak",
                                                        "ask_question"), DOMAIN)
    assert not kaarten(berichten) and "Belastingdienst" in teksten(berichten)[0]
    berichten, _ = run(ActionBeantwoordVraag(), tracker("moet ik mijn kvk nummer doorgeven bij de aanvraag van een "
                                                        "standplaats", "ask_question"), DOMAIN)
    assert kaarten(berichten)[0]["id"] == "standplaats", "only naming an organisation: the article that fits"


def test_one_clear_question_within_a_situation_gets_its_article_not_the_situation(naslag):
    berichten, _ = run(ActionBeantwoordVraag(), tracker("mag ik een kapsalon aan huis beginnen?", "ask_question"), DOMAIN)
    assert kaarten(berichten)[0]["id"] == "bedrijf-aan-huis"
    berichten, _ = run(ActionBeantwoordVraag(), tracker("ik wil een kapsalon aan huis beginnen, wat moet ik allemaal "
                                                        "regelen?", "ask_question"), DOMAIN)
    assert berichten[0]["custom"]["situatie"]["id"]


@pytest.mark.parametrize("vraag", ["snackbar openen wat heb ik nodig", "festival in t park met bier en dj, wat nodig",
                                   "b&b beginnen in ons huis wat moet ik weten"])
def test_a_plan_with_a_broad_question_gets_the_situation_even_when_one_article_fits_strongly(naslag, vraag):
    """"wat heb ik nodig" after a plan asks for everything it involves, not for the one article the search finds."""
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"), DOMAIN)
    assert berichten[0]["custom"]["situatie"]["id"], vraag
    berichten, _ = run(ActionBeantwoordVraag(), tracker("wat heb ik nodig voor een terras", "ask_question"), DOMAIN)
    assert kaarten(berichten)[0]["id"] == "terrasvergunning", "one subject named: its card"


@pytest.mark.parametrize("vraag, onderwerp", [("foodtruck neerzetten waar", "standplaats"),
                                             ("b&b belasting", "toeristenbelasting")])
def test_a_need_named_without_a_plan_gets_its_article_not_the_situation(naslag, vraag, onderwerp):
    """A foodtruck or a B&B is a situation when one starts it; "where do I put it" asks one thing."""
    assert kennisbank_acties.NASLAG.actueel().herken_situatie(vraag) is not None, "the words name a situation"
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"), DOMAIN)
    assert kaarten(berichten)[0]["id"] == onderwerp
    for plan in ("ik wil een foodtruck beginnen", "ik verhuur het tuinhuis achter mijn huis via airbnb"):
        berichten, _ = run(ActionBeantwoordVraag(), tracker(plan, "ask_question"), DOMAIN)
        assert berichten[0]["custom"]["situatie"]["id"], plan


def test_a_question_answered_by_one_of_the_situations_own_articles_gets_that_article(naslag):
    """The search answers it, though not strongly, with the situation's first article: a card, not a list."""
    vraag = "ik neem het eetcafé van mijn tante over, moet de vergunning dan op mijn naam?"
    situatie = kennisbank_acties.NASLAG.actueel().herken_situatie(vraag)
    assert situatie is not None, "the story is a situation"
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"), DOMAIN)
    assert kaarten(berichten)[0]["id"] in situatie.artikel_ids()
    assert "situatie" not in (berichten[0].get("custom") or {})


def test_no_card_but_a_subject_that_may_be_meant_is_offered_as_a_choice_and_yes_takes_it(zoeker):
    vraag = "stoeltjes"  # the words point at the terrace too weakly for a card, and the meaning only confirms
    berichten, events = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"), DOMAIN)
    keuzes = berichten[0]["custom"]["keuzes"]
    assert not kaarten(berichten) and [k["id"] for k in keuzes][0] == "terrasvergunning"
    assert [e["name"] for e in events if e["event"] == "followup"] == ["action_na_keuze"], "yes and no: the choice's"
    na_ja = gesprek("ja", "affirm")
    na_ja.events = [{"event": "bot", "text": berichten[0]["text"], "data": {"custom": berichten[0]["custom"]}}]
    antwoord, _ = run(ActionBeantwoordVraag(), na_ja, DOMAIN)
    if len(keuzes) == 1:
        assert kaarten(antwoord)[0]["id"] == "terrasvergunning"
    else:
        assert not kaarten(antwoord) and antwoord[0]["response"] == "utter_kies_een_knop"


def test_a_question_about_a_term_is_answered_from_the_glossary(naslag):
    berichten, events = run(ActionBeantwoordVraag(), tracker("wat is gevolgklasse 1?", "ask_question"), DOMAIN)
    assert berichten[0]["custom"]["begrip"]["term"]
    assert berichten[-1]["response"] == "utter_vraag_geholpen"
    # a follow-up ("wanneer heb ik die nodig?") is about the article the term belongs to
    assert SlotSet("onderwerp", "omgevingsvergunning-bouwen") in events


def test_a_situation_already_shown_is_not_shown_again(naslag):
    vraag = "ik wil een cafeetje beginnen in de binnenstad"
    eerste, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"), DOMAIN)
    tweede, _ = run(ActionBeantwoordVraag(), gesprek(vraag, "ask_question", eerder=tuple(teksten(eerste))), DOMAIN)
    assert set(teksten(tweede)).isdisjoint(teksten(eerste))


def test_the_offer_of_a_person_with_care_is_not_repeated_once_every_wording_was_sent(zoeker):
    """Found by the message-cost benchmark: every answer on the Bbz article was followed by the offer, so the
    third follow-up sent its first wording again word for word."""
    vraag = "ik kan mijn rekeningen als zzp'er niet meer betalen, kan ik bbz krijgen"
    aanbod = [variatie["text"] for variatie in DOMAIN["responses"]["utter_zorg_aanbod"]]
    _, events = run(ActionBeantwoordVraag(), gesprek(vraag, "ask_question", eerder=tuple(aanbod[:1])), DOMAIN)
    assert FollowupAction("utter_zorg_aanbod") in events, "another wording is left: offered once more"
    berichten, events = run(ActionBeantwoordVraag(), gesprek(vraag, "ask_question", eerder=tuple(aanbod)), DOMAIN)
    assert kaarten(berichten)[0]["id"] == "bbz"
    assert FollowupAction("utter_zorg_aanbod") not in events


def test_a_moment_proposed_after_the_offer_to_arrange_it_is_a_yes(zoeker):
    """"kan dat volgende week donderdag?" after "Zal ik dat regelen?" (the visit's card): the handoff, with that
    moment in the conversation for the case; not the lead time of a visit."""
    t = tracker("kan dat volgende week donderdag? dan zijn we allemaal binnen", "ask_duration", onderwerp="bedrijfsbezoek")
    t.events = [{"event": "user", "text": "hoe regel ik een bedrijfsbezoek"}, {"event": "action", "name": "action_beantwoord_vraag"},
                {"event": "action", "name": "utter_regel_aanbod"}, {"event": "action", "name": "action_listen"},
                {"event": "user", "text": t.latest_message["text"]}]
    berichten, events = run(ActionBeantwoordVraag(), t)
    assert berichten == [] and events == [FollowupAction("action_start_overdracht")]
    # without that offer just before, it is a question about the subject
    berichten, events = run(ActionBeantwoordVraag(), na_kaart(t.latest_message["text"], "ask_duration", "bedrijfsbezoek",
                                                              "Bedrijfsbezoek aanvragen."))
    assert FollowupAction("action_start_overdracht") not in events and kaarten(berichten)


def na_situatie(tekst: str, onderwerp: str, kaarten_sindsdien: tuple[str, ...]) -> Tracker:
    """A tracker after the café's situation (with its coordinator) and the cards of ``kaarten_sindsdien``."""
    t = tracker(tekst, "request_human", onderwerp=onderwerp)
    situatie = {"situatie": {"id": "horecazaak-beginnen", "titel": "Een café of restaurant beginnen",
                             "coordinator": {"team": "horeca-evenementen", "rol": "accountmanager horeca"}},
                "keuzes": [{"id": "exploitatievergunning", "titel": "Exploitatievergunning horeca"}]}
    t.events = [{"event": "user", "text": "we willen een hostel met een barretje"},
                {"event": "bot", "text": "Voor een café ...", "data": {"custom": situatie}},
                *({"event": "bot", "text": k, "data": {"custom": {"kennisbank": {"id": k}}}} for k in kaarten_sindsdien),
                {"event": "user", "text": tekst}]
    return t


def test_one_person_asked_for_after_a_situation_and_several_subjects_is_its_coordinator(naslag, monkeypatch):
    """A stranger saw the café's list ("Liever alles met één persoon regelen? Dan pakt de accountmanager horeca het
    samen met u op"), asked about fire safety and the tourist tax, then "kan 1 iemand van de gemeente dit met ons
    doorlopen?": the case went to the tax team, the subject of the last card. It goes to the coordinator's team."""
    monkeypatch.setattr(contact_acties, "NASLAG", kennisbank_acties.NASLAG)
    vraag = "dit wordt een hoop. kan 1 iemand van de gemeente dit met ons doorlopen? liefst mailen"
    _, events = run(contact_acties.ActionRegelContact(), na_situatie(vraag, "toeristenbelasting",
                                                                     ("brandveilig-gebruik", "toeristenbelasting")))
    assert SlotSet("coordinatie_onderwerp", "exploitatievergunning") in events
    assert events[-1] == FollowupAction("action_start_overdracht")
    # after the list, one subject outside it: the request is about that subject
    _, events = run(contact_acties.ActionRegelContact(), na_situatie("kan iemand mij bellen", "ozb-woz", ("ozb-woz",)))
    assert not any(e.get("name") == "coordinatie_onderwerp" for e in events if e.get("event") == "slot")


def test_asking_one_person_to_go_through_it_with_us_is_a_request_for_a_person(zoeker):
    berichten, events = run(ActionBeantwoordVraag(), tracker(
        "dit wordt een hoop. kan 1 iemand van de gemeente dit met ons doorlopen? liefst mailen", "ask_question",
        onderwerp="alcoholvergunning"))
    assert events == [FollowupAction("action_regel_contact")]


@pytest.mark.parametrize("vraag", [
    "mijn klant betaalt zijn factuur niet, hoe krijg ik mijn geld",  # the Juridisch Loket, not invoicing the municipality
    "welke cao moet ik volgen voor mijn personeel",  # not the staff parking permit
    "hoe sluit ik een hypotheek af voor een bedrijfspand",  # the bank, not the municipality's premises
    "pensioen opbouwen als zzp'er",  # not starting a business
])
def test_questions_no_article_is_for_get_no_card_of_a_neighbour(zoeker, vraag):
    """Words that overlap with an article whose subject it is not (kennisbank/SCHEMA.md, ``niet_voor``)."""
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"))
    assert kaarten(berichten) == [], [b.get("text") for b in berichten]


def test_a_part_asked_with_its_own_subject_unsure_offers_the_subjects_not_which_subject(zoeker):
    """A first question that asks a part ("hoe kom ik ... in aanmerking") and names its subject in words the search is
    unsure of: the subjects that may be meant, not "Over welk onderwerp gaat uw vraag?" after all it said."""
    berichten, _ = run(ActionBeantwoordVraag(),
                       tracker("hoe kom ik als schilder in aanmerking voor werk van de gemeente", "ask_question"))
    assert not any(b.get("response") == "utter_welk_onderwerp" for b in berichten)
    aangeboden = [k["id"] for b in berichten for k in (b.get("custom") or {}).get("keuzes") or []]
    assert "aanbestedingen" in aangeboden + [k["id"] for k in kaarten(berichten)]


@pytest.mark.parametrize("vraag, onderwerp", [
    ("ik huur een winkelpand. de eigenaar zegt dat ik een deel van de ozb moet betalen, ik dacht dat dat alleen voor "
     "de eigenaar was. nu ligt er ook een aanslag op mijn naam. klopt dat wel?", "ozb-woz"),
    ("geen opdrachten meer en mn spaargeld is op. krijg je als zelfstandige ook steun om je bedrijf draaiende te "
     "houden", "bbz"),
])
def test_a_story_whose_first_sentence_names_another_subject_gets_the_subject_of_the_whole_message(zoeker, vraag,
                                                                                                   onderwerp):
    """The first sentence sets the scene ("ik huur een winkelpand", "geen opdrachten meer"); the message as a whole is
    clearly about the OZB or the Bbz. That card comes first, not the shop space or the municipality's tenders."""
    berichten, _ = run(ActionBeantwoordVraag(), tracker(vraag, "ask_question"))
    assert kaarten(berichten)[0]["id"] == onderwerp


def test_a_wish_and_a_question_about_two_subjects_keep_the_order_asked(zoeker):
    """"ik zoek een winkelpand" is asked too, though it has no question's form: its card first, the Sunday
    opening offered."""
    berichten, _ = run(ActionBeantwoordVraag(), tracker("ik zoek een winkelpand in het centrum, en mag ik daar dan ook "
                                                        "op zondag open?", "ask_question"))
    assert kaarten(berichten)[0]["id"] == "bedrijfsruimte"
