"""The conversation around the answers: questions outside the municipality's scope, unreadable
input, no text twice, staff asked for by name, and an English speaker."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SessionStarted
from rasa.shared.core.events import SlotSet as RasaSlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions import contact
from actions.contact import ActionRegelContact
from actions.engels import ActionEngels, nederlandse_zoekvraag, soort_bericht
from actions.gesprek import ActionBuitenBereik, ActionGeholpen, ActionSlechteInvoer, response_buiten_bereik
from actions.herhaling import eerste_nieuwe, heeft_nieuwe_variatie, variaties, verstuurde_teksten
from bot.componenten.nlg import AfwisselendeNLG, kies_variatie
from bot.kennisbank.instanties import lees_instanties
from bot.kern.settings import PROJECT_ROOT
from tests.unit.actions.hulp import run, tracker
from tests.unit.medewerkers.personen import PERSONEN


@pytest.mark.parametrize(
    "tekst, response",
    [("mijn paspoort is verlopen", "utter_buiten_bereik_burgerzaken"),
     ("vertel een mop", "utter_buiten_bereik")],
)
def test_out_of_scope_points_to_the_right_place(tekst, response):
    assert response_buiten_bereik(tekst) == response
    berichten, _ = run(ActionBuitenBereik(), tracker(tekst, "out_of_scope"))
    assert berichten[0]["response"] == response


@pytest.mark.parametrize(
    "tekst, sleutel",
    [("hoe doe ik mijn btw-aangifte", "belastingdienst"), ("ik wil een uittreksel van de kvk", "kvk"),
     ("mijn werknemer heeft zich ziekgemeld, wat moet ik doen", "uwv")],
)
def test_a_question_for_another_organisation_names_it_with_its_website(tekst, sleutel):
    instantie = lees_instanties()[sleutel]
    berichten, _ = run(ActionBuitenBereik(), tracker(tekst, "out_of_scope"))
    assert instantie.naam in berichten[0]["text"] and instantie.link in berichten[0]["text"]


def test_an_organisation_only_named_is_left_to_the_answer_whether_an_article_fits():
    berichten, events = run(ActionBuitenBereik(), tracker("kvk inschrijven hoe?", "out_of_scope"))
    assert not berichten and events == [FollowupAction("action_beantwoord_vraag")]


def test_the_same_organisation_twice_is_worded_differently():
    eerste, _ = run(ActionBuitenBereik(), tracker("hoe doe ik mijn btw-aangifte", "out_of_scope"))
    t = tracker("en de btw over vorig kwartaal?", "out_of_scope")
    t.events = [{"event": "bot", "text": eerste[0]["text"]}]
    tweede, _ = run(ActionBuitenBereik(), t)
    assert tweede[0]["text"] != eerste[0]["text"] and "Belastingdienst" in tweede[0]["text"]


@pytest.mark.parametrize(
    "soort, response",
    [("leeg", "utter_invoer_leeg"), ("alleen_emoji", "utter_invoer_emoji"), ("alleen_code", "utter_invoer_code"),
     ("onleesbaar", "utter_invoer_onleesbaar")],
)
def test_bad_input_gets_its_own_reply(soort, response):
    entities = [{"entity": "invoer_soort", "value": soort}]
    berichten, _ = run(ActionSlechteInvoer(), tracker("", "bad_input", entities=entities))
    assert berichten[0]["response"] == response


# --- no text twice: the NLG and the actions' helpers ----------------------------------------------


def test_the_nlg_takes_the_first_wording_not_yet_sent_and_else_the_oldest():
    varianten = [{"text": "a"}, {"text": "b"}, {"text": "c"}]
    assert kies_variatie(varianten, [])["text"] == "a"
    assert kies_variatie(varianten, ["a", "x"])["text"] == "b"
    assert kies_variatie(varianten, ["c", "a", "b"])["text"] == "c", "all sent: the one sent longest ago"


def test_the_nlg_varies_a_greeting_and_honours_the_language_slot():
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    nlg = AfwisselendeNLG(domain=domain)
    gesprek = DialogueStateTracker.from_events("t", [], slots=domain.slots)

    def groet() -> str:
        tekst = asyncio.run(nlg.generate("utter_greet", gesprek, "rest"))["text"]
        gesprek.update(BotUttered(tekst))
        return tekst

    eerste, tweede = groet(), groet()
    assert eerste != tweede
    gesprek.update(SessionStarted())
    assert groet() == eerste, "a new session starts with the first wording again"
    gesprek.update(RasaSlotSet("taal", "en"))
    assert groet().startswith("Hello")


@pytest.mark.parametrize("naam", ["Jan de Vries", "Jan 0[1]", "{telefoon}", "0[contactnaam]"])
def test_a_slot_value_is_filled_in_as_it_is_whatever_it_holds(caplog, naam):
    """Found by the fuzz benchmark: Rasa's own interpolation sent "... reach you, {contactnaam}?" and logged
    an error when the value held "0["."""
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    gesprek = DialogueStateTracker.from_events("t", [RasaSlotSet("taal", "en"), RasaSlotSet("contactnaam", naam)],
                                               slots=domain.slots)
    with caplog.at_level(logging.ERROR):
        tekst = asyncio.run(AfwisselendeNLG(domain=domain).generate("utter_ask_contact_nummer", gesprek, "rest"))["text"]
    assert tekst == f"At which phone number or e-mail address can we reach you, {naam}?"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_consent_question_and_first_greeting_link_the_privacy_statement_and_say_the_configured_period(
        monkeypatch):
    monkeypatch.setenv("INGANG_PRIVACY_URL", "https://www.example.nl/privacy-ondernemers")
    monkeypatch.setenv("INGANG_BEWAAR_ZAAKGESPREK_DAGEN", "730")
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    nlg = AfwisselendeNLG(domain=domain)
    gesprek = DialogueStateTracker.from_events("t", [], slots=domain.slots)
    for actie in ("utter_ask_toestemming", "utter_greet", "utter_uitleg_toestemming"):
        tekst = asyncio.run(nlg.generate(actie, gesprek, "rest"))["text"]
        assert "https://www.example.nl/privacy-ondernemers" in tekst and "{" not in tekst, tekst
    vraag = asyncio.run(nlg.generate("utter_ask_toestemming", gesprek, "rest"))["text"]
    assert "2 jaar nadat uw vraag is afgehandeld" in vraag and "Alleen het team dat u helpt" in vraag
    monkeypatch.setenv("INGANG_BEWAAR_ZAAKGESPREK_DAGEN", "365")
    assert "een jaar" in asyncio.run(AfwisselendeNLG(domain=domain).generate("utter_ask_toestemming", gesprek,
                                                                           "rest"))["text"]
    # in English, the period in English too (it said "we delete the conversation een jaar after")
    engels = DialogueStateTracker.from_events("t", [RasaSlotSet("taal", "en")], slots=domain.slots)
    tekst = asyncio.run(AfwisselendeNLG(domain=domain).generate("utter_ask_toestemming", engels, "rest"))["text"]
    assert "the conversation one year after" in tekst and "een jaar" not in tekst, tekst


def test_the_helpers_see_the_texts_of_this_session_only():
    t = tracker("hoi", "greet", slots={"taal": "en"})
    t.events = [{"event": "bot", "text": "oud"}, {"event": "session_started"}, {"event": "bot", "text": "a"},
                {"event": "user", "text": "hoi"}]
    assert verstuurde_teksten(t) == ["a"]
    assert eerste_nieuwe(["a", "b"], ["a"]) == "b" and eerste_nieuwe(["a"], ["a"]) is None
    domain = {"responses": {"utter_x": [{"text": "a"}, {"text": "en-a", "condition": [
        {"type": "slot", "name": "taal", "value": "en"}]}]}}
    assert variaties(domain, "utter_x", t) == ["en-a"]
    assert heeft_nieuwe_variatie(domain, "utter_x", t)
    t.slots["taal"] = None
    assert variaties(domain, "utter_x", t) == ["a"] and not heeft_nieuwe_variatie(domain, "utter_x", t)


# --- staff by name --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bericht, sleutel, woorden",
    [("kan ik Joost van Dijk spreken?", "joost", ["Joost van Dijk", "Joost"]),
     ("kan ik Lotte Bakker spreken?", "sanne", ["Lotte Bakker", "niet", "Sanne de Vries"]),
     ("is Els van Leeuwen er?", None, ["Els van Leeuwen", "werkt hier niet meer"])],
)
def test_the_person_asked_for_is_offered_or_someone_who_can_help(monkeypatch, bericht, sleutel, woorden):
    monkeypatch.setattr(contact, "lees_personen", lambda **_: PERSONEN)
    berichten, events = run(ActionRegelContact(), tracker(bericht, "request_human"))
    assert all(w in berichten[0]["text"] for w in woorden), berichten[0]["text"]
    assert events == [SlotSet("gewenste_medewerker", sleutel), FollowupAction("action_start_overdracht")]


def test_an_english_speaker_is_told_about_the_person_in_english(monkeypatch):
    monkeypatch.setattr(contact, "lees_personen", lambda **_: PERSONEN)
    berichten, _ = run(ActionRegelContact(), tracker("can I speak to Joost van Dijk", "english", slots={"taal": "en"}))
    assert "I will pass your question on to Joost" in berichten[0]["text"]


@pytest.mark.parametrize("bericht", ["kan iemand langskomen?",
                                     # the writer's own name, shared with Sanne de Vries of the municipality
                                     "kan iemand mij bellen, ik ben Jan de Vries",
                                     "goedemiddag, met Jan de Vries. ik wil graag gebeld worden",
                                     "bel mij maar terug. groet, Jan de Vries"])
def test_without_a_name_the_handoff_starts_right_away(monkeypatch, bericht):
    monkeypatch.setattr(contact, "lees_personen", lambda **_: PERSONEN)
    assert not contact.noemt_medewerker(bericht)
    berichten, events = run(ActionRegelContact(), tracker(bericht, "request_human"))
    assert berichten == []
    assert events == [SlotSet("gewenste_medewerker", None), FollowupAction("action_start_overdracht")]


# --- English --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bericht, soort",
    [("can someone call or email me?", "contact"), ("I would like to speak to a person", "contact"),
     ("yes please", "ja"), ("no thanks", "nee"), ("thank you, bye", "afscheid"),
     ("do I need a permit for a terrace?", "vraag"), ("Hello, do you speak English?", "vraag"),
     ("what do you know about me? please delete my data", "privacy"), ("is this chat stored?", "privacy"),
     ("who can I talk to about my plans", "contact")],
)
def test_what_an_english_message_asks(bericht, soort):
    assert soort_bericht(bericht) == soort


def test_an_english_request_for_contact_starts_the_handoff_in_english():
    berichten, events = run(ActionEngels(), tracker("can someone call or email me?", "english"))
    assert berichten == []
    assert events == [SlotSet("taal", "en"), FollowupAction("action_regel_contact")]


def test_an_english_question_gets_the_short_answer_in_english_with_the_link_and_an_offer(zoeker):
    assert "terras" in nederlandse_zoekvraag("Can I put tables on the sidewalk? I need a terrace permit")
    berichten, events = run(ActionEngels(), tracker("Do I need a permit for a terrace at my restaurant?", "english"))
    kaart = berichten[0]["custom"]["kennisbank"]
    artikel = zoeker.actueel().artikel(kaart["id"])
    assert kaart["id"] == "terrasvergunning" and artikel.link in berichten[0]["text"]
    assert artikel.engels_kort and berichten[0]["text"].startswith(artikel.engels_kort) and kaart["taal"] == "en"
    assert berichten[1]["response"] == "utter_english_aanbod"
    assert events == [SlotSet("taal", "en")]


@pytest.mark.parametrize("bericht", ["Hi, I want to open a restaurant in the city centre, what do I need?",
                                     "we are starting a small cafe, which permit do we need",
                                     "do I need a permit for my cafe"])
def test_an_english_speaker_starting_a_restaurant_gets_the_horeca_article(zoeker, bericht):
    berichten, _ = run(ActionEngels(), tracker(bericht, "english"))
    assert berichten[0]["custom"]["kennisbank"]["id"] == "exploitatievergunning"


@pytest.mark.parametrize("bericht", ["Hi, I run a small coffee bar, can I put two tables outside?",
                                     "can we have some chairs and tables on the sidewalk in front of our cafe?"])
def test_an_english_speaker_asking_for_tables_outside_gets_the_terrace(zoeker, bericht):
    """Running a bar already is no question about opening one: the tables outside are the question."""
    berichten, _ = run(ActionEngels(), tracker(bericht, "english"))
    assert berichten[0]["custom"]["kennisbank"]["id"] == "terrasvergunning"


@pytest.mark.parametrize("bericht, onderwerp", [
    ("Am I allowed to open my shop on Sundays?", "winkeltijden"),
    ("I'm starting as a freelancer, what do I need to arrange with the municipality?", "bedrijf-starten"),
    ("My gym needs a new sign on the front of the building. Do I need permission?", "reclame"),
    # beer at a party is the exemption for an event; guest nights are the tourist tax; contracts of the city
    ("We want to sell beer at our neighbourhood party in the park. Do we need permission for that?",
     "alcohol-ontheffing-evenement"),
    ("Can I serve beer in my new bar?", "alcoholvergunning"),
    ("What do I have to pay per guest night for my holiday apartment?", "toeristenbelasting"),
    ("How can my company bid on contracts from the city?", "aanbestedingen"),
    ("Is there a networking event for local entrepreneurs coming up?", "nieuwsbrief-bijeenkomsten"),
    # renting out to tourists is the tourist tax; a kind of business between "starting" and "business"
    ("We rent out two rooms to tourists in summer, what do we owe the city?", "toeristenbelasting"),
    ("I am setting up a small bicycle repair business, what do I need to arrange?", "bedrijf-starten"),
])
def test_an_english_question_in_everyday_words_gets_its_subject(zoeker, bericht, onderwerp):
    """Plural days, "freelancer" for starting a business, and "the building" as the premises, not building work."""
    berichten, _ = run(ActionEngels(), tracker(bericht, "english"))
    assert berichten[0]["custom"]["kennisbank"]["id"] == onderwerp


@pytest.mark.parametrize("bericht, onderwerp", [
    ("Our shop window was smashed again last night, what can the city do to help shopkeepers?", "veilig-ondernemen"),
    ("the street in front of my shop is closed for months and customers cannot reach me, can I get compensation?",
     "wegwerkzaamheden"),
])
def test_an_english_question_no_listed_word_names_is_placed_by_its_meaning(zoeker, bericht, onderwerp):
    """The English words above cannot list every way to say it; the meaning reads English and the Dutch kennisbank."""
    berichten, _ = run(ActionEngels(), tracker(bericht, "english"))
    assert berichten[0]["custom"]["kennisbank"]["id"] == onderwerp


def test_an_english_question_without_a_clear_subject_asks_for_other_words_or_a_person(zoeker):
    """Not the greeting as if nothing was asked."""
    berichten, events = run(ActionEngels(), tracker("where can I find the form for this, is it on the website?", "english"))
    assert [b["response"] for b in berichten] == ["utter_english_onbekend"]
    assert events == [SlotSet("taal", "en")]


@pytest.mark.parametrize("bericht, response", [
    ("How do I file my Dutch income tax return as a freelancer?", "utter_english_belastingdienst"),
    ("do I have to register my company at the chamber of commerce?", "utter_english_kvk"),
])
def test_an_english_question_for_another_organisation_names_it_instead_of_a_card(zoeker, bericht, response):
    berichten, events = run(ActionEngels(), tracker(bericht, "english"))
    assert [b.get("response") for b in berichten] == [response]
    assert events == [SlotSet("taal", "en")]


def test_an_english_follow_up_for_a_part_gets_that_part_of_the_latest_card(zoeker):
    """"How much does it cost?" after an English card: the article's costs in English, and the offer."""
    eerste, _ = run(ActionEngels(), tracker("Do I need a permit for a terrace at my restaurant?", "english"))
    t = tracker("how much does it cost?", "english", slots={"taal": "en"})
    t.events[:0] = [{"event": "bot", "text": eerste[0]["text"], "data": {"custom": eerste[0]["custom"]}}]
    berichten, _ = run(ActionEngels(), t)
    artikel = zoeker.actueel().artikel("terrasvergunning")
    assert artikel.engels_kosten and berichten[0]["text"].startswith(artikel.engels_kosten)
    assert berichten[0]["custom"]["kennisbank"]["onderdeel"] == "kosten" and berichten[0]["custom"]["kennisbank"]["taal"] == "en"
    assert berichten[1]["response"] == "utter_english_aanbod"


