"""Issue 13, attack 9 (claims): a slow worker round must not let a second worker take a row the
first is still working on.

Every job claims a row with a lease (bot/kern/claims.py). Had a lease been measured from the
start of the round, a round that is slow (a slow channel, a slow Rasa) would hold rows whose
lease already ran out while it is still busy with them, and a second worker would take them
too: a message sent twice, a takeover ended twice. Each test runs one worker round on a clock
that moves while it works, and starts a second worker halfway.

The outbox (bot/uitgaand/jobs.py) was already right: its test passed before this change and
stays as the proof. The takeover job measured its leases from the round's start: its test
failed before. The WhatsApp recovery job (bot/kanalen/whatsapp/herstel.py) is new and claims
the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from bot.kanalen.whatsapp import inkomend
from bot.kanalen.whatsapp.levering import Inkomend
from bot.kern.db import transaction
from bot.overname.service import start_overname
from bot.uitgaand.service import Bericht, plaats_bericht
from bot.worker import verwerk_ronde
from tests import factories as maak
from tests.fakes.rasa_api import NepRasa
from tests.unit.console.hulp import Klok

NU = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)  # a Tuesday, 10:00 in Amsterdam
STAP = timedelta(seconds=90)  # how long one send or one Rasa call takes in these tests; a lease is 2 minutes


class TrageBezorger:
    """A push deliverer whose every send takes ``STAP`` of the clock; ``tijdens(n)`` runs during the n-th."""

    kanaal = "telegram"

    def __init__(self, klok: Klok, tijdens: Callable[[int], None] | None = None) -> None:
        self.klok, self.tijdens, self.bezorgd = klok, tijdens, []

    def bezorg(self, bericht: Bericht) -> None:
        self.klok.nu += STAP
        if self.tijdens is not None:
            self.tijdens(len(self.bezorgd))
        self.bezorgd.append(bericht.id)


class TrageRasa(NepRasa):
    """Rasa's API where clearing the takeover slot takes ``STAP``; ``tijdens(n)`` runs during the n-th."""

    def __init__(self, klok: Klok, werker: str, gewist: list[tuple[str, str]],
                 tijdens: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.klok, self.werker, self.gewist, self.tijdens = klok, werker, gewist, tijdens
        self.aantal = 0

    def zet_overname(self, gesprek_id: str, naam: str | None) -> None:
        if naam is None:
            self.klok.nu += STAP
            if self.tijdens is not None:
                self.tijdens(self.aantal)
            self.aantal += 1
            self.gewist.append((gesprek_id, self.werker))
        super().zet_overname(gesprek_id, naam)


def test_a_slow_delivery_round_does_not_let_a_second_worker_send_a_message_again(engine):
    with transaction(engine) as session:
        ids = [plaats_bericht(session=session, sleutel=f"m{n}", kanaal="telegram", ontvanger=f"telegram:{n}",
                              tekst="Uw vraag is bekeken.", soort="medewerker", moment=NU).id for n in range(5)]
    klok = Klok(NU)
    tweede = TrageBezorger(Klok(NU))

    def tweede_werker(al_bezorgd: int) -> None:
        if al_bezorgd == 3:  # 6 minutes into the round: a lease counted from its start ran out long ago
            verwerk_ronde(engine=engine, bezorgers={"telegram": tweede}, nu=klok(), klok=klok, werker="w2")

    eerste = TrageBezorger(klok, tijdens=tweede_werker)
    verwerk_ronde(engine=engine, bezorgers={"telegram": eerste}, nu=NU, klok=klok, werker="w1")
    assert sorted(eerste.bezorgd + tweede.bezorgd) == sorted(ids), "every message sent exactly once"
    assert tweede.bezorgd, "the second worker did take the messages nobody held"


def _stille_overnames(engine, rasa: NepRasa, aantal: int) -> None:
    """``aantal`` web chat conversations taken over at NU by one medewerker who then did nothing."""
    with transaction(engine) as session:
        medewerker = maak.medewerker(session, naam="Mehmet Yılmaz")
        zaken = [maak.zaak(session, medewerker=medewerker, kanaal="webchat", gesprek_id=f"webchat:s{n}", moment=NU)
                 for n in range(aantal)]
    for zaak in zaken:
        with transaction(engine) as session:
            start_overname(session=session, rasa=rasa, zaak=session.merge(zaak), medewerker=session.merge(medewerker),
                           nu=NU)


def test_a_slow_takeover_round_does_not_let_a_second_worker_end_a_takeover_again(engine):
    _stille_overnames(engine, NepRasa(), 3)
    start = NU + timedelta(minutes=20)  # all three idle for longer than 15 minutes
    klok, gewist = Klok(start), []

    def tweede_werker(al_gewist: int) -> None:
        if al_gewist == 2:  # during the third: 4.5 minutes into the round
            verwerk_ronde(engine=engine, bezorgers={}, nu=klok(), klok=klok, werker="w2",
                          rasa=TrageRasa(klok, "w2", gewist))

    verwerk_ronde(engine=engine, bezorgers={}, nu=start, klok=klok, werker="w1",
                  rasa=TrageRasa(klok, "w1", gewist, tijdens=tweede_werker))
    per_gesprek = {gesprek: [w for g, w in gewist if g == gesprek] for gesprek, _ in gewist}
    assert len(per_gesprek) == 3 and all(len(werkers) == 1 for werkers in per_gesprek.values()), per_gesprek


class TrageHerstel:
    """The WhatsApp recovery route, where Rasa takes ``STAP`` per message; ``tijdens(n)`` runs during the n-th."""

    def __init__(self, engine, klok: Klok, tijdens: Callable[[int], None] | None = None) -> None:
        self.engine, self.klok, self.tijdens, self.verwerkt = engine, klok, tijdens, []

    def verwerk(self, rij_id: int, werker: str) -> int:
        bericht = inkomend.van_werker(self.engine, rij_id, werker, self.klok())
        assert bericht is not None, "the route only handles what this worker holds"
        self.klok.nu += STAP
        if self.tijdens is not None:
            self.tijdens(len(self.verwerkt))
        self.verwerkt.append(rij_id)
        inkomend.rond_af(self.engine, bericht, rij_id, self.klok(), [{"text": "Dat kan."}])
        return 1


def test_a_slow_whatsapp_recovery_round_does_not_let_a_second_worker_hand_a_message_over_again(engine):
    ids = [inkomend.registreer(engine, Inkomend(f"wamid.{n}", "31612345678", "tekst", "Mag ik een terras?", NU), NU)
           for n in range(5)]
    start = NU + timedelta(minutes=5)  # the server that received them never finished them
    klok = Klok(start)
    tweede = TrageHerstel(engine, klok)

    def tweede_werker(al_verwerkt: int) -> None:
        if al_verwerkt == 3:
            verwerk_ronde(engine=engine, bezorgers={}, nu=klok(), klok=klok, werker="w2", whatsapp=tweede)

    eerste = TrageHerstel(engine, klok, tijdens=tweede_werker)
    verwerk_ronde(engine=engine, bezorgers={}, nu=start, klok=klok, werker="w1", whatsapp=eerste)
    assert sorted(eerste.verwerkt + tweede.verwerkt) == sorted(ids), "every message handed over exactly once"
    assert tweede.verwerkt, "the second worker did take the messages nobody held"
