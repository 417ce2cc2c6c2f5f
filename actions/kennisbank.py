"""Answering from the kennisbank: pick the article, the part or parts asked for, and reply.

No answer is sent twice in one conversation. A follow-up that asks again what was already
shown is a question the article does not answer: the bot looks for another subject in it, and
otherwise says honestly what it does not know and offers a person. A message with two
questions gets both parts of the article, or the first subject with the second one offered.
An article that tells the entrepreneur to phone or e-mail is followed by the offer to arrange
it. An angry message is acknowledged first.

Reading the current kennisbank checks the database (and rebuilds the search index after an
edit): that runs in a worker thread, off the action server's event loop.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.bericht import entiteit, is_boos, is_ingekort
from actions.contact import noemt_medewerker
from actions.context import (
    afgewezen_onderwerp,
    alleen_huidig_genoemd,
    contact_afgeslagen,
    heeft_onderwerp,
    instantie_bij_huidig,
    kies_uit_lijst,
    lijst_artikelen,
    loket_voor_nummer,
    los_van_onderwerp,
    van_het_team,
    verwijst_terug,
    vorige_actie,
    wacht_op_zaak,
    zonder_ontkenning,
)
from actions.herhaling import eerste_nieuwe, heeft_nieuwe_variatie, verstuur, verstuurde_teksten
from actions.keuze import bied_keuze, gekozen_uit_lijst, keuze_na_lijst, vraag_welk_onderwerp, vraag_welke_keuze
from actions.naslag import antwoord_uit_naslag
from actions.overdracht.status import bevestig_aanvulling, bezwaar_na_overdracht, toon_eigen_zaken
from actions.vervolg import (
    DEEL_DREMPEL,
    DREMPELS,
    WISSEL_DREMPEL,
    antwoord_in_huidig,
    hoofdonderwerp_eerst,
    noemt_huidig,
    passage_van_vervolg,
    score_van,
    vragen_per_onderwerp,
    zorg_gaat_voor,
)
from bot.kennisbank.antwoorden import (
    ONDERDEEL_PER_INTENT,
    VAAG_VERVOLG,
    Onderdeel,
    ander_onderwerp_bericht,
    antwoord_bericht,
    is_algemene_vraag,
    kan_niet_betalen,
    niet_gedekt_bericht,
    nieuwe_onderdelen,
    onderdelen_uit_tekst,
    regels_bij_vervolg,
    vraagdelen,
    vraagt_iets_specifieks,
    vraagt_te_bellen,
    welk_onderdeel_bericht,
)
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.instanties import Instantie, herken_instantie, hoort_bij_instantie, instantie_tekst
from bot.kennisbank.naslag import gedeelde_naslag
from bot.kennisbank.passage import Passage, begin_van_onderdeel, passage_bericht
from bot.kennisbank.zoeken import ONDERDEEL_WOORDEN, Treffer, beslis, voorstel_bij_twijfel
from bot.kennisbank.zoeker import Kennisbank, gedeelde_zoeker
from bot.overdracht.contactvoorkeur import stelt_moment_voor
from bot.overdracht.eigen_zaak import over_handhaving, vraagt_eigen_dossier, vraagt_oordeel, vraagt_wie_accountmanager
from bot.overdracht.service import lees_regels, niet_begrepen_te_vaak, raakt_meerdere_teams, vraagt_zorg
from bot.overdracht.uitlezen import vraagt_persoon

logger = logging.getLogger(__name__)

ZOEKER = gedeelde_zoeker()
NASLAG = gedeelde_naslag()  # the situations and the glossary


def verwijs_naar(dispatcher: CollectingDispatcher, tracker: Tracker, instantie: Instantie) -> None:
    """Name the organisation that arranges this, in a wording not sent before in the conversation."""
    verstuurd = verstuurde_teksten(tracker)
    wijzen = [instantie_tekst(instantie, variant) for variant in (0, 1)]
    dispatcher.utter_message(text=eerste_nieuwe(wijzen, verstuurd) or wijzen[-1])


async def past_in_gesprek(tracker: Tracker, tekst: str) -> bool:
    """Whether a message that looks out of scope is a follow-up on what the conversation is about
    ("hoe doe ik daar aangifte van" after the B&B list): it refers back, and it asks for a part of
    an article or fits the current subject or one of the listed articles; or it picks one of the
    listed articles ("nummer 3")."""
    if gekozen_uit_lijst(tekst, tracker):
        return True
    if not (verwijst_terug(tekst) and heeft_onderwerp(tracker)):
        return False
    if onderdelen_uit_tekst(tekst) != [Onderdeel.KORT]:
        return True
    kennisbank = await asyncio.to_thread(ZOEKER.actueel)
    if kies_uit_lijst(kennisbank.index, tekst, lijst_artikelen(tracker)):
        return True
    huidig = kennisbank.artikel(tracker.get_slot("onderwerp"))
    return huidig is not None and noemt_huidig(kennisbank.index.zoek(tekst), huidig)


FORMULIER = "vraag_form"
VERTEL = "utter_vertel_plan"
AFSLUITINGEN = ("utter_vraag_geholpen", "utter_meerdere_teams")  # the questions that close a card


def alleen_het_antwoord(events: list[dict[str, Any]], dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """A question during the handoff's questions: only the answer, no offer of a person or "heeft dit u geholpen?"."""
    dispatcher.messages[:] = [bericht for bericht in dispatcher.messages if bericht.get("response") not in AFSLUITINGEN]
    if not dispatcher.messages:
        dispatcher.utter_message(response="utter_vraag_voor_medewerker")
    return [event for event in events if event.get("event") != "followup"
            and not (event.get("event") == "slot" and event.get("name") == "onderwerp")]


