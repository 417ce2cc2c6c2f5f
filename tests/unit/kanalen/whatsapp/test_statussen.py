"""WhatsApp status callbacks fed back to the outbox (issue 16): a message the Cloud API accepted
but could not deliver (``failed``, e.g. 131047 outside the 24-hour window) is not delivered.

The fake Graph API behaves like the real one: it accepts a free-form message to a recipient whose
window is closed with 200 and a wamid, and reports the failure afterwards as a signed status.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.kanalen.boekhouding import KanaalVerwerkt, laatste_inkomend
from bot.kanalen.whatsapp import statussen
from bot.kanalen.whatsapp.inkomend import WACHTTIJD
from bot.kanalen.whatsapp.invoer import WhatsAppInput
from bot.kanalen.whatsapp.levering import Status
from bot.kanalen.whatsapp.levering import statussen as statussen_van
from bot.kern.db import transaction
from bot.uitgaand.jobs import bezorg_wachtende
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import markeer_afgeleverd
from bot.zaken.verificatiecode import BERICHT_SOORT as VERIFICATIECODE
from tests.fakes.whatsapp import FakeWhatsApp
from tests.unit.kanalen.whatsapp.hulp import (
    NU,
    WA_ID,
    Webhook,
    bezorger,
    instellingen,
    levering,
    plaats,
    rij,
    venster_open_op,
)

MINUUT = timedelta(minutes=1)


def status(wamid: str, soort: str = "failed", code: int | None = None) -> dict:
    """One entry of ``value.statuses`` as Meta sends it."""
    entry = {"id": wamid, "status": soort, "timestamp": str(int(NU.timestamp())), "recipient_id": WA_ID}
    if code is not None:
        entry["errors"] = [{"code": code, "title": "fout", "message": "fout", "error_data": {"details": "fout"}}]
    return entry


def kanaal_op(engine, fake: FakeWhatsApp, moment: datetime) -> WhatsAppInput:
    return WhatsAppInput(instellingen(fake), engine=engine, klok=lambda: moment)


async def ronde(engine, fake: FakeWhatsApp, nu: datetime) -> dict[str, int]:
    """One delivery round of the worker at ``nu``, off the event loop."""
    return await asyncio.to_thread(bezorg_wachtende, engine=engine, bezorgers={"whatsapp": bezorger(engine, fake, nu=nu)},
                                   nu=nu, werker="w1")


async def stuur_statussen(webhook: Webhook, fake: FakeWhatsApp) -> list[int]:
    """Post the fake's status deliveries to the webhook as Meta would; the answers' status codes."""
    codes = []
    for statuslevering in fake.neem_statussen():
        antwoord = await webhook.client.post("/webhooks/whatsapp/webhook", content=statuslevering.body,
                                             headers=statuslevering.headers)
        codes.append(antwoord.status_code)
    await webhook.klaar()
    return codes


async def verstuurd_buiten_venster(engine, fake: FakeWhatsApp, **extra) -> int:
    """A message the channel sends as free text (it thinks the window is open), which Meta then fails."""
    venster_open_op(engine, NU - timedelta(hours=1))
    fake.sluit_venster(WA_ID)
    bericht_id = plaats(engine, **extra)
    assert await ronde(engine, fake, NU) == {"afgeleverd": 1, "mislukt": 0}
    assert [b["type"] for b in fake.berichten_aan(WA_ID)] == ["text"]
    return bericht_id


async def test_131047_het_bericht_gaat_opnieuw_als_sjabloon_en_komt_eenmaal_aan(engine, fake):
    bericht_id = await verstuurd_buiten_venster(engine, fake)
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        assert await stuur_statussen(webhook, fake) == [200]
        await ronde(engine, fake, NU + 2 * MINUUT)
        assert await stuur_statussen(webhook, fake) == [200]  # the template's "delivered"
        assert await ronde(engine, fake, NU + 3 * MINUUT) == {"afgeleverd": 0, "mislukt": 0}
    assert [b["type"] for b in fake.berichten_aan(WA_ID)] == ["text", "template"]
    [aangekomen] = fake.aangekomen(WA_ID)
    assert aangekomen["type"] == "template"
    opgeslagen = rij(engine, bericht_id)
    assert (opgeslagen.status, opgeslagen.sjabloon) == ("afgeleverd", "ingang_bericht")
    assert "131047" in opgeslagen.laatste_fout


async def test_het_wamid_van_een_verstuurd_bericht_wordt_bewaard(engine, fake):
    bericht_id = await verstuurd_buiten_venster(engine, fake)
    assert rij(engine, bericht_id).extern_id == fake.aanroepen[-1].wamid


async def test_131047_corrigeert_het_venster(engine, fake):
    await verstuurd_buiten_venster(engine, fake)
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        await stuur_statussen(webhook, fake)
    with transaction(engine) as session:
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id=WA_ID) is None


async def test_een_dubbele_statuslevering_is_onschadelijk(engine, fake):
    bericht_id = await verstuurd_buiten_venster(engine, fake)
    [mislukt] = fake.neem_statussen()
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        for _ in range(2):
            antwoord = await webhook.client.post("/webhooks/whatsapp/webhook", content=mislukt.body,
                                                 headers=mislukt.headers)
            assert antwoord.status_code == 200
            await webhook.klaar()
        await ronde(engine, fake, NU + 2 * MINUUT)
        # Meta redelivers the old status once more after the template went out
        antwoord = await webhook.client.post("/webhooks/whatsapp/webhook", content=mislukt.body, headers=mislukt.headers)
        assert antwoord.status_code == 200
        await webhook.klaar()
        await ronde(engine, fake, NU + 3 * MINUUT)
    assert [b["type"] for b in fake.berichten_aan(WA_ID)] == ["text", "template"]
    assert len(fake.aangekomen(WA_ID)) == 1
    assert rij(engine, bericht_id).status == "afgeleverd"


async def test_een_status_met_een_verkeerde_handtekening_wordt_geweigerd(engine, fake):
    bericht_id = await verstuurd_buiten_venster(engine, fake)
    [mislukt] = fake.neem_statussen()
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        vervalst = {**mislukt.headers, "X-Hub-Signature-256": "sha256=" + "0" * 64}
        antwoord = await webhook.client.post("/webhooks/whatsapp/webhook", content=mislukt.body, headers=vervalst)
        await webhook.klaar()
    assert antwoord.status_code == 403
    assert rij(engine, bericht_id).status == "afgeleverd"
    assert await ronde(engine, fake, NU + 2 * MINUUT) == {"afgeleverd": 0, "mislukt": 0}


async def test_een_status_voor_een_onbekend_wamid_wordt_genegeerd(engine, fake):
    bericht_id = await verstuurd_buiten_venster(engine, fake)
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        antwoord = await webhook.post(levering(statuses=[status("wamid.onbekend", code=131047)]))
    assert antwoord.status_code == 200
    opgeslagen = rij(engine, bericht_id)
    assert (opgeslagen.status, opgeslagen.laatste_fout) == ("afgeleverd", None)


async def test_sent_delivered_en_read_geven_nooit_een_fout(engine, fake):
    venster_open_op(engine, NU - timedelta(hours=1))
    bericht_id = plaats(engine)
    await ronde(engine, fake, NU)
    wamid = fake.aanroepen[-1].wamid
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        for soort in ("sent", "delivered", "read"):
            assert (await webhook.post(levering(statuses=[status(wamid, soort)]))).status_code == 200
        assert (await webhook.post(levering(statuses=[{"status": "failed"}, "onzin"]))).status_code == 200
    assert rij(engine, bericht_id).status == "afgeleverd"


async def test_een_definitieve_fout_maakt_het_bericht_mislukt_zonder_persoonsgegevens_in_het_log(
    engine, fake, caplog
):
    venster_open_op(engine, NU - timedelta(hours=1))
    bericht_id = plaats(engine, tekst="Geheim plan van Fatima")
    await ronde(engine, fake, NU)
    wamid = fake.aanroepen[-1].wamid
    caplog.set_level(logging.DEBUG)
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        assert (await webhook.post(levering(statuses=[status(wamid, code=131026)]))).status_code == 200
    opgeslagen = rij(engine, bericht_id)
    assert opgeslagen.status == "mislukt" and "131026" in opgeslagen.laatste_fout
    assert await ronde(engine, fake, NU + 2 * MINUUT) == {"afgeleverd": 0, "mislukt": 0}
    assert "131026" in caplog.text
    assert WA_ID not in caplog.text and "Fatima" not in caplog.text


async def test_een_tijdelijke_fout_wordt_later_opnieuw_geprobeerd(engine, fake):
    venster_open_op(engine, NU - timedelta(hours=1))
    bericht_id = plaats(engine)
    await ronde(engine, fake, NU)
    wamid = fake.aanroepen[-1].wamid
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        await webhook.post(levering(statuses=[status(wamid, code=131000)]))
    opgeslagen = rij(engine, bericht_id)
    assert opgeslagen.status == "wachtend" and opgeslagen.volgende_poging_op > NU + MINUUT
    await ronde(engine, fake, opgeslagen.volgende_poging_op)
    assert [b["type"] for b in fake.berichten_aan(WA_ID)] == ["text", "text"]
    assert rij(engine, bericht_id).status == "afgeleverd"


async def test_een_eenmalige_code_wordt_niet_opnieuw_verstuurd(engine, fake):
    """Its text became a note once it was delivered: sending it again would send the note."""
    bericht_id = await verstuurd_buiten_venster(engine, fake, soort=VERIFICATIECODE, tekst="Uw code is 123456")
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        await stuur_statussen(webhook, fake)
        await ronde(engine, fake, NU + 2 * MINUUT)
    assert rij(engine, bericht_id).status == "mislukt"
    assert [b["type"] for b in fake.berichten_aan(WA_ID)] == ["text"]


async def test_alleen_mislukte_statussen_worden_vastgelegd(engine, fake):
    venster_open_op(engine, NU - timedelta(hours=1))
    plaats(engine)
    await ronde(engine, fake, NU)
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        await stuur_statussen(webhook, fake)  # "delivered"
    with transaction(engine) as session:
        assert session.execute(select(func.count()).select_from(KanaalVerwerkt)).scalar_one() == 0


async def test_een_vastgelegde_maar_onverwerkte_status_neemt_de_werker(engine, fake):
    """The server recorded the status and answered 200, then died before it handled it."""
    bericht_id = await verstuurd_buiten_venster(engine, fake)
    [mislukt] = statussen_van(json.loads(fake.neem_statussen()[0].body))
    assert statussen.leg_vast(engine, [mislukt], NU + MINUUT)[1]
    assert statussen.verwerk_achtergebleven(engine=engine, nu=NU + MINUUT) == 0  # not yet: the server may be on it
    assert statussen.verwerk_achtergebleven(engine=engine, nu=NU + MINUUT + WACHTTIJD) == 1
    assert rij(engine, bericht_id).status == "wachtend"
    await ronde(engine, fake, NU + MINUUT + WACHTTIJD)
    assert [b["type"] for b in fake.berichten_aan(WA_ID)] == ["text", "template"]


def test_statussen_uit_een_levering():
    levering_ = levering(statuses=[status("wamid.1", code=131047), status("wamid.2", "read"), {"status": "failed"},
                                   status("x" * 201), "onzin"])
    assert statussen_van(levering_) == [Status("wamid.1", "failed", (131047,)), Status("wamid.2", "read", ())]
    assert statussen.mislukte(statussen_van(levering_)) == [Status("wamid.1", "failed", (131047,))]


async def test_wie_na_het_versturen_schreef_houdt_het_venster_open(engine, fake):
    await verstuurd_buiten_venster(engine, fake)
    venster_open_op(engine, NU + timedelta(seconds=30))  # the entrepreneur wrote after the message went out
    async with Webhook(kanaal_op(engine, fake, NU + MINUUT)) as webhook:
        await stuur_statussen(webhook, fake)
    with transaction(engine) as session:
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id=WA_ID) == NU + timedelta(seconds=30)


def test_een_status_voor_een_bericht_dat_nog_bezorgd_wordt_komt_later_aan_de_beurt(engine):
    """Sent and its wamid noted, but not marked afgeleverd yet: the status waits for the worker."""
    bericht_id = plaats(engine)
    with transaction(engine) as session:
        session.get(UitgaandBericht, bericht_id).extern_id = "wamid.net-verstuurd"
    [rij_id], alles = statussen.leg_vast(engine, [Status("wamid.net-verstuurd", "failed", (131026,))], NU)
    assert alles and statussen.verwerk_alle(engine, [rij_id], NU) == 0
    with transaction(engine) as session:
        opgeslagen = session.get(KanaalVerwerkt, rij_id)
        assert (opgeslagen.status, opgeslagen.pogingen) == ("ontvangen", 1)
        markeer_afgeleverd(session=session, bericht=session.get(UitgaandBericht, bericht_id), nu=NU)
        volgende = opgeslagen.volgende_poging_op
    assert statussen.verwerk_achtergebleven(engine=engine, nu=volgende) == 1
    assert rij(engine, bericht_id).status == "mislukt"
