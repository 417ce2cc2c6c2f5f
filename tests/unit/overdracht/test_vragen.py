"""config/vragen.yml: the questions per kind of case, validated like every configuration file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.kern.configuratie import ConfiguratieFout
from bot.kern.settings import PROJECT_ROOT
from bot.overdracht.vragen import lees_vraagsoorten


def test_each_kind_asks_its_own_questions():
    soorten = lees_vraagsoorten()
    assert soorten.stappen_voor("factuur") == ["wat", "factuurnummer", "factuurdatum"]
    assert soorten.stappen_voor("schuldhulp-ondernemers") == ["situatie", "wat_helpt"]
    assert soorten.stappen_voor("winkeltijden") == ["wat", "waarom", "hoe"]
    assert soorten.stappen_voor(None) == ["wat", "waarom", "hoe"]


def test_after_a_whole_story_the_motive_is_not_asked():
    soorten = lees_vraagsoorten()
    verhaal = ("ik heb een snackbar aan de Dorpsstraat 12 en wil in de zomer een ijskar voor de deur zetten, "
               "wie kan me daarmee helpen")
    assert soorten.stappen_voor("standplaats", verhaal=verhaal) == ["wat", "adres", "hoe"]
    assert soorten.stappen_voor("standplaats", verhaal="een ijskar voor de deur") == ["wat", "waarom", "adres", "hoe"]
    assert soorten.stappen_voor("factuur", verhaal=verhaal) == ["wat", "factuurnummer", "factuurdatum"]


def test_every_subject_named_is_a_subject_of_the_kennisbank():
    bekend = {o["id"] for o in yaml.safe_load((PROJECT_ROOT.parent / "shared" / "kennisbank-onderwerpen.yml").read_text())["onderwerpen"]}
    soorten = lees_vraagsoorten()
    assert {o for s in soorten.soorten.values() for o in s.onderwerpen} <= bekend


def test_an_unknown_step_is_refused_with_the_file_and_the_field(tmp_path: Path):
    data = yaml.safe_load((PROJECT_ROOT / "config" / "vragen.yml").read_text())
    data["soorten"]["factuur"]["stappen"] = ["wat", "factuurnumer"]
    pad = tmp_path / "vragen.yml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ConfiguratieFout) as fout:
        lees_vraagsoorten.__wrapped__(pad)
    assert "soorten.factuur.stappen" in str(fout.value) and "factuurnumer" in str(fout.value)
