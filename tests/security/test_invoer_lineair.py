"""Attack 3 of issue 13, the part in the code: one message stalls everyone.

An 80 KB message of repeated ``<script>`` kept the Rasa server busy for seconds: the cleaning
regex was quadratic and ran before the length cut. Every function that reads user text must
stay fast on 1 MB of the worst input we can think of, and every regex they use must be linear
on its own (also without the length cut in front of it).
"""

from __future__ import annotations

import inspect
from contextlib import suppress
from datetime import date

import pytest

from bot.beloften import klacht
from bot.componenten import intentwoorden, nlu, vraagvorm
from bot.kennisbank import antwoorden, betekenis, situaties
from bot.kennisbank.artikel import Artikel
from bot.kern import invoer, spreektaal, telefoon, velden
from bot.kern.settings import PROJECT_ROOT
from bot.overdracht import contactvoorkeur, eigen_zaak, namen, opmerkingen, uitlezen, urgentie
from bot.zaken import models as zaken
from tests.security.vijandig import MB, TeTraag, patronen_van, snelste_duur, vijandige_teksten

GRENS = 0.1  # seconds, per call
ARTIKEL = Artikel(id="terrasvergunning", titel="Terras", upl=(), kort_antwoord="Een terras.", uitleg="", voorwaarden=("Er blijft "
                  "1,50 m vrij.",), kosten="", doorlooptijd="", aanvragen="", link="https://www.voorbeeldstad.nl/terras",
                  team="horeca-evenementen", zoektermen=(), synoniemen=(), laatst_gecontroleerd=date(2026, 1, 1))

SITUATIES = situaties.SituatieIndex(situaties.lees_situaties(PROJECT_ROOT / "kennisbank" / "situaties"))


def _lees_patroon(tekst: str) -> None:
    with suppress(ValueError):  # a phrase of content, checked by the loader: a wrong one is refused, quickly
        situaties.lees_patroon(tekst)


# Every public function of these modules that reads user text, called with that text.
FUNCTIES = {
    "invoer.begrens": invoer.begrens,
    "invoer.zonder_losse_surrogaten": invoer.zonder_losse_surrogaten,
    "invoer.schoon_tekst": invoer.schoon_tekst,
    "invoer.bevat_html": invoer.bevat_html,
    "invoer.is_te_lang": invoer.is_te_lang,
    "invoer.beoordeel_invoer": invoer.beoordeel_invoer,
    "invoer.is_vraagzin": invoer.is_vraagzin,
    "invoer.opent_met_vraagwoord": invoer.opent_met_vraagwoord,
    "invoer.is_vraag_van_vorm": invoer.is_vraag_van_vorm,
    "invoer.is_engels": invoer.is_engels,
    "velden.vind_email": velden.vind_email,
    "velden.is_email": velden.is_email,
    "velden.vind_kvk_nummer": velden.vind_kvk_nummer,
    "velden.vind_telefoonnummer": velden.vind_telefoonnummer,
    "uitlezen.lees": uitlezen.lees,
    "uitlezen.lees_gesprek": lambda tekst: uitlezen.lees_gesprek([tekst, tekst]),
    "uitlezen.vraagt_persoon": uitlezen.vraagt_persoon,
    "uitlezen.vraagt_wanneer_gebeld": uitlezen.vraagt_wanneer_gebeld,
    "klacht.belofte_niet_nagekomen": klacht.belofte_niet_nagekomen,
    "eigen_zaak.vraagt_eigen_dossier": eigen_zaak.vraagt_eigen_dossier,
    "eigen_zaak.vraagt_oordeel": eigen_zaak.vraagt_oordeel,
    "eigen_zaak.over_handhaving": eigen_zaak.over_handhaving,
    "eigen_zaak.vraagt_wie_accountmanager": eigen_zaak.vraagt_wie_accountmanager,
    "uitlezen.vraagt_contactgegevens": uitlezen.vraagt_contactgegevens,
    "uitlezen.belmoment_in": lambda tekst: uitlezen.belmoment_in([tekst, tekst]),
    "uitlezen.is_verhaal": uitlezen.is_verhaal,
    "uitlezen.zonder_telefoon": lambda tekst: uitlezen.zonder_telefoon(tekst, "+31612345678"),
    "uitlezen.eerste": lambda tekst: [uitlezen.eerste(p, tekst) for p in (namen.ADRES, uitlezen.DATUM, namen.PLEK)],
    "namen.naam_in": lambda tekst: namen.naam_in(tekst, "Aa"),
    "namen.naam_voor_telefoon": namen.naam_voor_telefoon,
    "opmerkingen.zonder_opmerkingen": opmerkingen.zonder_opmerkingen,
    "namen.bedrijf_in": namen.bedrijf_in,
    "namen.nieuwe_naam": namen.nieuwe_naam,
    "uitlezen.kaal_moment": uitlezen.kaal_moment,
    "uitlezen.bezoekers_in": uitlezen.bezoekers_in,
    "uitlezen.factuurnummer_in": uitlezen.factuurnummer_in,
    "uitlezen.reden_in": uitlezen.reden_in,
    "uitlezen.zinnen_met": lambda tekst: [uitlezen.zinnen_met(p, tekst) for p in (uitlezen.VERBOUWING, uitlezen.PLANNING)],
    "urgentie.woorden_van": urgentie.woorden_van,
    "urgentie.herken_urgentie": lambda tekst: urgentie.herken_urgentie([tekst, tekst]),
    "spreektaal.voluit": spreektaal.voluit,
    "spreektaal.zonder_accenten": spreektaal.zonder_accenten,
    "vraagvorm.is_vraag": lambda tekst: vraagvorm.is_vraag(tekst, 0.9),
    "vraagvorm.is_wens": vraagvorm.is_wens,
    "intentwoorden.is_afscheid": intentwoorden.is_afscheid,
    "intentwoorden.vraagt_geen_contact": intentwoorden.vraagt_geen_contact,
    "intentwoorden.woorden_steunen": lambda tekst: [intentwoorden.woorden_steunen(intent, tekst)
                                                    for intent in ("request_human", "ask_status")],
    "intentwoorden.nee_met_dank": intentwoorden.nee_met_dank,
    "intentwoorden.vraagt_geen_status": intentwoorden.vraagt_geen_status,
    "intentwoorden.klaagt_niet": intentwoorden.klaagt_niet,
    "nlu.is_ja_in_woorden": nlu.is_ja_in_woorden,
    "nlu.vraagt_een_mens": lambda tekst: [nlu.vraagt_een_mens(tekst, intent) for intent in ("deny", "affirm")],
    "nlu.wil_geen_contact": nlu.wil_geen_contact,
    "nlu.vraagt_privacy": nlu.vraagt_privacy,
    "vraagvorm.groet_met_vraag": vraagvorm.groet_met_vraag,
    "vraagvorm.na_erkenning": vraagvorm.na_erkenning,
    "vraagvorm.weet_niet_welke": vraagvorm.weet_niet_welke,
    "vraagvorm.stopt_met_zaak": vraagvorm.stopt_met_zaak,
    "vraagvorm.vraagt_onderdeel": vraagvorm.vraagt_onderdeel,
    "betekenis.leesbare_tekst": betekenis.leesbare_tekst,
    "contactvoorkeur.wil_gemaild_worden": lambda tekst: contactvoorkeur.wil_gemaild_worden([tekst, tekst]),
    "contactvoorkeur.stelt_moment_voor": contactvoorkeur.stelt_moment_voor,
    "nlu.vraagt_iets_anders": nlu.vraagt_iets_anders,
    "antwoorden.vraagt_iets_specifieks": antwoorden.vraagt_iets_specifieks,
    "antwoorden.onderdeel_uit_tekst": antwoorden.onderdeel_uit_tekst,
    "antwoorden.onderdelen_uit_tekst": antwoorden.onderdelen_uit_tekst,
    "antwoorden.vraagdelen": antwoorden.vraagdelen,
    "antwoorden.vraagt_te_bellen": antwoorden.vraagt_te_bellen,
    "antwoorden.vraagt_een_regel": antwoorden.vraagt_een_regel,
    "antwoorden.kan_niet_betalen": antwoorden.kan_niet_betalen,
    "antwoorden.regels_bij_vervolg": lambda tekst: antwoorden.regels_bij_vervolg(ARTIKEL, tekst, []),
    "situaties.herken_situatie": lambda tekst: situaties.herken_situatie(tekst, SITUATIES),
    "situaties.begint_iets_en_vraagt_alles": situaties.begint_iets_en_vraagt_alles,
    "situaties.lees_patroon": _lees_patroon,
}
MODULES = (invoer, velden, uitlezen, namen, eigen_zaak, urgentie, spreektaal, nlu, intentwoorden, vraagvorm, opmerkingen, klacht,
           contactvoorkeur, antwoorden, situaties)
