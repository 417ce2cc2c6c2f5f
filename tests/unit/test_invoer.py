"""Recognising input the assistant cannot read as a question."""

from __future__ import annotations

import pytest

from bot.kern.invoer import (
    MAX_TEKENS,
    MAX_WOORDLENGTE,
    InvoerSoort,
    beoordeel_invoer,
    is_engels,
    is_vraagzin,
    opent_met_vraagwoord,
    schoon_tekst,
)


@pytest.mark.parametrize(
    "tekst, soort",
    [
        ("", InvoerSoort.LEEG),
        ("   \n\t ", InvoerSoort.LEEG),
        (None, InvoerSoort.LEEG),
        ("😀🎉👍", InvoerSoort.ALLEEN_EMOJI),
        ("<script>alert('x')</script>", InvoerSoort.ALLEEN_CODE),
        ("\x00\x01\x02\x03\xff\xfe\x1b", InvoerSoort.ONLEESBAAR),
        ("\ufffd\ufffd\ufffd\ufffdab", InvoerSoort.ONLEESBAAR),
        ("x" * 5000, InvoerSoort.ONLEESBAAR),
        ("@#$%^&*{}[]|~", InvoerSoort.ONLEESBAAR),
        ("mag ik een terras?", InvoerSoort.GEWOON),
        ("06-12345678", InvoerSoort.GEWOON),
        ("kvk 12345678", InvoerSoort.GEWOON),
        ("ok", InvoerSoort.GEWOON),
        ("<b>terras</b> vergunning", InvoerSoort.GEWOON),
        ("wat kost een terras? 😀", InvoerSoort.GEWOON),
    ],
)
def test_beoordeel_invoer(tekst, soort):
    assert beoordeel_invoer(tekst) is soort


def test_clean_text_removes_html_scripts_and_control_characters():
    ruw = "<p>Mag ik <b>een terras</b>?</p><script>alert(1)</script>\x00 &amp; reclame"
    assert schoon_tekst(ruw) == "Mag ik een terras ? & reclame"


def test_clean_text_caps_the_length():
    assert len(schoon_tekst("terras " * 2000)) == MAX_TEKENS


def test_clean_text_cuts_a_run_without_spaces_into_words_and_keeps_addresses_whole():
    """spaCy's tokenizer is quadratic in a word of prefix or suffix characters ("😀" * 2000 took 0.5 s)."""
    for eenheid in ("😀", "<", "\ufffd", "x"):
        woorden = schoon_tekst(eenheid * 2000).split()
        assert max(len(w) for w in woorden) <= MAX_WOORDLENGTE
        assert "".join(woorden) == eenheid * 2000
    gewoon = "mail naar administratie@installatiebedrijfjanssenengroothuis.nl of kijk op https://www.voorbeeldstad.nl/ondernemen/vergunningen/terras"
    assert schoon_tekst(gewoon) == gewoon


@pytest.mark.parametrize(
    "tekst, engels",
    [
        ("Hello, do you speak English?", True),
        ("I want to open a restaurant, what permits do I need?", True),
        ("Ik wil een restaurant openen, welke vergunning heb ik nodig?", False),
        ("hallo", False),
        ("terras", False),
        # short phone-style English names few of the usual words
        ("flower stall on saturday market", True),
        ("tourist tax bill way too high", True),
        ("sent my invoice 3 weeks ago, still not paid", True),
        # Dutch with an English word or two stays Dutch
        ("mag ik een food truck op de markt zetten op zaterdag?", False),
        ("ik heb een shop aan huis, moet ik dat melden bij de city?", False),
    ],
)
def test_is_engels(tekst, engels):
    assert is_engels(tekst) is engels


@pytest.mark.parametrize(
    "tekst, vraag",
    [
        ("moet ik daar een diploma voor hebben of zo", True),
        ("en hoe lang duurt dat dan", True),
        ("is er ook een subsidie voor", True),
        ("ja dat klopt helemaal", False),
        ("nee dank u wel", False),
        ("mag iedereen dat", True),
        ("kan dat online", True),
        ("is goed", False),  # too short to be a question rather than a yes
        ("is goed hoor", False),
        ("ben ik blij mee", True),  # shaped as a question: DIET's sure thanks stands (ZEKER_KORT_ANTWOORD)
        ("is prima, ga je gang", False),
        ("mag van mij hoor", False),
        ("wat mij betreft wel", False),
        ("hallo is daar iemand?", False),
        ("bedankt voor de hulp!", False),
        ("ja ok, en moet ik daar ook iets voor betalen", True),  # a yes and an acknowledgement before the question
        ("nee dank u, maar is er ook een subsidie voor", True),
        ("ja klopt, kan het snel?", False),  # "klopt" confirms: at the summary a yes
    ],
)
def test_is_vraagzin(tekst, vraag):
    assert is_vraagzin(tekst) is vraag


