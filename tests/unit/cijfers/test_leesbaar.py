"""Readable figures: axes in round steps, labels wrapped and never cut, durations in working time the
Dutch way, and the ZIP of the downloads (the page itself: tests/unit/console/test_cijfers.py)."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import date, datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import jinja2
import pytest

from bot.cijfers.assen import TEKEN_BREEDTE, breek_af, getal, stap_voor_labels, streepjes
from bot.cijfers.contact import leesbare_duur, werkuren_tussen
from bot.cijfers.export import Tabel, als_zip
from bot.cijfers.grafiek import BREEDTE, KLEIN, LETTER, lijndiagram, staafdiagram
from bot.console.web import TEMPLATES

AMS = ZoneInfo("Europe/Amsterdam")
SVG = "{http://www.w3.org/2000/svg}"
LANG = "Bedrijfspand bouwen of verbouwen: omgevingsvergunning, melding en wat u nog meer moet regelen"


@pytest.mark.parametrize("grootste", [0, 1, 2, 3, 7, 10, 23, 99, 100, 101, 1234, 987654])
def test_ticks_are_round_steps_from_zero_past_the_largest_value(grootste):
    ticks = streepjes(grootste)
    stap = ticks[1] - ticks[0]
    assert ticks[0] == 0 and ticks[-1] >= grootste and len(ticks) >= 3
    assert all(math.isclose(b - a, stap) for a, b in zip(ticks, ticks[1:], strict=False))
    macht = 10 ** math.floor(math.log10(stap))
    assert stap / macht in (1, 2, 5) and stap >= 1  # counts: never a step of 0.5
    assert ticks[-2] < grootste or grootste == 0 or len(ticks) == 3  # no empty step on top


def test_numbers_are_written_the_dutch_way():
    assert [getal(w) for w in (0, 12, 2.5, 1250, 1234567.5)] == ["0", "12", "2,5", "1.250", "1.234.567,5"]


@pytest.mark.parametrize("tekst", [LANG, "Terras", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b"])
def test_a_wrapped_label_keeps_every_word_and_each_line_fits(tekst):
    breedte = 300
    regels = breek_af(tekst, breedte, LETTER)
    assert "".join(regels).replace(" ", "") == tekst.replace(" ", "")  # nothing left out, nothing shortened
    assert all(len(r) * LETTER * TEKEN_BREEDTE <= breedte for r in regels)
    assert "…" not in "".join(regels)


def test_day_labels_are_thinned_so_they_never_overlap():
    assert stap_voor_labels(7, 560, 70) == 1
    for dagen in (30, 90, 366):
        stap = stap_voor_labels(dagen, 560, 70)
        assert math.ceil(dagen / stap) * 70 <= 560 + 70 and stap in (2, 3, 7, 14) or stap % 7 == 0


def macros():
    omgeving = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return omgeving.get_template("grafiek.html").module


def test_the_bar_chart_shows_full_labels_values_and_an_axis_inside_its_width():
    labels, waarden = [LANG, "<script>alert(1)</script>", "Terras"], [17, 3, 1]
    layout = staafdiagram(labels, waarden)
    svg = str(macros().staafdiagram("g", layout, "Onderwerpen", labels, "keer"))
    boom = ElementTree.fromstring(svg)  # well-formed XML, the title escaped
    assert "<script>" not in svg and boom.find(f"{SVG}title").text == "Onderwerpen"
    gelezen = [" ".join(t.text for t in tekst.iter(f"{SVG}tspan"))
               for tekst in boom.iter(f"{SVG}text") if tekst.get("class") == "staaf-label"]
    assert gelezen == labels  # every label whole, over as many lines as it needs
    assert len(layout.staven[0].regels) > 1
    waarden_op_staven = [t.text for t in boom.iter(f"{SVG}text") if t.get("class") == "staaf-waarde"]
    assert waarden_op_staven == ["17", "3", "1"]
    assert [s.tekst for s in layout.streepjes] == ["0", "5", "10", "15", "20"]
    for staaf in layout.staven:
        assert staaf.waarde_x + len(staaf.waarde) * LETTER * TEKEN_BREEDTE <= BREEDTE
        assert all(y < staaf.y for y, _ in staaf.regels)  # the label above its bar, never beside it


def test_the_line_chart_has_a_legend_unit_several_ticks_and_readable_days():
    dagen = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
    reeksen = {"Website-chat": [i % 7 for i in range(30)], "Koppeling met een ander systeem": [1] * 30,
               "WhatsApp": [0] * 30, "Telegram": [2] * 30}
    layout = lijndiagram(dagen, reeksen)
    assert [t.tekst for t in layout.y_streepjes] == ["0", "2", "4", "6"]
    x = [t.positie for t in layout.x_streepjes]
    assert len(x) >= 4 and min(b - a for a, b in zip(x, x[1:], strict=False)) >= len("30 sep.") * KLEIN * TEKEN_BREEDTE
    assert layout.x_streepjes[0].tekst == "1 nov"
    for lijn in layout.lijnen:  # every legend entry inside the chart, none on top of another
        assert lijn.legenda[0] + 20 + len(lijn.naam) * KLEIN * TEKEN_BREEDTE <= BREEDTE
    assert len({lijn.legenda for lijn in layout.lijnen}) == 4
    svg = str(macros().lijndiagram("l", layout, "Gesprekken", "Aantal gesprekken per dag"))
    boom = ElementTree.fromstring(svg)
    assert [t.text for t in boom.iter(f"{SVG}text") if t.get("class") == "legenda"] == list(reeksen)
    assert "Aantal gesprekken per dag" in svg


def moment(dag: int, uur: int, minuut: int = 0) -> datetime:
    return datetime(2026, 11, dag, uur, minuut, tzinfo=AMS)


@pytest.mark.parametrize("begin, eind, uren", [
    (moment(23, 10), moment(23, 13), 3),  # Monday morning to noon
    (moment(27, 18), moment(30, 9), 0.5),  # Friday evening to Monday 09:00: only Monday 08:30-09:00 counts
    (moment(27, 16), moment(30, 9, 30), 2),  # an hour on Friday, an hour on Monday
    (moment(28, 10), moment(28, 15), 0),  # a Saturday
    (moment(23, 9), moment(24, 9), 8.5),  # one working day
    (moment(23, 12), moment(23, 11), 0),  # never negative
])
def test_time_to_contact_counts_working_hours_only(begin, eind, uren):
    assert werkuren_tussen(begin, eind) == pytest.approx(uren)


def test_time_to_contact_skips_public_holidays():
    kerst = datetime(2026, 12, 24, 16, 0, tzinfo=AMS)  # Thursday; 25 and 26 December are holidays
    assert werkuren_tussen(kerst, datetime(2026, 12, 28, 9, 30, tzinfo=AMS)) == pytest.approx(2)


@pytest.mark.parametrize("werkuren, soort, getal_, meervoud", [
    (0.25, "minuten", "15", True), (1 / 60, "minuten", "1", False), (0, "minuten", "0", True),
    (3, "uren", "3", True), (3.46, "uren", "3,5", True),
    (8.5, "werkdagen", "1", False), (12.75, "werkdagen", "1,5", False), (17, "werkdagen", "2", True),
])
def test_durations_read_in_minutes_hours_or_working_days(werkuren, soort, getal_, meervoud):
    duur = leesbare_duur(werkuren)
    assert (duur.soort, duur.getal, duur.meervoud) == (soort, getal_, meervoud)


def test_no_recorded_contact_is_no_duration():
    assert leesbare_duur(None) is None


def test_the_zip_holds_one_csv_per_table_each_with_a_bom_and_its_header():
    tabellen = [Tabel(bestand="onderwerpen", kolommen=["Onderwerp", "Keer beantwoord"], rijen=[["Terras", 2]]),
                Tabel(bestand="open-beloften-per-team", kolommen=["Team", "Open beloften", "Waarvan te laat"], rijen=[])]
    with zipfile.ZipFile(io.BytesIO(als_zip(tabellen))) as archief:
        assert archief.namelist() == ["onderwerpen.csv", "open-beloften-per-team.csv"]
        assert archief.read("onderwerpen.csv").decode("utf-8") == "\ufeffOnderwerp;Keer beantwoord\r\nTerras;2\r\n"
        assert archief.read("open-beloften-per-team.csv").decode("utf-8") == "\ufeffTeam;Open beloften;Waarvan te laat\r\n"
