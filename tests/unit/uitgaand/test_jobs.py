"""Delivering the outbox (bot/uitgaand/jobs.py): one by one, each claimed just before it is sent."""

from __future__ import annotations

from datetime import timedelta

from bot.kern.db import make_engine
from bot.uitgaand import jobs
from bot.uitgaand.jobs import bezorg_wachtende, claim_te_bezorgen
from bot.uitgaand.service import EERSTE_PAUZE, Bericht
from tests.unit.console.hulp import Klok
from tests.unit.uitgaand.hulp import NU, plaats, rij


class Bezorger:
    def __init__(self, kanaal: str, fout: Exception | None = None) -> None:
        self.kanaal, self.fout, self.gezien = kanaal, fout, []

    def bezorg(self, bericht: Bericht) -> None:
        self.gezien.append(bericht.id)
        if self.fout is not None:
            raise self.fout


def test_an_unexpected_error_of_a_deliverer_is_a_failed_attempt_not_a_crash(engine):
    kapot, goed = plaats(engine, "a", kanaal="telegram"), plaats(engine, "b", kanaal="whatsapp")
    bezorgers = {"telegram": Bezorger("telegram", ValueError("bug")), "whatsapp": Bezorger("whatsapp")}
    assert bezorg_wachtende(engine=engine, bezorgers=bezorgers, nu=NU, werker="w1") == {"afgeleverd": 1, "mislukt": 1}
    assert rij(engine, kapot).status == "wachtend" and rij(engine, kapot).laatste_fout == "ValueError: bug"
    assert rij(engine, kapot).volgende_poging_op == NU + EERSTE_PAUZE and rij(engine, kapot).claimed_by is None
    assert rij(engine, goed).status == "afgeleverd"


def test_claiming_for_delivery_needs_channels_and_returns_the_claimed_messages(engine):
    bericht = plaats(engine, "a", kanaal="telegram", knoppen=[{"title": "Ja", "payload": "/affirm"}])
    assert claim_te_bezorgen(engine=engine, kanalen=[], nu=NU, werker="w1") == []
    assert claim_te_bezorgen(engine=engine, kanalen=["telegram"], nu=NU, werker="w1", ontvangers=[]) == []
    [geclaimd] = claim_te_bezorgen(engine=engine, kanalen=["telegram"], nu=NU, werker="w1")
    assert geclaimd.id == bericht and geclaimd.knoppen == [{"title": "Ja", "payload": "/affirm"}]
    assert claim_te_bezorgen(engine=engine, kanalen=["telegram"], nu=NU, werker="w2") == []


def test_without_deliverers_nothing_is_claimed(engine):
    bericht = plaats(engine, "a", kanaal="telegram")
    assert bezorg_wachtende(engine=engine, bezorgers={}, nu=NU, werker="w1") == {"afgeleverd": 0, "mislukt": 0}
    assert rij(engine, bericht).claimed_by is None


class TrageBezorger:
    """Each send takes 90 seconds of the test's clock (``klok``); ``tijdens`` runs halfway a send."""

    kanaal = "telegram"

    def __init__(self, klok: Klok, tijdens=None) -> None:
        self.klok, self.tijdens, self.bezorgd = klok, tijdens, []

    def bezorg(self, bericht: Bericht) -> None:
        self.klok.nu += timedelta(seconds=60)
        if self.tijdens is not None:
            self.tijdens(len(self.bezorgd))
        self.klok.nu += timedelta(seconds=30)
        self.bezorgd.append(bericht.id)


def test_a_slow_round_does_not_let_a_second_worker_send_a_message_again(engine, database_url):
    """Each send takes 90 s and a lease 2 minutes: had the round claimed everything at its start,
    the second message's lease would run out while the first worker is still busy, and a second
    worker starting then would send it too. Claimed just before its own send, it is held."""
    assert jobs.STANDAARD_CLAIM_DUUR.total_seconds() == 120  # the lease
    ids = [plaats(engine, naam, kanaal="telegram", ontvanger=naam) for naam in ("a", "b", "c")]
    klok = Klok(NU)
    tweede = make_engine(database_url)
    ander = TrageBezorger(Klok(NU))

    def tweede_werker_start(al_bezorgd: int) -> None:
        if al_bezorgd == 1:  # halfway the second send, 2.5 minutes into the round
            bezorg_wachtende(engine=tweede, bezorgers={"telegram": ander}, nu=klok(), werker="w2",
                             klok=klok)

    eerste = TrageBezorger(klok, tijdens=tweede_werker_start)
    try:
        telling = bezorg_wachtende(engine=engine, bezorgers={"telegram": eerste}, nu=NU, werker="w1", klok=klok)
    finally:
        tweede.dispose()
    gezonden = eerste.bezorgd + ander.bezorgd
    assert sorted(gezonden) == sorted(ids), "each message sent exactly once"
    assert telling["afgeleverd"] == len(eerste.bezorgd)
    assert ander.bezorgd == [ids[2]]  # the one w1 had not claimed yet
    assert all(rij(engine, i).status == "afgeleverd" and rij(engine, i).pogingen == 1 for i in ids)
    assert rij(engine, ids[1]).afgeleverd_op == NU + timedelta(minutes=3)  # recorded when it was sent
