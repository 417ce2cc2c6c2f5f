"""The vraag achter de vraag through the REST channel: probing, a named person, a promise
with a case number and deadline, recorded in the database; then a status question."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from sqlalchemy import select

from bot.kern.db import make_engine
from bot.kern.settings import PROJECT_ROOT
from bot.zaken.models import AuditRegel, Belofte, Ondernemer, Zaak
from tests.assistent import draag_over_via_rest, verificatiecodes
from tests.e2e.conftest import custom, teksten

pytestmark = pytest.mark.e2e


def test_a_complex_question_ends_in_a_named_person_with_a_promise(assistent_op_elke_opslag):
    assistent = assistent_op_elke_opslag  # on SQLite and on PostgreSQL
    gesprek = uuid.uuid4().hex
    berichten = assistent.praat("ik wil een medewerker spreken over mijn plannen", gesprek)
    assert custom(berichten, "vraag") == [{"stap": "wat", "onderwerp": None}]
    # the questions after "wat" depend on the kind of case the subject gets (config/vragen.yml): answer what is asked
    antwoorden = {
        "waarom": "Ik heb nu een foodtruck en wil een vaste plek met meer klanten",
        "adres": "Markt 12",
        "hoe": "Volgend voorjaar openen, ongeveer 60 zitplaatsen binnen en 30 buiten",
        "toestemming": "/affirm",
        "bedrijf": "Foodtruck De Smulpaap, KvK 12345678",
        "contact": "Sanne de Vries, 06 12345678",
    }
    berichten = assistent.praat("Ik wil een restaurant met terras beginnen in het lege pand aan de Markt", gesprek)
    stappen = [v["stap"] for v in custom(berichten, "vraag")]
    while stappen[-1] != "bevestiging" and len(stappen) < 10:
        berichten = assistent.praat(antwoorden[stappen[-1]], gesprek)
        stappen += [v["stap"] for v in custom(berichten, "vraag")]
    # the plan first, then consent, and only then the personal details
    assert stappen[0] == "waarom" and "hoe" in stappen
    assert stappen[-4:] == ["toestemming", "bedrijf", "contact", "bevestiging"]
    assert "Sanne de Vries" in teksten(berichten) and "12345678" in teksten(berichten)

    berichten = assistent.praat("/affirm", gesprek)
    [overdracht] = custom(berichten, "overdracht")
    assert overdracht["zaak"].startswith(f"ON-{datetime.now().year}-")
    assert overdracht["medewerker"]["naam"] and overdracht["medewerker"]["telefoon"] and overdracht["medewerker"]["email"]
    assert datetime.fromisoformat(overdracht["uiterlijk"]) > datetime.now(timezone.utc)
    assert overdracht["actie"] == "terugbellen"
    assert overdracht["belofte"] in teksten(berichten) and overdracht["zaak"] in overdracht["belofte"]

    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        zaak = verbinding.execute(select(Zaak).where(Zaak.nummer == overdracht["zaak"])).one()
        belofte = verbinding.execute(select(Belofte).where(Belofte.zaak_id == zaak.id)).one()
        ondernemer = verbinding.execute(select(Ondernemer).where(Ondernemer.id == zaak.ondernemer_id)).one()
        audit = verbinding.execute(select(AuditRegel.wat).where(AuditRegel.zaak_id == zaak.id)).scalars().all()
    engine.dispose()
    assert zaak.gesprek_id == gesprek and "restaurant" in zaak.wat
    assert belofte.zin == overdracht["belofte"] and belofte.status == "open"
    assert (ondernemer.kvk_nummer, ondernemer.telefoon) == ("12345678", "+31612345678")
    assert len(audit) >= 2

    status = assistent.praat("hoe staat het met mijn vraag?", gesprek)
    assert overdracht["zaak"] in teksten(status) and overdracht["medewerker"]["naam"] in teksten(status)

    # the same case number asked from another conversation needs the contact details on file, then the
    # one-time code sent to what is on file (here the case's own conversation: no e-mail address was given)
    ander = uuid.uuid4().hex
    vraag = assistent.praat(f"wat is de status van {overdracht['zaak']}", ander)
    assert overdracht["medewerker"]["naam"] not in teksten(vraag)
    assert overdracht["medewerker"]["naam"] not in teksten(assistent.praat("06 12345678", ander))
    [code] = verificatiecodes(assistent, "rest", gesprek)
    assert overdracht["medewerker"]["naam"] in teksten(assistent.praat(code, ander))
    # once verified, this conversation (e.g. WhatsApp) is linked to the entrepreneur: no number needed
    assert overdracht["zaak"] in teksten(assistent.praat("hoe staat het met mijn vraag?", ander))


def tot_toestemming(assistent, gesprek: str) -> list[str]:
    """A buurtfeest's handoff, answered until consent is asked; the steps asked."""
    berichten = assistent.praat("kan iemand mij bellen over een buurtfeest op het Marktplein op 12 juni?", gesprek)
    stappen = [v["stap"] for v in custom(berichten, "vraag")]
    for antwoord in ["zo'n 500 mensen", "weet ik nog niet"]:
        if stappen[-1] == "toestemming":
            break
        stappen += [v["stap"] for v in custom(assistent.praat(antwoord, gesprek), "vraag")]
    return stappen