def test_an_english_follow_up_without_a_subject_is_about_the_latest_card(zoeker):
    """"Is it the same for a bar?" after an English card: the link to the Dutch article again, said so, and the
    offer of a person; not the introduction as if nothing was asked."""
    eerste, _ = run(ActionEngels(), tracker("Do I need a permit for a terrace at my restaurant?", "english"))
    t = tracker("and is that the same everywhere?", "english", slots={"taal": "en"})
    t.events[:0] = [{"event": "bot", "text": eerste[0]["text"], "data": {"custom": eerste[0]["custom"]}}]
    berichten, events = run(ActionEngels(), t)
    assert [b["response"] for b in berichten] == ["utter_english_vervolg"]
    assert berichten[0]["titel"] == eerste[0]["custom"]["kennisbank"]["titel"]
    assert berichten[0]["url"] == eerste[0]["custom"]["kennisbank"]["url"]
    assert events == [SlotSet("taal", "en")]


def test_an_english_greeting_gets_the_english_introduction(zoeker):
    berichten, events = run(ActionEngels(), tracker("Hello, do you speak English?", "english"))
    assert [b["response"] for b in berichten] == ["utter_english"]
    assert events == [SlotSet("taal", "en")]


# --- arrange instead of redirect ------------------------------------------------------------------


