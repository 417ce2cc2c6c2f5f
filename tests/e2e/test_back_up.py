"""A back-up of PostgreSQL restored into a fresh cluster, and the assistant answers from it (issue 16).

The suite's assistant on PostgreSQL hands a question over to a person; both databases (the
application's and Rasa's tracker store) are dumped (``productie/back_up.py``: ``pg_dump``), restored
into a new cluster on another port (``pg_restore``), and a new assistant started on the restored
databases only: the entrepreneur's conversation goes on there, the status question finds the case
and its promise, and a new question gets its kennisbank answer.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from bot.kern.tracker import EVENTS
from productie.back_up import back_up_van, zet_terug
from tests.assistent import draag_over_via_rest, start_assistent, vrije_poort
from tests.e2e.conftest import kennisbank_ids, teksten
from tests.postgres import start_postgres

pytestmark = pytest.mark.e2e


def aantal_events(url: str, gesprek: str) -> int:
    engine = sa.create_engine(url, future=True, poolclass=sa.pool.NullPool)
    with engine.connect() as verbinding:
        return verbinding.execute(sa.select(sa.func.count()).select_from(EVENTS)
                                  .where(EVENTS.c.sender_id == gesprek)).scalar_one()


def test_a_back_up_restored_into_a_fresh_cluster_serves_the_same_conversations(
    assistent_op_postgres, artikelen, tmp_path
):
    bron = assistent_op_postgres
    gesprek = uuid.uuid4().hex
    overdracht = draag_over_via_rest(bron, gesprek)
    events_voor = aantal_events(bron.tracker_url, gesprek)

    bestanden = back_up_van({"ingang": bron.database_url, "tracker": bron.tracker_url}, tmp_path / "back-up")
    assert all(pad.stat().st_size > 0 for pad in bestanden.values())

    with start_postgres(vrije_poort()) as nieuw:
        urls = {naam: nieuw.maak_database(naam=naam) for naam in bestanden}
        for naam, pad in bestanden.items():
            zet_terug(pad, urls[naam])
        assert aantal_events(urls["tracker"], gesprek) == events_voor

        (tmp_path / "hersteld").mkdir()
        with start_assistent(tmp_path / "hersteld", artikelen, postgres=nieuw,
                             bestaande_databases=(urls["ingang"], urls["tracker"])) as hersteld:
            hersteld.gesprekken[gesprek] = list(bron.gesprekken.get(gesprek, []))  # the same conversation goes on
            status = teksten(hersteld.praat("hoe staat het met mijn vraag?", gesprek))
            assert overdracht["zaak"] in status and overdracht["medewerker"]["naam"] in status
            assert kennisbank_ids(hersteld.praat("mag ik een terras voor mijn café?")) == ["terrasvergunning"]
