"""What a reply of the assistant amounts to, and the metrics over many replies.

Shared by ``benchmarks.heldout`` (replies over REST) and ``benchmarks.zoeken_mix`` (the search
decision alone), so that both count a "right first card" or a "confident wrong card" the same
way. A reply is read from its ``custom`` payloads (``../shared/berichten.md``), never from its
Dutch text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

KNOP_ONDERWERP = re.compile(r"^/\w+(\{.*\})$")

KAART = "kaart"  # a kennisbank card: the assistant answers from one article
BEGRIP = "begrip"  # a glossary explanation; counts as a card when it names an article
KEUZE = "keuze"  # a choice between subjects
SITUATIE = "situatie"  # a situation with the articles that usually apply, as choices
GEEN = "geen"  # none of these: "geen goed antwoord", a question back, a handoff, ...


@dataclass(frozen=True)
class Uitkomst:
    soort: str
    id: str | None = None
    keuzes: tuple[str, ...] = ()
    onderdeel: str | None = None
    teksten: tuple[str, ...] = field(default=(), compare=False)
    aangeboden: tuple[str, ...] = field(default=(), compare=False)  # subjects offered as buttons
    overdracht: bool = field(default=False, compare=False)  # a question of the handoff (payload ``vraag``)

    @property
    def kaart_id(self) -> str | None:
        """The article this reply answers with confidently, if any."""
        return self.id if self.soort in (KAART, BEGRIP) else None


def lees_antwoord(berichten: list[dict]) -> Uitkomst:
    """The first payload that decides what the reply is, and all texts of the reply."""
    teksten = tuple(b["text"].strip() for b in berichten if (b.get("text") or "").strip())
    extra = {"teksten": teksten, "aangeboden": _knop_onderwerpen(berichten),
             "overdracht": any("vraag" in (b.get("custom") or {}) for b in berichten)}
    for bericht in berichten:
        custom = bericht.get("custom") or {}
        if "kennisbank" in custom:
            kaart = custom["kennisbank"]
            return Uitkomst(KAART, kaart.get("id"), onderdeel=kaart.get("onderdeel"), **extra)
        if "situatie" in custom:
            keuzes = tuple(k["id"] for k in custom.get("keuzes") or [])
            return Uitkomst(SITUATIE, custom["situatie"].get("id"), keuzes=keuzes, **extra)
        if custom.get("keuzes"):
            return Uitkomst(KEUZE, keuzes=tuple(k["id"] for k in custom["keuzes"]), **extra)
        if "begrip" in custom:
            return Uitkomst(BEGRIP, custom["begrip"].get("id"), **extra)
    return Uitkomst(GEEN, **extra)


def _knop_onderwerpen(berichten: list[dict]) -> tuple[str, ...]:
    """Subjects offered as buttons ("/ask_question{"onderwerp": "reclame"}")."""
    ids: list[str] = []
    for bericht in berichten:
        for knop in bericht.get("buttons") or []:
            gevonden = KNOP_ONDERWERP.match(knop.get("payload") or "")
            if gevonden:
                try:
                    onderwerp = json.loads(gevonden.group(1)).get("onderwerp")
                except (ValueError, AttributeError):
                    continue
                if onderwerp and onderwerp not in ids:
                    ids.append(onderwerp)
    return tuple(ids)


def herhaalt_tekst(teksten: list[str]) -> bool:
    """True when one bot text was sent twice in a conversation."""
    return any(aantal > 1 for aantal in Counter(teksten).values())


def meet_eerste_vragen(paren: list[tuple[dict, Uitkomst]]) -> dict[str, float | int]:
    """Right first card, confident wrong card, choice, needless choice and no answer.

    A question with ``id`` is right when the first card is that article. A card for the
    question's ``tweede_id`` (the other part of a two-part question, or an equally good
    article) is neither right nor wrong. A card for any other article, or any card where
    ``id`` is null, is a confident wrong card. A choice is needless when one card was expected
    (an ``id`` and no ``tweede_id``).
    """
    met = [(v, u) for v, u in paren if v.get("id")]
    zonder = [(v, u) for v, u in paren if not v.get("id")]
    goed = sum(u.kaart_id == v["id"] for v, u in met)
    fout = sum(u.kaart_id is not None and u.kaart_id not in {v.get("id"), v.get("tweede_id")} for v, u in paren)
    keuze = sum(u.soort in (KEUZE, SITUATIE) for v, u in paren)
    nodeloos = sum(u.soort in (KEUZE, SITUATIE) and not v.get("tweede_id") for v, u in met)
    keuze_met_goede = sum(u.soort in (KEUZE, SITUATIE) and v["id"] in u.keuzes for v, u in met)
    geen = sum(u.soort == GEEN for v, u in met)
    tweede = [(v, u) for v, u in met if v.get("tweede_id")]
    return {
        "vragen": len(paren),
        "met onderwerp": len(met),
        "goede eerste kaart": _deel(goed, len(met)),
        "zeker fout (kaart)": _deel(fout, len(paren)),
        "keuze": _deel(keuze, len(paren)),
        "nodeloze keuze": _deel(nodeloos, len(met)),
        "keuze met het goede onderwerp": _deel(keuze_met_goede, len(met)),
        "geen antwoord": _deel(geen, len(met)),
        "geen onderwerp: geen kaart": _deel(sum(u.kaart_id is None for _, u in zonder), len(zonder)),
        "twee delen: tweede onderwerp genoemd": _deel(
            sum(v["tweede_id"] in (u.kaart_id, *u.keuzes, *u.aangeboden) for v, u in tweede), len(tweede)
        ),
        "zeker fout (aantal)": fout,
    }


def meet_vervolgvragen(gesprekken: list[tuple[dict, Uitkomst, Uitkomst]]) -> dict[str, float | int]:
    """Follow-ups: the expected subject answered, or (``verwacht_id`` null) no card and an honest
    reply; and no bot text sent twice in the conversation."""
    goed = sum(_vervolg_goed(*g) for g in gesprekken)
    met_onderdeel = [(v, f) for v, _, f in gesprekken if v.get("onderdeel") and v.get("gedekt") and v.get("verwacht_id")]
    onderdeel_goed = sum(f.kaart_id == v["verwacht_id"] and f.onderdeel == v["onderdeel"] for v, f in met_onderdeel)
    zonder_herhaling = sum(not herhaalt_tekst([*e.teksten, *f.teksten]) for _, e, f in gesprekken)
    gedekt = [(v, e, f) for v, e, f in gesprekken if v.get("gedekt")]
    niet_gedekt = [(v, e, f) for v, e, f in gesprekken if not v.get("gedekt")]
    return {
        "vervolgvragen": len(gesprekken),
        "goed": _deel(goed, len(gesprekken)),
        "goed (gedekt door het artikel)": _deel(sum(_vervolg_goed(*g) for g in gedekt), len(gedekt)),
        "goed (niet gedekt)": _deel(sum(_vervolg_goed(*g) for g in niet_gedekt), len(niet_gedekt)),
        "goed onderdeel (gedekt)": _deel(onderdeel_goed, len(met_onderdeel)),
        # where a follow-up goes wrong: the first question's card, or the follow-up itself
        "eerste vraag: goede kaart": _deel(sum(e.kaart_id == v.get("eerste_id") for v, e, _ in gesprekken), len(gesprekken)),
        "goed als de eerste kaart goed was": _deel(
            sum(_vervolg_goed(v, e, f) for v, e, f in gesprekken if e.kaart_id == v.get("eerste_id")),
            sum(e.kaart_id == v.get("eerste_id") for v, e, _ in gesprekken)),
        "geen herhaalde tekst": _deel(zonder_herhaling, len(gesprekken)),
        **_fout_na_goede_eerste_kaart(gesprekken),
    }


def _fout_na_goede_eerste_kaart(gesprekken: list[tuple[dict, Uitkomst, Uitkomst]]) -> dict[str, int]:
    """What a wrong follow-up got after a right first card (counts, so a held-out set says where
    follow-ups fail without its questions being read)."""
    fout = [(v, f) for v, e, f in gesprekken if e.kaart_id == v.get("eerste_id") and not _vervolg_goed(v, e, f)]
    return {
        "fout na goede eerste kaart: geen kaart (aantal)": sum(f.kaart_id is None and f.soort == GEEN for _, f in fout),
        "fout na goede eerste kaart: geen kaart, de overdracht begon (aantal)": sum(
            f.soort == GEEN and f.overdracht for _, f in fout),
        "fout na goede eerste kaart: het eerste onderwerp (aantal)": sum(
            f.kaart_id is not None and f.kaart_id == v.get("eerste_id") for v, f in fout),
        "fout na goede eerste kaart: een ander onderwerp (aantal)": sum(
            f.kaart_id is not None and f.kaart_id != v.get("eerste_id") for v, f in fout),
        "fout na goede eerste kaart: keuze of situatie (aantal)": sum(f.soort in (KEUZE, SITUATIE) for _, f in fout),
    }


def meet_situaties(paren: list[tuple[dict, Uitkomst]]) -> dict[str, float | int]:
    """Situations: recognised as one, how many of the expected articles were offered, and
    cards outside the expected articles."""
    herkend = [(v, u) for v, u in paren if u.soort == SITUATIE]
    dekking = [len(set(v["onderwerpen"]) & set(u.keuzes)) / len(v["onderwerpen"]) for v, u in herkend if v["onderwerpen"]]
    return {
        "situaties": len(paren),
        "als situatie beantwoord": _deel(len(herkend), len(paren)),
        "verwachte artikelen aangeboden (gemiddeld)": round(sum(dekking) / len(dekking), 3) if dekking else 0.0,
        "eerste keuze verwacht": _deel(sum(bool(u.keuzes) and u.keuzes[0] in v["onderwerpen"] for v, u in herkend), len(paren)),
        "kaart uit de situatie": _deel(sum(u.kaart_id in v["onderwerpen"] for v, u in paren), len(paren)),
        "zeker fout (kaart)": _deel(sum(u.kaart_id is not None and u.kaart_id not in v["onderwerpen"] for v, u in paren), len(paren)),
    }


def meet_buiten(paren: list[tuple[dict, Uitkomst]]) -> dict[str, float | int]:
    """Questions for another organisation: no kennisbank card, and the organisation named."""
    return {
        "vragen buiten de gemeente": len(paren),
        "geen kaart": _deel(sum(u.kaart_id is None for _, u in paren), len(paren)),
        "instantie genoemd": _deel(sum(_noemt(v.get("instantie"), u) for v, u in paren), len(paren)),
        "zeker fout (kaart)": _deel(sum(u.kaart_id is not None for _, u in paren), len(paren)),
    }


def _vervolg_goed(v: dict, eerste: Uitkomst, vervolg: Uitkomst) -> bool:
    if v.get("verwacht_id"):
        raak = vervolg.kaart_id == v["verwacht_id"]
    else:
        raak = vervolg.kaart_id is None and bool(vervolg.teksten)
    return raak and not herhaalt_tekst([*eerste.teksten, *vervolg.teksten])


def _noemt(naam: str | None, uitkomst: Uitkomst) -> bool:
    return bool(naam) and any(naam.lower() in t.lower() for t in uitkomst.teksten)


def _deel(teller: int, noemer: int) -> float:
    return round(teller / noemer, 4) if noemer else 0.0
