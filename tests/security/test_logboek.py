"""Attack 6 of issue 13: secrets and personal data in the logs.

A handoff with a phone number and an e-mail address, a takeover through Rasa's HTTP API (its token
travels as ``?token=`` and httpx logs the URL) and a worker round; then every log is searched:
the Rasa server's, the action server's, the worker's and this process's own.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bot.integraties.rasa_api import RasaApi
from bot.kern.logboek import installeer_maskering
from tests.assistent import PROJECT_ROOT, TOKEN, Assistent, beantwoord_tot_overdracht, start_assistent

TELEFOON = "06-48273915"
EMAIL = "f.vermeulen-ingang@voorbeeld-bedrijf.nl"
GEHEIMEN = ("48273915", EMAIL, TOKEN)


@pytest.fixture(scope="module")
def met_logboek(tmp_path_factory, artikelen) -> tuple[Assistent, Path]:
    map_ = tmp_path_factory.mktemp("logboek")
    with start_assistent(map_, artikelen) as assistent:
        yield assistent, map_


def test_no_token_phone_number_or_e_mail_address_in_any_log(met_logboek, caplog):
    assistent, map_ = met_logboek
    installeer_maskering()  # as every process of Ingang does at its start
    gesprek = uuid.uuid4().hex
    with caplog.at_level(logging.DEBUG):
        berichten = assistent.praat(f"ik wil iemand spreken over een terras voor mijn café, bel me op {TELEFOON} "
                                    f"of mail {EMAIL}", gesprek)
        beantwoord_tot_overdracht(assistent, gesprek, berichten, {"contact": f"Fleur Vermeulen, {TELEFOON}"})
        api = RasaApi(url=assistent.url, token=assistent.token)
        api.zet_overname(gesprek, "Sanne de Vries")
        api.zet_overname(gesprek, None)
        ronde = subprocess.run(
            [sys.executable, "-m", "bot.worker", "--eenmalig"], cwd=PROJECT_ROOT, capture_output=True, text=True,
            timeout=120, env={**os.environ, "INGANG_DATABASE_URL": assistent.database_url,
                              "INGANG_RASA_URL": assistent.url, "INGANG_RASA_TOKEN": assistent.token,
                              "INGANG_TRACKER_URL": assistent.tracker_url},
        )
    assert ronde.returncode == 0, ronde.stderr[-2000:]
    assert "48273915" in "".join(TELEFOON.split("-")), "the test's own number is what is searched for"

    logs = {pad.name: pad.read_text(encoding="utf-8", errors="replace") for pad in map_.glob("*.log")}
    logs["werker"] = ronde.stdout + ronde.stderr
    logs["deze test"] = caplog.text
    assert {"rasa.log", "acties.log"} <= set(logs)
    gevonden = {naam: [g for g in GEHEIMEN if g in tekst] for naam, tekst in logs.items()}
    assert {naam: g for naam, g in gevonden.items() if g} == {}