def test_no_fixed_text_ends_by_sending_the_entrepreneur_to_the_phone():
    """A text may give the loket's number, but never as its last word: the bot offers to arrange
    it, or the conversation goes on."""
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    bellen = re.compile(r"\b(bel|belt|bellen|mail naar|mailt|call us|phone us)\b|14 0123", re.IGNORECASE)
    eindigt_met_bellen = []
    for naam, varianten in domain.responses.items():
        for variant in varianten:
            laatste_zin = re.split(r"(?<=[.?!])\s+", (variant.get("text") or "").strip())[-1]
            regelt = any(k.get("payload") == "/request_human" for k in variant.get("buttons") or [])
            if bellen.search(laatste_zin) and not regelt:
                eindigt_met_bellen.append((naam, laatste_zin))
    assert eindigt_met_bellen == []


def test_every_text_that_can_come_twice_has_more_than_one_wording():
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    eenmalig = {"utter_erkenning"}  # three wordings, and said at most once per angry message
    enkel = [naam for naam, varianten in domain.responses.items()
             if len([v for v in varianten if not v.get("condition")]) < 2 and naam not in eenmalig]
    assert enkel == []


def test_a_staff_name_taken_for_out_of_scope_still_reaches_that_person(monkeypatch):
    monkeypatch.setattr(contact, "lees_personen", lambda **_: PERSONEN)
    berichten, events = run(ActionBuitenBereik(), tracker("is joost er vandaag, ik wil hem spreken", "out_of_scope"))
    assert berichten == [] and events == [FollowupAction("action_regel_contact")]


@pytest.mark.parametrize("tekst, persoon", [
    ("ja top, dank je", False),
    ("ja dat mag, regel maar dat iemand belt", True),
    ("ok ja regel maar dat die omgevingsmanager belt. ik ben zo boos", True),
    ("ja, ik wil wel gebeld worden", True),
    # "regel het maar": arrange it, not "glad it helped"
    ("dat zei ik toch, regel het maar", True),
    ("ja regel jij dat dan maar", True),
    ("ja prima, dat regel ik zelf wel", False),
])
def test_a_yes_after_an_answer_that_asks_for_a_person_gets_one(tekst, persoon):
    berichten, events = run(ActionGeholpen(), tracker(tekst, "affirm"))
    if persoon:
        assert (berichten, events) == ([], [FollowupAction("action_regel_contact")])
    else:
        assert ([b["response"] for b in berichten], events) == (["utter_fijn_geholpen"], [])