TEKST_PARAMETERS = {"tekst", "ruwe_tekst", "teksten", "berichten", "zin"}
WORST_1MB = list(vijandige_teksten(MB))


def test_every_function_that_reads_user_text_is_guarded():
    """A new function on user text in these modules must join FUNCTIES (and so this guard)."""
    lezers = set()
    for module in MODULES:
        for naam, functie in vars(module).items():
            if naam.startswith("_") or not inspect.isfunction(functie) or functie.__module__ != module.__name__:
                continue
            parameters = list(inspect.signature(functie).parameters)
            if set(parameters) & TEKST_PARAMETERS:
                lezers.add(f"{module.__name__.rsplit('.', 1)[-1]}.{naam}")
    lezers.add("velden.vind_telefoonnummer")  # re-exported from bot.kern.telefoon
    assert lezers <= set(FUNCTIES), sorted(lezers - set(FUNCTIES))


@pytest.mark.parametrize("naam", FUNCTIES)
def test_one_megabyte_of_hostile_text_is_read_quickly(naam):
    functie = FUNCTIES[naam]
    traag = {}
    for soort, tekst in WORST_1MB:
        try:
            duur = snelste_duur(lambda: functie(tekst), grens=1.0)  # noqa: B023 - called at once
        except TeTraag:
            duur = float("inf")
        if duur >= GRENS:
            traag[soort] = f"{duur * 1000:.0f} ms"
    assert traag == {}


PATRONEN = patronen_van(invoer, velden, telefoon, uitlezen, namen, eigen_zaak, zaken, spreektaal, nlu, intentwoorden, vraagvorm,
                        opmerkingen, klacht, betekenis, contactvoorkeur, antwoorden, situaties)
WORST_100KB = list(vijandige_teksten(100_000))
# A linear pattern reads 100 KB in tens of milliseconds; each quadratic pattern these modules had
# needed from 3 s (the tag pattern) to hours (the address pattern) for it.
PATROON_GRENS = 0.5


@pytest.mark.parametrize("naam", PATRONEN)
def test_every_regex_on_user_text_is_linear(naam):
    """Without any length cut, 100 KB of hostile text through each pattern."""
    patroon = PATRONEN[naam]
    traag = {}
    for soort, tekst in WORST_100KB:
        try:
            duur = snelste_duur(lambda: [m.group(0) for m in patroon.finditer(tekst)], keren=2, grens=1.0)  # noqa: B023
        except TeTraag:
            duur = float("inf")
        if duur >= PATROON_GRENS:
            traag[soort] = f"{duur * 1000:.0f} ms"
    assert traag == {}