def test_refusing_consent_stores_nothing_and_a_change_of_mind_continues_where_it_stopped(assistent):
    gesprek = uuid.uuid4().hex
    stappen = tot_toestemming(assistent, gesprek)
    assert stappen[-1] == "toestemming" and "evenement_datum" not in stappen and "evenement_locatie" not in stappen
    berichten = assistent.praat("nee", gesprek)
    assert "14 0123" in teksten(berichten) and not custom(berichten, "overdracht")
    engine = make_engine(assistent.database_url)
    with engine.connect() as verbinding:
        assert verbinding.execute(select(Zaak).where(Zaak.gesprek_id == gesprek)).first() is None
    engine.dispose()

    # "oh wacht, toch wel": the question is kept, only the personal details are asked
    berichten = assistent.praat("oh wacht, toch wel", gesprek)
    assert [v["stap"] for v in custom(berichten, "vraag")] == ["bedrijf"]
    assistent.praat("nog geen", gesprek)
    samenvatting = assistent.praat("Piet Jansen, piet@example.nl", gesprek)
    assert "12 juni" in teksten(samenvatting) and "Marktplein" in teksten(samenvatting)
    [overdracht] = custom(assistent.praat("/affirm", gesprek), "overdracht")
    assert overdracht["onderwerp"] == "evenementenvergunning"


def test_a_story_is_not_asked_again_and_a_correction_changes_one_part(assistent):
    gesprek = uuid.uuid4().hex
    berichten = assistent.praat(
        "goedemorgen, met Jan de Boer van Slagerij De Boer aan de Kerkstraat 4. we willen in maart de winkel "
        "uitbreiden omdat de ruimte te klein wordt. er moet een muur uit en er komt een nieuwe pui. kan iemand "
        "met mij meekijken? bellen kan op 06-12345678", gesprek)
    assert [v["stap"] for v in custom(berichten, "vraag")] == ["toestemming"]  # nothing asked that was said
    samenvatting = assistent.praat("ja dat mag", gesprek)
    assert [v["stap"] for v in custom(samenvatting, "vraag")] == ["bevestiging"]
    assert "Jan de Boer" in teksten(samenvatting) and "Kerkstraat 4" in teksten(samenvatting)
    # a detail given at the summary is added; "aanpassen" asks which part and changes only that one
    assert "jan@example.nl" in teksten(assistent.praat("mailen mag ook: jan@example.nl", gesprek))
    knoppen = [k["title"] for b in assistent.praat("/deny", gesprek) for k in b.get("buttons") or []]
    assert "Contactgegevens" in knoppen and "Adres" in knoppen
    assert [v["stap"] for v in custom(assistent.praat("Adres", gesprek), "vraag")] == ["bouw_adres"]
    samenvatting = assistent.praat("Kerkstraat 6", gesprek)
    assert "Kerkstraat 6" in teksten(samenvatting) and "Jan de Boer" in teksten(samenvatting)
    [overdracht] = custom(assistent.praat("/affirm", gesprek), "overdracht")
    assert overdracht["onderwerp"] == "omgevingsvergunning-bouwen"


