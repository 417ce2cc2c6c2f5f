"""Bookkeeping of the chat channels (bot/kanalen/boekhouding.py): handled message ids and the window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.kanalen.boekhouding import laatste_inkomend, markeer_verwerkt, ruim_verwerkt_op, werk_venster_bij
from bot.kern.db import transaction
from tests.unit.kanalen.whatsapp.hulp import NU, WA_ID


def test_dubbele_extern_id_geeft_integrity_error(engine):
    with transaction(engine) as session:
        markeer_verwerkt(session=session, kanaal="whatsapp", extern_id="wamid.1", moment=NU)
        markeer_verwerkt(session=session, kanaal="telegram", extern_id="wamid.1", moment=NU)  # another channel
    with pytest.raises(IntegrityError), transaction(engine) as session:
        markeer_verwerkt(session=session, kanaal="whatsapp", extern_id="wamid.1", moment=NU)
    with transaction(engine) as session:
        assert ruim_verwerkt_op(session=session, voor=NU + timedelta(seconds=1)) == 2


def test_venster_schuift_alleen_vooruit(engine):
    with transaction(engine) as session:
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=NU)
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=NU - timedelta(hours=3))
    with transaction(engine) as session:
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id=WA_ID) == NU
        werk_venster_bij(session=session, kanaal="whatsapp", kanaal_id=WA_ID, moment=NU + timedelta(hours=1))
    with transaction(engine) as session:
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id=WA_ID) == NU + timedelta(hours=1)
        assert laatste_inkomend(session=session, kanaal="whatsapp", kanaal_id="ander") is None