@pytest.mark.parametrize(
    "tekst, vraag",
    [
        ("tot hoe hard mag het dan", True),
        ("wat moet ik daarvoor neerleggen", True),
        ("vanaf hoeveel mensen geldt dat", True),
        ("en wanneer hoor ik iets", True),
        ("hoe lang", True),
        ("waarom niet", True),
        ("hoe snel weet ik of het mag", True),
        ("hoe erg is het als ik te laat ben", True),
        ("wat snel geregeld, dank u", False),
        ("wat fijn, dank u wel", False),
        ("wat een goede service", False),
        ("hoe dan ook bedankt", False),
        ("wat mij betreft is het goed", False),
        ("waarschijnlijk wel", False),
        ("tot ziens", False),
        ("wat", False),
    ],
)
def test_opent_met_vraagwoord(tekst, vraag):
    assert opent_met_vraagwoord(tekst) is vraag


def test_a_question_never_counts_as_a_yes_no_or_thanks():
    from rasa.shared.nlu.training_data.message import Message

    from bot.componenten.nlu import RAW_TEXT, VRAAG_INTENTS, InvoerClassifier

    def geclassificeerd(tekst: str, ranking: list[tuple[str, float]]) -> dict:
        bericht = Message(data={"text": tekst, RAW_TEXT: tekst, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                                "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})
        InvoerClassifier().process([bericht])
        return bericht.get("intent")

    ranking = [("affirm", 0.43), ("ask_conditions", 0.15), ("ask_costs", 0.09)]
    assert geclassificeerd("moet ik daar een diploma voor hebben of zo", ranking)["name"] == "ask_conditions"
    assert geclassificeerd("ja hoor dat klopt", ranking)["name"] == "affirm"
    assert geclassificeerd("ben ik niet mee eens", [("deny", 0.97), ("ask_question", 0.01)])["name"] == "deny"
    assert geclassificeerd("kan ik dan ook iemand spreken", [("deny", 0.5), ("greet", 0.2)])["name"] == "ask_question"
    # a question word first: a question, however sure DIET is of the goodbye or the no
    assert geclassificeerd("tot hoe hard mag het dan", [("goodbye", 0.95), ("ask_conditions", 0.01)])["name"] == "ask_conditions"
    assert geclassificeerd("wat moet ik daarvoor neerleggen", [("deny", 0.92), ("ask_costs", 0.03)])["name"] == "ask_costs"
    assert geclassificeerd("wat fijn, dank u wel", [("thank", 0.95), ("ask_question", 0.01)])["name"] == "thank"
    # a long question about hiring "iemand" asks for no contact; a request for a call does
    verhaal = ("Ik heb een groentezaak en wil graag iemand met een beperking een kans geven. Ik kan alleen niet het "
               "volle loon betalen zolang hij nog niet alles kan. Wat zijn de mogelijkheden?")
    assert geclassificeerd(verhaal, [("request_human", 0.99), ("ask_question", 0.01)])["name"] == "ask_question"
    bellen = "ik kom er echt niet uit met al die regels voor mijn verbouwing, kan iemand van jullie mij daarover bellen?"
    assert geclassificeerd(bellen, [("request_human", 0.99), ("ask_question", 0.01)])["name"] == "request_human"
    # a question mark after an acknowledgement or a no: the question
    assert geclassificeerd("ok. en dat afval dan?", [("thank", 0.95), ("ask_question", 0.01)])["name"] == "ask_question"
    assert geclassificeerd("nee. haal ik 1 maart of niet?", [("deny", 0.97), ("ask_question", 0.01)])["name"] == "ask_question"
    assert geclassificeerd("ok?", [("affirm", 0.97), ("ask_question", 0.01)])["name"] == "affirm"
    # "nee OP de weekmarkt bedoel ik": the subject said again, before "bedoel ik"
    assert geclassificeerd("nee OP de weekmarkt bedoel ik, een vaste plek", [("deny", 0.9), ("ask_question", 0.05)])[
        "name"] == "ask_question"
    # a no that ends in thanks is a thanks; a no with a question after it stays that question
    assert geclassificeerd("nee hoeft niet ik bel zelf wel. bedankt", [("deny", 0.9)])["name"] == "thank"
    assert geclassificeerd("nee dank je. moet ik het ergens melden?", [("deny", 0.9), ("ask_question", 0.05)])["name"] \
        == "ask_question"
    # a yes and then a new question joined by "en": the question
    assert geclassificeerd("ja. en nummer 2 van dat lijstje, dat startgesprek?", [("affirm", 0.99), (
        "ask_question", 0.005)])["name"] == "ask_question"
    assert geclassificeerd("ja en dat klopt ook", [("affirm", 0.97), ("ask_question", 0.01)])["name"] == "affirm"
    # a status question needs a word of status or waiting: "mijn zaak" is also the business
    assert geclassificeerd("wie haalt het vuil van mijn zaak op?", [("ask_status", 0.93), ("request_human", 0.04),
                                                                    ("ask_question", 0.02)])["name"] == "ask_question"
    for status in ("hoe staat het met mijn zaak", "wie heeft mijn zaak nu eigenlijk", "is mijn zaak al klaar of niet",
                   "ik wacht nu al drie dagen hoor", "en mijn zaak?"):
        assert geclassificeerd(status, [("ask_status", 0.9), ("ask_question", 0.05)])["name"] == "ask_status", status
    # a complaint needs a word of complaint: a question about who may be the manager behind the bar is none
    assert geclassificeerd("wie mag er achter de bar staan als leidinggevende", [("klacht", 0.71), (
        "ask_conditions", 0.1), ("ask_question", 0.1)])["name"] == "ask_conditions"
    for klacht in ("wie is de leidinggevende van Mehmet? die wil ik spreken", "waarom heeft er nog niemand gebeld?",
                   "ik ben heel ontevreden over hoe dit gaat"):
        assert geclassificeerd(klacht, [("klacht", 0.9), ("ask_question", 0.05)])["name"] == "klacht", klacht
    # a goodbye needs a farewell in words: "later" in "later dicht" is none
    assert geclassificeerd("zaterdag later dicht", [("goodbye", 0.98), ("ask_question", 0.01)])["name"] == "ask_question"
    assert geclassificeerd("Ik wil in het weekend later dicht dan 1 uur", [("goodbye", 0.9)])["name"] == "ask_question"
    for afscheid in ("ik sluit het gesprek af", "fijne avond nog", "tot de volgende keer", "later", "houdoe"):
        assert geclassificeerd(afscheid, [("goodbye", 0.9), ("ask_question", 0.01)])["name"] == "goodbye", afscheid
    # a later sentence that opens with a question word: a question
    later = [("goodbye", 0.8), ("ask_how_to_apply", 0.18)]
    assert geclassificeerd("en als ik 1 keer tot 4 uur door wil voor een themaavond, hoe vraag ik dat aan",
                           later)["name"] == "ask_how_to_apply"
    assert geclassificeerd("dank u, wat fijn", [("thank", 0.95), ("ask_question", 0.01)])["name"] == "thank"
    assert geclassificeerd("oke top, tot ziens", [("goodbye", 0.95), ("ask_question", 0.01)])["name"] == "goodbye"
    # a question after the yes or no is not lost
    assert geclassificeerd("nee dank u. moet ik het ergens melden?", [("deny", 0.97), ("ask_question", 0.02)])["name"] \
        == "ask_question"
    assert geclassificeerd("ja. hoe vraag ik hem aan", [("affirm", 0.96), ("ask_how_to_apply", 0.02)])["name"] == \
        "ask_how_to_apply"
    assert geclassificeerd("nee ik wil gebeld worden", [("deny", 0.9), ("request_human", 0.05)])["name"] == "deny"
    for tekst in ["nee hoeft niet. moet ik dat ergens melden of zo?", "nee andere vraag. kan ik bezwaar maken online?",
                  "ja of nee, heb ik nou een vergunning nodig met een podium van 20m2?"]:
        assert geclassificeerd(tekst, [("deny", 1.0), ("ask_question", 0.0)])["name"] == "ask_question", tekst
    assert geclassificeerd("nee, mijn nummer is 0612345678", [("deny", 0.99), ("ask_question", 0.0)])["name"] == "deny"
    # an acknowledgement first, the question after it ("ok maar waar dan", "top dank je. moet ik ...?")
    for tekst, ranking in [("ok maar wáár zijn die plekken dan", [("affirm", 0.97), ("ask_costs", 0.01)]),
                           ("top dank je. moet ik die andere vergunningen dan ook nog zelf aanvragen?",
                            [("thank", 0.88), ("ask_how_to_apply", 0.11)]),
                           ("ja maar waar moet ik dat dan aanvragen", [("affirm", 0.9), ("ask_how_to_apply", 0.05)])]:
        assert geclassificeerd(tekst, ranking)["name"] in VRAAG_INTENTS, tekst
    assert geclassificeerd("oké top, dank je", [("thank", 0.9), ("ask_question", 0.01)])["name"] == "thank"
    assert geclassificeerd("ja klopt, kan het snel?", [("affirm", 0.9), ("ask_question", 0.05)])["name"] == "affirm"
    # after the no, what the entrepreneur wants instead is their question
    assert geclassificeerd("nee. ik wil mijn kvk inschrijving wijzigen", [("deny", 0.98), ("out_of_scope", 0.02)])["name"] \
        == "ask_question"
    assert geclassificeerd("nee, ik wil gebeld worden", [("deny", 0.9), ("request_human", 0.05)])["name"] == "deny"
    assert geclassificeerd("nee ik vroeg of ik die gemeentebelasting in termijnen kan betalen",
                           [("deny", 0.9), ("ask_question", 0.05)])["name"] == "ask_question"
    # a yes in so many words, whatever the "niet" later made DIET think
    assert geclassificeerd("ja graag en VANDAAG nog, niet over een week", [("deny", 0.71), ("affirm", 0.28)])["name"] \
        == "affirm"
    assert geclassificeerd("ja, maar liever niet vandaag", [("deny", 0.6), ("affirm", 0.3)])["name"] == "affirm"
    assert geclassificeerd("ja nee hoeft niet", [("deny", 0.9), ("affirm", 0.1)])["name"] == "deny"
    # a yes that asks for a person is a request for a person, also where no offer was made
    assert geclassificeerd("dit is echt belachelijk. ja doe maar een medewerker",
                           [("affirm", 1.0), ("request_human", 0.0)])["name"] == "request_human"
    # what the municipality keeps of the entrepreneur: their privacy, however DIET reads it
    for tekst in ["hallo wat weten jullie allemaal van mij?", "ik wil dat jullie mijn gegevens verwijderen",
                  "privacy, AVG, verwijderen van mijn data. hoe doe ik dat", "bewaren jullie dit gesprek?",
                  "wordt dit gesprek opgeslagen en hoe lang?",
                  "oke bedankt. wil je nu alles wat ik hier gezegd heb verwijderen?",
                  "kun jij het niet gewoon nu meteen wissen?", "wis dit gesprek"]:
        assert geclassificeerd(tekst, [("greet", 0.6), ("ask_question", 0.3)])["name"] == "ask_privacy", tekst
    # the entrepreneur's own duties under the AVG are a question for the kennisbank (it refers on)
    assert geclassificeerd("hoe lang mag ik camerabeelden van mijn winkel bewaren",
                           [("ask_question", 0.9)])["name"] == "ask_question"
    # a question mark without a goodbye or thanks in it is a question, however sure DIET is of the goodbye
    assert geclassificeerd("kroeg vrijdag later dicht?", [("goodbye", 0.97), ("ask_question", 0.03)])["name"] == \
        "ask_question"
    assert geclassificeerd("oke bedankt, fijne dag?", [("goodbye", 0.9), ("ask_question", 0.03)])["name"] == "goodbye"
    assert geclassificeerd("ja?", [("affirm", 0.9), ("ask_question", 0.03)])["name"] == "affirm"
    # a greeting with a question is the question
    assert geclassificeerd("hallo, wat kost een terrasvergunning eigenlijk", [("greet", 0.7), ("ask_costs", 0.2)])["name"] \
        == "ask_costs"
    assert geclassificeerd("hoi hoe gaat het", [("greet", 0.9), ("ask_question", 0.05)])["name"] == "greet"
    assert geclassificeerd("goedemorgen", [("greet", 0.99)])["name"] == "greet"
    # "stop" as the last word of a longer message stops too
    assert geclassificeerd("nee joh de bedrijfsnaam is fout. ach laat ook maar. stop",
                           [("deny", 0.8), ("stop", 0.1)])["name"] == "stop"
    assert geclassificeerd("wanneer moet ik stoppen met de verkoop", [("ask_question", 0.8)])["name"] == "ask_question"
    # a promise not kept is a complaint, not a new request for a person or a plain status question
    for tekst in ["vorige week zou iemand me terugbellen over mijn terras maar er is niemand gebeld. hoe zit dat",
                  "jullie zouden me dinsdag bellen maar ik heb niks gehoord", "er heeft nog steeds niemand gebeld",
                  "mijn vergunning aanvraag duurt al 10 weken, zou binnen 8 weken besluit komen, niemand reageert"]:
        for ranking in ([("ask_status", 0.97), ("request_human", 0.02)], [("request_human", 0.9), ("ask_status", 0.05)]):
            assert geclassificeerd(tekst, ranking)["name"] == "klacht", tekst
    assert geclassificeerd("wanneer word ik gebeld?", [("ask_status", 0.97)])["name"] == "ask_status"
    assert geclassificeerd("ik wil niet gebeld worden", [("stop", 0.9)])["name"] == "stop"
    # a question for a part of an article, however sure DIET is of the no its "niet" suggests
    assert geclassificeerd("geldt dat ook voor mij als zzp, ik woon er zelf niet",
                           [("deny", 0.99), ("ask_question", 0.01)])["name"] == "ask_question"
    # a request for a person only when it names one
    persoon = [("request_human", 0.54), ("ask_conditions", 0.12)]
    assert geclassificeerd("vanaf hoeveel mensen geldt dat", persoon)["name"] == "ask_conditions"
    assert geclassificeerd("mag iedereen dat", persoon)["name"] == "ask_conditions"
    assert geclassificeerd("wie kan mij hiermee helpen", persoon)["name"] == "request_human"
    assert geclassificeerd("hoe kan ik een medewerker spreken", persoon)["name"] == "request_human"
    # when one will be called: the promise of one's case (or, without one, the offer to arrange it)
    assert geclassificeerd("wanneer word ik gebeld?", persoon)["name"] == "ask_status"
    assert geclassificeerd("hoe lang duurt het voor ik gebeld word?", [("ask_duration", 0.97)])["name"] == "ask_status"
    # staff to hire, or coming by oneself, is no request for a person of the municipality
    assert geclassificeerd("ik zoek een medewerker voor mn groentezaak, helpen jullie daarbij", persoon)["name"] != \
        "request_human"
    assert geclassificeerd("kan echt niemand vinden, helpen jullie met mensen zoeken?", persoon)["name"] != "request_human"
    assert geclassificeerd("kan ik daar ook zonder afspraak langs", persoon)["name"] != "request_human"
    assert geclassificeerd("kan iemand bij ons langskomen", persoon)["name"] == "request_human"
    # the number to call oneself, not a callback
    assert geclassificeerd("kan ik ook gewoon iemand bellen bij het ondernemersloket, wat is het nummer",
                           [("request_human", 1.0), ("ask_question", 0.0)])["name"] == "ask_question"
    assert geclassificeerd("ik wil een medewerker spreken", persoon)["name"] == "request_human"
    # a yes, no or thanks that asks for a person (round ten of the strangers' conversations)
    for tekst, ranking in [("Ja, regel het voor mij", [("affirm", 1.0)]),
                           ("nee ik wil dat iemand het voor me regelt", [("deny", 0.98), ("request_human", 0.02)]),
                           ("ok. en dat van het parkeren voor mijn klanten, kan iemand dat toch uitzoeken?",
                            [("affirm", 0.99), ("ask_question", 0.01)]),
                           ("ik wil nog iets toevoegen", [("goodbye", 0.52), ("ask_question", 0.17)]),
                           ("nee wacht, ik wil iets toevoegen aan mijn zaak", [("ask_status", 0.4)])]:
        assert geclassificeerd(tekst, ranking)["name"] == "request_human", tekst
    assert geclassificeerd("nee, ik wil niet dat iemand belt", [("deny", 0.9), ("request_human", 0.05)])["name"] == "stop"
    assert geclassificeerd("ik wil iets toevoegen aan mijn menukaart", [("ask_question", 0.8)])["name"] == "ask_question"
    # the no says the answer missed, and the words after it say the question again
    assert geclassificeerd("nee dat bedoel ik niet. ze gaan de straat openbreken, 6 weken lang. klanten kunnen er dan "
                           "niet meer komen", [("deny", 0.56), ("ask_question", 0.44)])["name"] == "ask_question"
    assert geclassificeerd("nee dat bedoel ik niet", [("deny", 0.9), ("ask_question", 0.1)])["name"] == "deny"
    # a question in a later sentence while DIET is unsure of its goodbye
    assert geclassificeerd("pas maandag?? kan het niet eerder, ik verlies elke dag geld",
                           [("goodbye", 0.49), ("ask_duration", 0.19)])["name"] == "ask_duration"
    assert geclassificeerd("ik weet niet welke vergunning ik nodig heb", [("deny", 0.9), ("ask_question", 0.05)])[
        "name"] == "ask_question"
    assert geclassificeerd("weet ik niet", [("deny", 0.9), ("ask_question", 0.05)])["name"] == "deny"
    # a question of two or three words is no yes, however sure DIET is
    for tekst in ["mag dat", "kan dat wel?", "moet dat echt"]:
        assert geclassificeerd(tekst, [("affirm", 0.9), ("ask_conditions", 0.02)])["name"] == "ask_conditions", tekst
    assert geclassificeerd("dat mag", [("affirm", 0.9), ("ask_conditions", 0.02)])["name"] == "affirm"
    # the titles of the buttons under "no case found" typed: a person, not the status question again
    for tekst in ["Geen zaaknummer, regel een medewerker", "Ik heb geen zaaknummer"]:
        assert geclassificeerd(tekst, [("ask_status", 0.9), ("request_human", 0.05)])["name"] == "request_human"
    # a letter about enforcement at one's own business is a question for the municipality, not out of scope
    assert geclassificeerd("ik heb een brief gekregen over handhaving wat moet ik doen",
                           [("out_of_scope", 0.84), ("ask_costs", 0.11)])["name"] == "ask_question"
    assert geclassificeerd("ik heb een boete gekregen en wil een klacht indienen over de handhaver",
                           [("klacht", 0.9), ("ask_question", 0.05)])["name"] == "klacht"


@pytest.mark.parametrize("tekst, stop", [
    ("ik wil toch niet gebeld worden", True),
    ("nee dank je, ik wil geen gesprek", True),
    ("wij hoeven geen afspraak", True),
    ("ik wil niet dat jullie mij bellen", True),
    ("ik wil niet gebeld worden maar gemaild", False),  # another way: a preference, not a stop
    ("ik wil liever niet gebeld worden", False),
    ("ik wil niet langer wachten op contact", False),  # impatience
    ("wil je niet even bellen?", False),
    ("ik wil een gesprek", False),
])
def test_no_contact_wanted_after_all_is_a_stop(tekst, stop):
    from rasa.shared.nlu.training_data.message import Message

    from bot.componenten.nlu import RAW_TEXT, InvoerClassifier

    bericht = Message(data={"text": tekst, RAW_TEXT: tekst, "intent": {"name": "deny", "confidence": 0.82},
                            "intent_ranking": [{"name": "deny", "confidence": 0.82}, {"name": "request_human", "confidence": 0.12}]})
    InvoerClassifier().process([bericht])
    assert (bericht.get("intent")["name"] == "stop") is stop


def test_a_shortened_message_is_marked_also_when_it_is_bad_input():
    """The channel cut it (metadata, bot/kanalen/lengte.py): the reply says so, whatever the kind of input."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.componenten.nlu import RAW_TEXT, InvoerClassifier
    from bot.kanalen.lengte import INGEKORT

    def soorten(tekst: str, metadata: dict) -> list[str]:
        bericht = Message(data={"text": tekst, RAW_TEXT: tekst, "metadata": metadata,
                                "intent": {"name": "ask_question", "confidence": 0.9}})
        InvoerClassifier().process([bericht])
        return [e["value"] for e in bericht.get("entities") or [] if e["entity"] == "invoer_soort"]

    assert soorten("<script>" * 250, {INGEKORT: True}) == ["alleen_code", INGEKORT]
    assert soorten("mag ik een terras " * 100, {INGEKORT: True}) == [INGEKORT]
    assert soorten("mag ik een terras", {}) == []