class ActionBeantwoordVraag(Action):
    """Answers a question, or a follow-up on the current subject, from the kennisbank."""

    def name(self) -> str:
        return "action_beantwoord_vraag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("taal") == "en" and (tracker.latest_message.get("intent") or {}).get("name") == "nlu_fallback":
            return [FollowupAction("action_engels")]  # "permit": the English speaker gets English, not a Dutch "sorry"
        events = await self._antwoord(dispatcher, tracker, domain)
        if (tracker.active_loop or {}).get("name") == FORMULIER:
            return alleen_het_antwoord(events, dispatcher)
        return events

    async def _antwoord(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        tekst = tracker.latest_message.get("text") or ""
        if is_ingekort(tracker):
            dispatcher.utter_message(response="utter_invoer_ingekort")
        kennisbank = await asyncio.to_thread(ZOEKER.actueel)
        gevraagd = onderdelen_uit_tekst(tekst, ONDERDEEL_PER_INTENT.get(intent))
        gekozen = kennisbank.artikel(entiteit(tracker, "onderwerp"))
        if gekozen:  # a button: the part of its intent
            onderdeel = ONDERDEEL_PER_INTENT.get(intent) or Onderdeel.KORT
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, gekozen, [onderdeel], [])
        # "het gaat niet over standplaats", "nee we willen geen bedrijf starten!": not that subject again, nor what the
        # no negates
        afgewezen = afgewezen_onderwerp(tekst, tracker, kennisbank.index)
        # right after a list or a choice (actions/keuze.py): "2", "de tweede", its title, or "ja" to one subject
        if (uit_lijst := kennisbank.artikel(keuze_na_lijst(tekst, intent, tracker))) and uit_lijst.id != afgewezen:
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, uit_lijst, [Onderdeel.KORT], [])
        if intent == "affirm" and lijst_artikelen(tracker):  # "ja" to several: which one
            return vraag_welke_keuze(dispatcher, tracker)
        if loket := kennisbank.artikel(loket_voor_nummer(tekst)):  # "welk nummer?": the loket's, not a part of a card
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, loket, [Onderdeel.KORT], [])
        if vorige_actie(tracker) == "utter_regel_aanbod" and stelt_moment_voor(tekst):
            return [FollowupAction("action_start_overdracht")]  # "kan dat volgende week donderdag?": yes, that moment
        if intent in ("ask_question", "nlu_fallback", "request_human") and await asyncio.to_thread(noemt_medewerker, tekst):
            return [FollowupAction("action_regel_contact")]
        if vraagt_persoon(tekst):  # "... kan iemand met mij meekijken? bellen kan op 06...": arrange it, with the story
            return [FollowupAction("action_regel_contact")]
        if wacht_op_zaak(tekst, tracker) and await toon_eigen_zaken(dispatcher, tracker):  # its promise, not the permit's
            return []
        # after the handoff: "moet ik zelf nog bezwaar maken?", and "het pand is trouwens een monument" (for the case)
        if bezwaar_na_overdracht(dispatcher, tracker) or await asyncio.to_thread(bevestig_aanvulling, dispatcher, tracker):
            return []
        # "ik heb een dwangsom gekregen", "wie is mijn accountmanager", "ik heb 2x betaald, hoe krijg ik dat terug": no
        # article knows, a medewerker can
        if eigen_zaak := ("utter_handhaving" if over_handhaving(tekst) else
                          "utter_wie_accountmanager" if vraagt_wie_accountmanager(tekst) else
                          "utter_eigen_dossier" if vraagt_eigen_dossier(tekst) else None):
            dispatcher.utter_message(response=eigen_zaak)
            return [FollowupAction("utter_persoon_aanbod")]
        # after an answer, "denk je dat ze het goedkeuren?": a judgement of their own case, not a sentence of the article
        if (tracker.get_slot("onderwerp") and not tracker.active_loop and vraagt_oordeel(tekst)
                and heeft_nieuwe_variatie(domain, "utter_oordeel", tracker)):
            dispatcher.utter_message(response="utter_oordeel")
            return [FollowupAction("utter_persoon_aanbod")]
        boos = is_boos(tekst)
        if boos and heeft_nieuwe_variatie(domain, "utter_erkenning", tracker):
            dispatcher.utter_message(response="utter_erkenning")
        zoektekst = zonder_ontkenning(tekst) if afgewezen else tekst
        treffers = [treffer for treffer in kennisbank.index.zoek(zoektekst) if treffer.artikel_id != afgewezen]
        enkel_woord = len(kennisbank.index.inhoudswoorden(tekst)) == 1
        beslissing, beste = beslis(treffers, DREMPELS, enkel_woord=enkel_woord)
        if not enkel_woord:  # "stoeltjes buiten zetten": words and meaning agree; an empty
            # building's card for a yoga centre in a church: they do not
            beslissing, beste = await asyncio.to_thread(kennisbank.betekenis_weegt, zoektekst, beslissing, beste, treffers)
        # money trouble, also in the middle of another subject; the money article the words chose stays ("bbz")
        regels = lees_regels()
        zorg = await asyncio.to_thread(zorg_gaat_voor, kennisbank, zoektekst, treffers, regels)
        if zorg and not (beslissing == "antwoord" and vraagt_zorg(beste[0].artikel_id, regels)):
            beslissing, beste = "antwoord", [zorg]
        sterk = beslissing == "antwoord" and beste[0].score >= WISSEL_DREMPEL
        # money trouble goes to its article and the offer of a person with care, not to a situation;
        # one clear question ("mag ik een nagelstudio aan huis?") gets its article, not the situation
        met_zorg = beslissing == "antwoord" and vraagt_zorg(beste[0].artikel_id, regels)
        specifiek = vraagt_iets_specifieks(tekst)
        situatie_mag = not met_zorg and not (sterk and specifiek)
        naslag = await asyncio.to_thread(NASLAG.actueel)
        gevonden = beste[0].artikel_id if sterk else None
        # one question answered, if not strongly, by one of the situation's own articles: that article
        # (a list would cost the entrepreneur a turn)
        eigen = beste[0].artikel_id if beslissing == "antwoord" and specifiek else None
        zoek_antwoord = beste[0].artikel_id if beslissing == "antwoord" else None
        if antwoord := antwoord_uit_naslag(dispatcher, tracker, domain, naslag, tekst, intent, situatie_mag, gevonden,
                                           eigen, zoek_antwoord):
            return antwoord
        if ((herkend := herken_instantie(tekst)) and hoort_bij_instantie(herkend, beslissing, beste)
                and not instantie_bij_huidig(kennisbank.artikel(tracker.get_slot("onderwerp")), tekst, herkend)):
            verwijs_naar(dispatcher, tracker, herkend.instantie)  # "hoe doe ik mijn btw-aangifte"
            if met_zorg and kan_niet_betalen(tekst) and heeft_nieuwe_variatie(domain, "utter_zorg_aanbod", tracker):
                # behind with the VAT and the rent: the tax office for the VAT, and a person of the debt help
                return [SlotSet("onderwerp", beste[0].artikel_id), SlotSet("niet_begrepen", 0),
                        FollowupAction("utter_zorg_aanbod")]
            return [SlotSet("niet_begrepen", 0)]
        groepen = vragen_per_onderwerp(kennisbank, tekst) if len(vraagdelen(tekst)) > 1 else []
        groepen = [(artikel, woorden) for artikel, woorden in groepen if artikel.id != afgewezen]
        if sterk:  # "ik huur een winkelpand. ... een deel van de ozb ...": the subject of the whole message first
            groepen = hoofdonderwerp_eerst(groepen, beste[0].artikel_id)
        if len(groepen) > 1:  # two subjects or more: answer the first, offer the others
            (eerste, woorden), *andere = groepen
            aanbod = [(artikel, onderdelen_uit_tekst(delen)[0]) for artikel, delen in andere]
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, eerste, onderdelen_uit_tekst(woorden),
                                    treffers, aanbod)
        huidig = None if los_van_onderwerp(tekst, tracker) or afgewezen else kennisbank.artikel(tracker.get_slot("onderwerp"))
        if huidig and VAAG_VERVOLG.match(tekst) and vorige_actie(tracker) == self.name():
            # "wat nu", "en dan?" right after an answer: that article's parts and a person, not "dat begreep ik niet"
            berichten, verstuurd = (welk_onderdeel_bericht(huidig, variant) for variant in (0, 1)), verstuurde_teksten(tracker)
            if bericht := next((b for b in berichten if b.tekst not in verstuurd), None):
                verstuur(dispatcher, bericht)
                return [SlotSet("niet_begrepen", 0)]
        if huidig and beslissing != "geen" and not zorg and (uit_team := van_het_team(treffers, huidig.id, kennisbank.teams())):
            beslissing, beste = "antwoord", [uit_team]  # two fit: the one of the conversation's team
        # right after a situation's list or a choice, a question that fits one listed article is about that one
        gelijst = [artikel_id for artikel_id in lijst_artikelen(tracker) if artikel_id != afgewezen]
        if uit_lijst := kies_uit_lijst(kennisbank.index, zoektekst, gelijst, sterk):
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, kennisbank.artikel(uit_lijst), gevraagd,
                                    treffers)
        # "en hoeveel moet ik dan betalen?": a follow-up intent, or words that ask for one part of an article
        is_vervolgvraag = intent in ONDERDEEL_PER_INTENT or any(o != Onderdeel.KORT for o in gevraagd)
        logger.info("vraag=%r intent=%s beslissing=%s treffers=%s", tekst[:80], intent, beslissing, treffers[:3])

        # another subject named clearly, even when two come close ("en wat kost een alcoholvergunning?")
        # ("wat zijn de leges?" names no subject: its only word asks for a part)
        ander_genoemd = zorg is not None or (
            beslissing in ("antwoord", "keuze") and beste[0].score >= WISSEL_DREMPEL
            and bool(kennisbank.index.inhoudswoorden(tekst) - ONDERDEEL_WOORDEN)
            and not alleen_huidig_genoemd(kennisbank.index, tekst, huidig and huidig.id))
        if huidig and ((not ander_genoemd and (is_vervolgvraag or noemt_huidig(treffers, huidig)))
                       or antwoord_in_huidig(kennisbank, huidig, tekst, ander_genoemd)):
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, huidig, gevraagd, treffers)
        # "en kan ik dat krijgen als ..." names no subject of its own and leans on the current one, as does any
        # question right after its card ("welke tekeningen moeten er mee"): the sentence of its article that
        # answers it, or honestly that the article does not say
        leunt_op_huidig = verwijst_terug(tekst) or vorige_actie(tracker) == self.name()
        if huidig and beslissing == "geen" and leunt_op_huidig and not lijst_artikelen(tracker):
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, huidig, [], treffers)
        if beslissing == "antwoord":
            artikel = kennisbank.artikel(beste[0].artikel_id)
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, artikel, gevraagd, treffers)
        algemeen = is_algemene_vraag(kennisbank.index.inhoudswoorden(tekst)) or (afgewezen and beslissing == "geen")
        if algemeen and heeft_nieuwe_variatie(domain, VERTEL, tracker):
            # "ik heb een vraag over mijn bedrijf": what are they planning? After a no to the subject, its answer is
            # a question of its own, not a follow-up on that subject
            return [FollowupAction(VERTEL), *([SlotSet("onderwerp", None)] if afgewezen else [])]
        if beslissing == "keuze":
            return bied_keuze(dispatcher, tracker, domain, beste)
        if boos:
            return [FollowupAction("utter_persoon_aanbod")]
        # no card, but subjects that may be meant: a choice, with a person and "iets anders", not a dead end. A part
        # asked with no subject in the conversation ("... een hal neerzetten. moet ik dat ergens aanvragen") named
        # its subject: not "which subject?"
        voorstel = voorstel_bij_twijfel(treffers, DREMPELS)
        if is_vervolgvraag and (huidig or lijst_artikelen(tracker) or not voorstel):
            return vraag_welk_onderwerp(dispatcher, tracker, gevraagd)  # right after a choice, its buttons for this part
        if voorstel:
            return bied_keuze(dispatcher, tracker, domain, voorstel, "utter_twijfel_keuze")
        if intent == "nlu_fallback":
            return self._niet_begrepen(dispatcher, tracker)
        # its own action, so that "ja" after this offer of a person means yes to the person (dialogue/kennisbank.yml)
        return [FollowupAction("utter_geen_antwoord")]

    def _beantwoord(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], kennisbank: Kennisbank,
        artikel: Artikel, gevraagd: list[Onderdeel], treffers: list[Treffer],
        aanbod: list[tuple[Artikel, Onderdeel]] | None = None,
    ) -> list[dict[str, Any]]:
        verstuurd = verstuurde_teksten(tracker)
        onderdelen = nieuwe_onderdelen(artikel, gevraagd, verstuurd)
        if not onderdelen:
            # "hoe maak ik bezwaar" after the OZB answer: the sentence that answers it, else honestly not covered
            passage = passage_van_vervolg(kennisbank, artikel, tracker) or begin_van_onderdeel(artikel, gevraagd)
            if passage is None:
                return self._niet_gedekt(dispatcher, tracker, domain, kennisbank, artikel, gevraagd, treffers)
            if not nieuwe_onderdelen(artikel, [passage.onderdeel], verstuurd):
                return self._al_gezegd(dispatcher, tracker, domain, kennisbank, artikel, passage)
            onderdelen = [passage.onderdeel]
        bericht = antwoord_bericht(artikel, onderdelen)
        verstuur(dispatcher, bericht)
        events = [SlotSet("onderwerp", artikel.id), SlotSet("niet_begrepen", 0)]
        # the offer with care after each answer while it has a wording not sent yet; then the usual close
        if vraagt_zorg(artikel.id, lees_regels()) and heeft_nieuwe_variatie(domain, "utter_zorg_aanbod", tracker):
            return events + [FollowupAction("utter_zorg_aanbod")]
        if aanbod:
            verstuur(dispatcher, ander_onderwerp_bericht(aanbod))
            return events
        if vraagt_te_bellen(bericht.tekst) and not contact_afgeslagen(tracker):
            return events + [FollowupAction("utter_regel_aanbod")]
        # only when the question's own best subject is the one answered: a follow-up's few words say nothing
        meerdere = (bool(treffers) and treffers[0].artikel_id == artikel.id
                    and raakt_meerdere_teams([(t.artikel_id, t.score) for t in treffers], kennisbank.teams(), lees_regels()))
        afsluiting = "utter_meerdere_teams" if meerdere else "utter_vraag_geholpen"
        if heeft_nieuwe_variatie(domain, afsluiting, tracker):
            dispatcher.utter_message(response=afsluiting)
        return events

    def _al_gezegd(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], kennisbank: Kennisbank,
        artikel: Artikel, passage: Passage,
    ) -> list[dict[str, Any]]:
        """The follow-up's answer was in a part shown already: that sentence again, pointed out."""
        verstuurd = verstuurde_teksten(tracker)
        berichten = [passage_bericht(artikel, passage, variant) for variant in range(3)]
        bericht = next((b for b in berichten if b.tekst not in verstuurd), None)
        if bericht is None:
            return self._niet_gedekt(dispatcher, tracker, domain, kennisbank, artikel, [], [])
        verstuur(dispatcher, bericht)
        if heeft_nieuwe_variatie(domain, "utter_vraag_geholpen", tracker):
            dispatcher.utter_message(response="utter_vraag_geholpen")
        return [SlotSet("onderwerp", artikel.id), SlotSet("niet_begrepen", 0)]

    def _niet_gedekt(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], kennisbank: Kennisbank,
        artikel: Artikel, gevraagd: list[Onderdeel], treffers: list[Treffer],
    ) -> list[dict[str, Any]]:
        """Everything asked about this article was shown already: the follow-up is not covered. One that another
        subject answers as a first question would ("mag er zomaar een gym in een loods" after the solar panels) is
        answered from that subject; a choice only when the message names them as clearly as a second question. Not
        when this article fits the follow-up about as well ("die precario ... per dag" after the terrace), unless the
        meaning places the other clearly nearer ("en als er op het terras een bandje speelt?": the sound): then it is
        about this article, and not covered by it."""
        andere = [t for t in treffers if t.artikel_id != artikel.id]
        vervolg = tracker.latest_message.get("text") or ""
        if andere and score_van(treffers, artikel.id) >= DREMPELS.keuze_verhouding * andere[0].score and not (
                kennisbank.dichter_bij(vervolg, andere[0].artikel_id, artikel.id)):  # "en als er een bandje speelt?"
            andere = []
        beslissing, beste = beslis(andere, DREMPELS) if andere else ("geen", [])
        if andere and beslissing != "antwoord":  # what the words leave open, the meaning may settle (betekenis.weeg)
            beslissing, beste = kennisbank.betekenis_weegt(vervolg, beslissing, beste, andere)
        nieuw = kennisbank.artikel(beste[0].artikel_id) if beslissing == "antwoord" else None
        if nieuw and nieuwe_onderdelen(nieuw, gevraagd, verstuurde_teksten(tracker)):
            return self._beantwoord(dispatcher, tracker, domain, kennisbank, nieuw, gevraagd, [])
        if beslissing == "keuze" and beste[0].score >= DEEL_DREMPEL:
            return bied_keuze(dispatcher, tracker, domain, beste)
        verstuurd = verstuurde_teksten(tracker)
        if regels := regels_bij_vervolg(artikel, vervolg, verstuurd):
            verstuur(dispatcher, regels)  # "tellen kinderen ook mee": the conditions not shown yet, said so
            return [SlotSet("onderwerp", artikel.id), SlotSet("niet_begrepen", 0), FollowupAction("utter_persoon_aanbod")]
        tekst = eerste_nieuwe((niet_gedekt_bericht(artikel, variant).tekst for variant in range(3)), verstuurd)
        if tekst:
            dispatcher.utter_message(text=tekst)
        return [SlotSet("onderwerp", artikel.id), FollowupAction("utter_persoon_aanbod")]

    def _niet_begrepen(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        aantal = int(tracker.get_slot("niet_begrepen") or 0) + 1
        if niet_begrepen_te_vaak(aantal, lees_regels()):
            dispatcher.utter_message(response="utter_niet_begrepen_overdracht")
            return [SlotSet("niet_begrepen", 0), FollowupAction("action_start_overdracht")]
        dispatcher.utter_message(response="utter_niet_begrepen")
        return [SlotSet("niet_begrepen", aantal)]
