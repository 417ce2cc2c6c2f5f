"""The service norms (config/servicenormen.yml): the real file, and every kind of broken file named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.beloften.normen import Servicenorm, lees_servicenormen
from bot.kern.settings import PROJECT_ROOT

SERVICENORMEN = PROJECT_ROOT / "config" / "servicenormen.yml"


def test_the_real_service_norms():
    assert lees_servicenormen(SERVICENORMEN) == {
        "terugbellen": Servicenorm("terugbellen", 8, "binnen 1 werkdag terugbellen", 2, urgent_werkuren=4),
        "mailen": Servicenorm("mailen", 8, "binnen 1 werkdag een e-mail sturen", 2, urgent_werkuren=4),
        "bezoek_inplannen": Servicenorm("bezoek_inplannen", 40, "binnen 5 werkdagen een bezoek inplannen", 8,
                                        urgent_werkuren=16),
        "adviesgesprek": Servicenorm("adviesgesprek", 16, "binnen 2 werkdagen een adviesgesprek", 4, urgent_werkuren=8),
    }


def test_an_urgent_case_gets_the_shorter_norm_where_one_is_configured():
    norm = Servicenorm("terugbellen", 8, "binnen 1 werkdag terugbellen", 2, urgent_werkuren=4)
    assert (norm.werkuren_voor(urgent=True), norm.werkuren_voor(urgent=False)) == (4, 8)
    zonder = Servicenorm("terugbellen", 8, "binnen 1 werkdag terugbellen", 2)
    assert zonder.werkuren_voor(urgent=True) == 8


def test_an_optional_urgent_norm_is_read(tmp_path: Path):
    pad = tmp_path / "servicenormen.yml"
    pad.write_text(GOED + "    urgent_werkuren: 3.5\n", encoding="utf-8")
    assert lees_servicenormen(pad)["terugbellen"].urgent_werkuren == 3.5


GOED = """\
servicenormen:
  terugbellen:
    werkuren: 8
    omschrijving: "binnen 1 werkdag terugbellen"
    herinnering_uren_voor: 2
"""


@pytest.mark.parametrize(
    ("inhoud", "veld"),
    [
        (GOED.replace("    werkuren: 8\n", ""), "servicenormen.terugbellen.werkuren"),
        (GOED.replace("werkuren: 8", "werkuren: acht"), "servicenormen.terugbellen.werkuren"),
        (GOED.replace("werkuren: 8", "werkuren: 0"), "servicenormen.terugbellen.werkuren"),
        # the reminder must come after the handoff: less than werkuren, not negative
        (GOED.replace("voor: 2", "voor: 8"), "servicenormen.terugbellen.herinnering_uren_voor"),
        (GOED.replace("voor: 2", "voor: -1"), "servicenormen.terugbellen.herinnering_uren_voor"),
        (GOED.replace('"binnen 1 werkdag terugbellen"', '""'), "servicenormen.terugbellen.omschrijving"),
        (GOED.replace("herinnering_uren_voor", "herinnering"), "servicenormen.terugbellen.herinnering"),
        (GOED + "    kanaal: telefoon\n", "servicenormen.terugbellen.kanaal"),
        (GOED.replace("servicenormen:", "normen:"), "servicenormen"),
        # the urgent norm is shorter than the norm and still after the reminder
        (GOED + "    urgent_werkuren: 8\n", "servicenormen.terugbellen.urgent_werkuren"),
        (GOED + "    urgent_werkuren: 0\n", "servicenormen.terugbellen.urgent_werkuren"),
        (GOED + "    urgent_werkuren: 2\n", "servicenormen.terugbellen.urgent_werkuren"),
        (GOED + "    urgent_werkuren: snel\n", "servicenormen.terugbellen.urgent_werkuren"),
        ("servicenormen: []\n", "servicenormen"),
        ("servicenormen:\n  terugbellen: 8\n", "servicenormen.terugbellen"),
    ],
)
def test_a_broken_service_norm_file_names_file_and_field(tmp_path: Path, inhoud, veld):
    pad = tmp_path / "servicenormen.yml"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(ValueError) as fout:
        lees_servicenormen(pad)
    assert str(pad) in str(fout.value)
    assert f"'{veld}'" in str(fout.value)


def test_a_service_norm_file_that_is_not_yaml_names_the_file(tmp_path: Path):
    pad = tmp_path / "servicenormen.yml"
    pad.write_text("servicenormen: [terugbellen\n", encoding="utf-8")
    with pytest.raises(ValueError, match="geen geldige YAML") as fout:
        lees_servicenormen(pad)
    assert str(pad) in str(fout.value)


def test_every_problem_of_the_file_is_reported_at_once_as_a_configuration_error(tmp_path: Path):
    from bot.kern.configuratie import ConfiguratieFout

    pad = tmp_path / "servicenormen.yml"
    pad.write_text(GOED.replace("werkuren: 8", "werkuren: true") + "  mailen: 8\n", encoding="utf-8")
    with pytest.raises(ConfiguratieFout) as fout:
        lees_servicenormen(pad)
    assert {p.veld for p in fout.value.problemen} == {"servicenormen.terugbellen.werkuren", "servicenormen.mailen"}
    assert "moet een getal zijn: True" in str(fout.value)
