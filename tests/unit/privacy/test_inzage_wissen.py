"""Access and erasure (bot/privacy): the export holds everything about one entrepreneur, the erasure
leaves their name, phone number and e-mail address in no table, no tracker event and no mail file,
and everything of someone else stays."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.kern.db import make_engine, transaction
from bot.privacy.dossier import OnbekendeZoekterm, lees_zoekterm, zoek_dossier
from bot.privacy.inzage import als_bestand, exporteer
from bot.privacy.wissen import GEWIST, wis_dossier
from bot.zaken.models import AuditRegel
from tests.unit.privacy.dossiers import (
    ANDER_GESPREK,
    NU,
    SPOREN_WILMA,
    WILMA,
    WILMA_GESPREK,
    database_tekst,
    gevonden,
    mail_tekst,
    tracker_tekst,
)


@pytest.mark.parametrize("tekst, soort, waarde", [
    ("on-2026-00001", "zaaknummer", "ON-2026-00001"), ("7392 0481", "kvk", "73920481"),
    ("06-48213795", "telefoon", "+31648213795"), ("+31 6 48213795", "telefoon", "+31648213795"),
    (" W.Oosterbroek@Voorbeeld.nl ", "email", "w.oosterbroek@voorbeeld.nl"),
])
def test_a_search_term_is_recognised_and_normalised(tekst, soort, waarde):
    zoekterm = lees_zoekterm(tekst)
    assert (zoekterm.soort, zoekterm.waarde) == (soort, waarde)


def test_a_name_is_no_search_term():
    with pytest.raises(OnbekendeZoekterm):
        lees_zoekterm("Oosterbroek")


@pytest.mark.parametrize("term", ["73920481", "06 48213795", "w.oosterbroek@voorbeeld.nl", "zaaknummer"])
def test_each_kind_of_term_finds_the_same_dossier(engine, twee_dossiers, term):
    term = twee_dossiers[0] if term == "zaaknummer" else term
    with transaction(engine) as session:
        dossier = zoek_dossier(session=session, zoekterm=lees_zoekterm(term))
        assert [zaak.nummer for zaak in dossier.zaken] == [twee_dossiers[0]]
        assert [ondernemer.contactnaam for ondernemer in dossier.ondernemers] == ["Wilhelmina Oosterbroek"]
        assert dossier.gesprekken == {WILMA_GESPREK}


def test_the_export_holds_every_store_and_nothing_of_someone_else(engine, twee_dossiers, tracker, mailmap):
    with transaction(engine) as session:
        dossier = zoek_dossier(session=session, zoekterm=lees_zoekterm("73920481"))
        document = json.loads(als_bestand(exporteer(session=session, tracker=tracker, mailmap=mailmap,
                                                    dossier=dossier, nu=NU)))
    assert set(document["tabellen"]) >= {"ondernemer", "ondernemer_kanaal", "zaak", "belofte", "audit_regel",
                                         "uitgaand_bericht", "verificatiecode", "overname", "zaak_export",
                                         "kanaal_venster", "tempo_teller", "gesprek_herkomst"}
    assert document["tabellen"]["ondernemer"][0]["email"] == WILMA["email"].lower()
    assert all("code_hash" not in rij for rij in document["tabellen"]["verificatiecode"])
    [gesprek] = document["gesprekken"]
    assert [bericht["van"] for bericht in gesprek["berichten"]] == ["ondernemer", "assistent"]
    assert "06-48213795" in gesprek["berichten"][0]["tekst"]
    assert len(document["mails"]) == 1 and "Oosterbroek" in document["mails"][0]["inhoud"]
    assert document["open_klant"][0]["klantcontact_uuid"].startswith("6f1e2d3c")
    samenvatting = "\n".join(document["samenvatting"])
    assert "Wilhelmina Oosterbroek" in samenvatting and twee_dossiers[0] in samenvatting
    assert "Open Klant" in samenvatting
    alles = json.dumps(document)
    assert not gevonden(alles, ["Ans Bos", "12345678", "ans@dehoek.nl", twee_dossiers[1], ANDER_GESPREK])


def test_erasure_leaves_nothing_of_the_person_and_everything_of_someone_else(engine, twee_dossiers, tracker, mailmap):
    assert gevonden(database_tekst(engine), SPOREN_WILMA)  # the search below finds what is there
    with transaction(engine) as session:
        dossier = zoek_dossier(session=session, zoekterm=lees_zoekterm("06 48213795"))
        wissing = wis_dossier(session=session, tracker=tracker, mailmap=mailmap, dossier=dossier,
                              wie="console:privacy", nu=NU)

    for tekst in (database_tekst(engine), tracker_tekst(tracker), mail_tekst(mailmap)):
        assert gevonden(tekst, [*SPOREN_WILMA, twee_dossiers[0], WILMA_GESPREK]) == []
    # everything of Ans stays
    assert gevonden(database_tekst(engine), ["Ans Bos", "ans@dehoek.nl", twee_dossiers[1]]) == [
        "Ans Bos", "ans@dehoek.nl", twee_dossiers[1]]
    assert ANDER_GESPREK in tracker_tekst(tracker) and "Ans Bos" in mail_tekst(mailmap)
    assert wissing.aantallen["events"] == 2 and wissing.aantallen["mailbestanden"] == 1
    assert wissing.aantallen["zaak"] == 1 and wissing.aantallen["ondernemer"] == 1
    assert wissing.open_klant[0]["zaak"] == twee_dossiers[0]
    with transaction(engine) as session:
        [regel] = session.execute(select(AuditRegel).where(AuditRegel.wat == GEWIST)).scalars()
        assert regel.wie == "console:privacy" and regel.zaak_id is None
        assert regel.details["open_klant"] == [{"klantcontact_uuid": "6f1e2d3c-0000-4000-8000-000000000001"}]
        # a second search finds nothing: the erasure is complete, and running it again changes nothing
        assert zoek_dossier(session=session, zoekterm=lees_zoekterm("06 48213795")).leeg


def test_the_export_of_an_unknown_term_says_nothing_was_found(engine, tracker, mailmap):
    with transaction(engine) as session:
        dossier = zoek_dossier(session=session, zoekterm=lees_zoekterm("ON-2026-09999"))
        document = exporteer(session=session, tracker=tracker, mailmap=mailmap, dossier=dossier, nu=NU)
    assert dossier.leeg and document["tabellen"] == {} and document["gesprekken"] == []
    assert any("geen gegevens gevonden" in regel for regel in document["samenvatting"])


def test_rasa_without_a_tracker_table_and_no_mail_folder_are_no_error(engine, twee_dossiers, tmp_path):
    leeg = make_engine(f"sqlite:///{tmp_path / 'leeg.db'}")
    with transaction(engine) as session:
        dossier = zoek_dossier(session=session, zoekterm=lees_zoekterm("73920481"))
        wissing = wis_dossier(session=session, tracker=leeg, mailmap=tmp_path / "geen", dossier=dossier,
                              wie="console:privacy", nu=NU + timedelta(days=1))
    leeg.dispose()
    assert "events" not in wissing.aantallen and wissing.aantallen["zaak"] == 1
