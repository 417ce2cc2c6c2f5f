"""The fixtures of the access and erasure tests: Rasa's tracker store, the mail sink and two dossiers."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.integraties.openklant.models import ZaakExport
from bot.kanalen.boekhouding import KanaalVenster
from bot.kern.db import make_engine, transaction
from bot.kern.tempo import GesprekHerkomst, TempoTeller
from bot.overname.models import Overname
from bot.uitgaand.service import plaats_bericht
from bot.zaken.models import Zaak
from bot.zaken.verificatiecode import vraag_code_aan
from tests.unit.console.hulp import vul_database
from tests.unit.privacy.dossiers import ANDER, ANDER_GESPREK, NU, WILMA, WILMA_GESPREK, mail, zaak_van


@pytest.fixture
def tracker(tracker_store):
    store = tracker_store
    for gesprek, tekst in [(WILMA_GESPREK, "bel me op 06-48213795, Wilhelmina Oosterbroek"),
                           (ANDER_GESPREK, "mijn nummer is 06 12345678")]:
        events = [UserUttered(tekst, intent={"name": "ask_question"}, timestamp=NU.timestamp()),
                  BotUttered("Dank u. Wat is uw e-mailadres?", timestamp=NU.timestamp())]
        asyncio.run(store.save(DialogueStateTracker.from_events(gesprek, events)))
    engine = make_engine(store.ingang_url)
    yield engine
    engine.dispose()


@pytest.fixture
def mailmap(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def twee_dossiers(engine, artikelen, tmp_path, mailmap):
    """Wilma's case with a row in every table a conversation can reach; Ans's case beside it."""
    vul_database(engine, artikelen, tmp_path)
    wilma, ander = zaak_van(engine, WILMA, WILMA_GESPREK, "whatsapp"), zaak_van(engine, ANDER, ANDER_GESPREK, "telegram")
    with transaction(engine) as session:
        zaak = session.execute(select(Zaak).where(Zaak.nummer == wilma)).scalar_one()
        plaats_bericht(session=session, sleutel="test:1", kanaal="whatsapp", ontvanger=WILMA_GESPREK,
                       tekst="Goedemiddag mevrouw Oosterbroek, ik bel u morgen.", soort="medewerker", zaak=zaak)
        vraag_code_aan(session=session, kanaal="telegram", kanaal_id="telegram:777", nummer=wilma,
                       telefoon="0600000000", email=None, nu=NU)  # someone else tried her case number
        session.add_all([
            KanaalVenster(kanaal="whatsapp", kanaal_id="31648213795", laatste_inkomend_op=NU),
            TempoTeller(soort="bericht-gesprek-minuut", sleutel=WILMA_GESPREK, venster=NU, aantal=1),
            GesprekHerkomst(gesprek_id=WILMA_GESPREK, ip="192.0.2.1", gezien_op=NU),
            Overname(kanaal="whatsapp", gesprek_id=WILMA_GESPREK, zaak_id=zaak.id, medewerker_id=zaak.medewerker_id,
                     status="voorbij", gestart_op=NU, laatste_activiteit_op=NU),
            ZaakExport(zaak_id=zaak.id, status="geexporteerd", volgende_poging_op=NU, aangemaakt_op=NU,
                       bijgewerkt_op=NU, klantcontact_uuid="6f1e2d3c-0000-4000-8000-000000000001"),
        ])
    mail(mailmap, "sanne@voorbeeldstad.nl", f"Zaak {wilma}: bel mevrouw Oosterbroek op 06 48213795.")
    mail(mailmap, "joost@voorbeeldstad.nl", f"Zaak {ander}: bel Ans Bos op 06 12345678.")
    return wilma, ander