def test_a_question_about_the_question_and_a_case_number_are_never_taken_as_the_answer(assistent):
    gesprek = uuid.uuid4().hex
    assistent.praat("ik wil iemand spreken", gesprek)
    assistent.praat("ik wil mijn bakkerij uitbreiden met een lunchroom", gesprek)
    uitleg = assistent.praat("wat bedoel je??", gesprek)
    assert [v["stap"] for v in custom(uitleg, "vraag")] == ["waarom"]
    # a number no case of the suite gets: the erasure test looks for its own case number in the whole store
    berichten = assistent.praat("ik heb al een zaaknummer: ON-2026-90011", gesprek)
    assert [v["stap"] for v in custom(berichten, "vraag")] == ["waarom"]
    assistent.praat("er komen steeds meer klanten die willen blijven zitten", gesprek)
    for antwoord in ["na de zomer", "/affirm", "Bakkerij Bol", "Jan Bol", "0612345678"]:
        berichten = assistent.praat(antwoord, gesprek)
    tekst = teksten(berichten)
    assert "wat bedoel" not in tekst and "ON-2026-90011" in tekst and "Jan Bol, +31612345678" in tekst


def test_an_unpaid_invoice_asks_for_the_invoice_not_for_planning(assistent):
    gesprek = uuid.uuid4().hex
    berichten = assistent.praat("de gemeente heeft mijn factuur nog steeds niet betaald, kan iemand mij bellen?", gesprek)
    stappen = [v["stap"] for v in custom(berichten, "vraag")]
    assert stappen == ["factuurnummer"]
    assert [v["stap"] for v in custom(assistent.praat("F-2026-118", gesprek), "vraag")] == ["factuurdatum"]
    assert [v["stap"] for v in custom(assistent.praat("3 oktober", gesprek), "vraag")] == ["toestemming"]


def test_a_question_of_its_own_while_consent_is_asked_is_answered_and_yes_goes_on(assistent):
    """Asked "mag de gemeente uw gegevens bewaren?", the entrepreneur asks something else first: the bot
    answers it (without offering a person again or changing the handoff's subject), pauses the questions
    and asks for consent once more; "ja" goes on where they stopped."""
    gesprek = uuid.uuid4().hex
    stappen = tot_toestemming(assistent, gesprek)
    assert stappen[-1] == "toestemming"

    berichten = assistent.praat("hoe lang duurt het aanvragen van een terrasvergunning?", gesprek)
    assert [k["id"] for k in custom(berichten, "kennisbank")] == ["terrasvergunning"]
    assert "toestemming" in teksten(berichten) and not custom(berichten, "vraag")
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    afsluitingen = [v["text"] for naam in ("utter_vraag_geholpen", "utter_meerdere_teams") for v in domain[naam]]
    assert not set(afsluitingen) & {b.get("text") for b in berichten}  # one question at a time: the consent
    assert [v["stap"] for v in custom(assistent.praat("ja hoor", gesprek), "vraag")] == ["bedrijf"]
    assistent.praat("nog geen", gesprek)
    assistent.praat("Piet Jansen, piet@example.nl", gesprek)
    [overdracht] = custom(assistent.praat("/affirm", gesprek), "overdracht")
    assert overdracht["onderwerp"] == "evenementenvergunning"


def test_after_the_pause_another_question_is_simply_answered(assistent):
    gesprek = uuid.uuid4().hex
    assert tot_toestemming(assistent, gesprek)[-1] == "toestemming"
    assistent.praat("wat kost een standplaats op de weekmarkt?", gesprek)
    berichten = assistent.praat("en hoe lang duurt een terrasvergunning?", gesprek)
    assert [k["id"] for k in custom(berichten, "kennisbank")] == ["terrasvergunning"]
    assert not custom(berichten, "vraag")


def test_stop_midway(assistent):
    gesprek = uuid.uuid4().hex
    assistent.praat("ik wil graag iemand spreken", gesprek)
    assistent.praat("mijn winkel uitbreiden", gesprek)
    berichten = assistent.praat("stop", gesprek)
    assert "gewist" in teksten(berichten)  # nothing passed on, the details typed wiped
    assert custom(assistent.praat("wat kost een standplaats?", gesprek), "kennisbank")


def test_bad_phone_and_kvk_are_asked_again(assistent):
    gesprek = uuid.uuid4().hex
    for antwoord in ["ik wil een medewerker", "advies over mijn bedrijf", "ik groei hard", "dit jaar nog", "/affirm"]:
        assistent.praat(antwoord, gesprek)
    assert "8 cijfers" in teksten(assistent.praat("Bakkerij Bol, kvk 12345", gesprek))
    assert [v["stap"] for v in custom(assistent.praat("Bakkerij Bol 87654321", gesprek), "vraag")] == ["contact"]
    assert "geen geldig" in teksten(assistent.praat("Jan Bol, 12345", gesprek))


def test_money_trouble_is_answered_and_a_person_offered_with_care(assistent):
    gesprek = uuid.uuid4().hex
    berichten = assistent.praat("ik heb schulden en kan de huur van mijn winkel niet meer betalen", gesprek)
    assert [k["id"] for k in custom(berichten, "kennisbank")] == ["schuldhulp-ondernemers"]
    assert "in vertrouwen" in teksten(berichten)
    # gently, never "planning, plek en grootte"; what is going on was just told, so what would help
    assert custom(assistent.praat("/affirm", gesprek), "vraag") == [{"stap": "wat_helpt", "onderwerp": "schuldhulp-ondernemers"}]


def test_money_trouble_offer_declined_keeps_the_conversation_open(assistent):
    gesprek = uuid.uuid4().hex
    assistent.praat("ik heb als zzp'er bijna geen inkomen meer, kan ik een uitkering krijgen?", gesprek)
    assert not custom(assistent.praat("nee, nu niet", gesprek), "vraag")
    assert custom(assistent.praat("wat zijn de voorwaarden?", gesprek), "kennisbank")


def test_an_escalation_reaches_the_entrepreneur_at_their_next_rest_message(assistent, tmp_path):
    """REST cannot push: the worker's message waits and comes first in the next reply, once."""
    from bot.integraties import mailsink
    from bot.integraties.email import EmailBezorger, Mailer
    from bot.worker import verwerk_ronde
    from tests.assistent import vrije_poort

    gesprek = uuid.uuid4().hex
    overdracht = draag_over_via_rest(assistent, gesprek)
    deadline = datetime.fromisoformat(overdracht["uiterlijk"])

    poort = vrije_poort()
    sink = mailsink.start(host="127.0.0.1", poort=poort, map_=tmp_path / "mail")
    engine = make_engine(assistent.database_url)
    try:
        verwerk_ronde(engine=engine, bezorgers={"email": EmailBezorger(Mailer(host="127.0.0.1", port=poort,
                                                                              afzender="ingang@test"))},
                      nu=deadline + timedelta(minutes=1), werker="test")
        with engine.connect() as verbinding:
            statussen = verbinding.execute(
                select(Belofte.status).join(Zaak, Zaak.id == Belofte.zaak_id).where(Zaak.nummer == overdracht["zaak"])
                .order_by(Belofte.id)).scalars().all()
    finally:
        sink.stop()
        engine.dispose()
    assert statussen == ["te_laat", "open"], "the missed promise escalated and a new one was made"
    assert len(list((tmp_path / "mail").glob("*.eml"))) >= 1, "the team lead got an e-mail"

    berichten = assistent.praat("hallo, ik heb nog niets gehoord", gesprek)
    [nieuw] = custom(berichten, "overdracht")
    assert nieuw["zaak"] == overdracht["zaak"]
    assert datetime.fromisoformat(nieuw["uiterlijk"]) > deadline
    assert "spijt" in berichten[0]["text"] and overdracht["zaak"] in berichten[0]["text"]
    assert nieuw["belofte"] in teksten(berichten)

    assert custom(assistent.praat("dank u", gesprek), "overdracht") == [], "shown once"
