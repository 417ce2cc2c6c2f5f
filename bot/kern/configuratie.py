"""The files in ``config/`` (and any YAML file people edit) read into validated pydantic models.

One loader for every file: ``lees_configuratie(pad, Schema)`` reads the YAML, validates it
against a pydantic model and turns every problem into a ``Probleem`` that names the file and
the field as a dotted path (``medewerkers.mehmet-yilmaz.werktijden.begin``), with a Dutch
message, so that the file can be fixed without reading code. All problems of one file are
raised together in one ``ConfiguratieFout`` (or the subclass the caller passes).

Field paths: a list item is named by its ``sleutel`` when it has one, otherwise by its place
in the list counted from 1 (``afwezig.2.van``). Checks that need more than the file itself
(subject ids that must exist in the kennisbank, a lead per team) run afterwards in one
``nacontrole`` that returns (field, message) pairs, only when the file itself is valid.

The field types below (``Tekst``, ``Getal``, ``Tijd``, ``Datum``) are stricter than pydantic's
own: pydantic 1 would read ``naam: 123`` as "123", ``true`` as 1.0 and ``begin: 9:00`` (which
YAML reads as 540) as nine minutes past midnight.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, Extra, ValidationError

from bot.kern.validatie import Probleem, ValidatieFout


class ConfiguratieFout(ValidatieFout, ValueError):
    """A configuration file is invalid; ``problemen`` names each file and field."""

    wat = "Het configuratiebestand"


class Schema(BaseModel):
    """Base of every file schema: unknown fields are refused, and a read file does not change."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False


Model = TypeVar("Model", bound=BaseModel)
Nacontrole = Callable[[Model], Iterable[tuple[str | None, str]]]


def lees_configuratie(
    pad: Path,
    schema: type[Model],
    *,
    fout: type[ConfiguratieFout] = ConfiguratieFout,
    nacontrole: Nacontrole | None = None,
) -> Model:
    """Read ``pad`` into ``schema``; raise ``fout`` listing every problem with file and field."""
    return valideer_configuratie(lees_yaml(pad, fout=fout), schema, toon_pad(pad), fout=fout, nacontrole=nacontrole)


def valideer_configuratie(
    data: Any,
    schema: type[Model],
    naam: str,
    *,
    fout: type[ConfiguratieFout] = ConfiguratieFout,
    nacontrole: Nacontrole | None = None,
    leeg: str = "het bestand moet velden bevatten (naam: waarde)",
) -> Model:
    """Parsed ``data`` (of a file, or of a console form) into ``schema``; raise ``fout`` naming
    ``naam`` and each field. ``leeg`` is the message for data without fields."""
    if not isinstance(data, dict):
        raise fout([Probleem(naam, None, leeg)])
    try:
        model = schema.parse_obj(data)
    except ValidationError as validatie:
        raise fout(problemen_van(validatie, data, naam)) from None
    problemen = [Probleem(naam, veld, melding) for veld, melding in (nacontrole(model) if nacontrole else ())]
    if problemen:
        raise fout(problemen)
    return model


# libyaml's safe loader when PyYAML was built with it (the wheels are): the same data as the pure-Python
# SafeLoader, 10 to 25 times faster on the staff directory and the profiles, read at every handoff.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_uit(tekst: str) -> Any:
    """The parsed YAML of ``tekst`` (safe: plain data only)."""
    return yaml.load(tekst, Loader=_SAFE_LOADER)


def lees_yaml(pad: Path, *, fout: type[ConfiguratieFout] = ConfiguratieFout) -> Any:
    """The parsed YAML of ``pad``; a missing, unreadable or malformed file raises ``fout``."""
    try:
        return yaml_uit(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        melding = "het bestand bestaat niet"
    except UnicodeDecodeError:
        melding = "het bestand is geen UTF-8-tekst"
    except yaml.YAMLError as yaml_fout:
        melding = f"geen geldige YAML: {yaml_fout}"
    except OSError as os_fout:
        melding = f"kan het bestand niet lezen: {os_fout}"
    raise fout([Probleem(toon_pad(pad), None, melding)])


def toon_pad(pad: Path) -> str:
    """The path as an editor knows it: relative to the working folder when it lies inside it."""
    try:
        return str(pad.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(pad)


# --- pydantic's errors in Dutch ------------------------------------------------------------------

MELDINGEN = {
    "value_error.missing": "verplicht veld ontbreekt of is leeg",
    "type_error.none.not_allowed": "verplicht veld ontbreekt of is leeg",
    "value_error.extra": "onbekend veld",
    "type_error.dict": "moet velden bevatten (naam: waarde)",
    "type_error.list": "moet een lijst zijn",
    "type_error.tuple": "moet een lijst zijn",
    "type_error.set": "moet een lijst zijn",
    "type_error.frozenset": "moet een lijst zijn",
    "value_error.list.min_items": "de lijst mag niet leeg zijn",
    "type_error.bool": "moet true of false zijn",
    "value_error.strictbool": "moet true of false zijn",
    "type_error.integer": "moet een geheel getal zijn",
    "type_error.float": "moet een getal zijn",
    "type_error.str": "moet tekst zijn",
    "type_error.enum": "kies uit {enum_values}",
    "value_error.number.not_ge": "moet minstens {limit_value} zijn",
    "value_error.number.not_gt": "moet groter dan {limit_value} zijn",
    "value_error.number.not_le": "mag hoogstens {limit_value} zijn",
    "value_error.number.not_lt": "moet kleiner dan {limit_value} zijn",
}
ENKELVOUDIG = (str, int, float, bool, date)


def problemen_van(validatie: ValidationError, data: Any, bestand: str) -> list[Probleem]:
    """Every error of ``validatie`` as a Probleem, its field named after the file's own data."""
    problemen = []
    for fout in validatie.errors():
        veld = veldnaam(data, fout["loc"])
        gevonden, waarde = waarde_op(data, fout["loc"])
        problemen.append(Probleem(bestand, veld, _melding(fout, gevonden, waarde)))
    return problemen


def veldnaam(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """``loc`` as a dotted path: keys as written, list items by ``sleutel`` or by place from 1."""
    delen = []
    knoop = data
    for stap in loc:
        if stap in ("__root__", "__key__"):
            continue
        if isinstance(stap, int) and isinstance(knoop, list):
            item = knoop[stap] if 0 <= stap < len(knoop) else None
            sleutel = item.get("sleutel") if isinstance(item, dict) else None
            delen.append(sleutel.strip() if isinstance(sleutel, str) and sleutel.strip() else str(stap + 1))
            knoop = item
        else:
            delen.append(str(stap))
            knoop = knoop.get(stap) if isinstance(knoop, dict) else None
    return ".".join(delen) or None


def waarde_op(data: Any, loc: tuple[int | str, ...]) -> tuple[bool, Any]:
    """(True, the value in the file at ``loc``), or (False, None) when the file has none there."""
    knoop = data
    for stap in loc:
        if stap in ("__root__", "__key__"):
            continue
        in_dict = isinstance(knoop, dict) and stap in knoop
        in_lijst = isinstance(knoop, list) and isinstance(stap, int) and 0 <= stap < len(knoop)
        if not (in_dict or in_lijst):
            return False, None
        knoop = knoop[stap]
    return True, knoop


def _melding(fout: dict[str, Any], gevonden: bool, waarde: Any) -> str:
    soort = fout["type"]
    if soort == "value_error":  # raised by a validator or field type below: already Dutch
        return fout["msg"]
    sjabloon = MELDINGEN.get(soort)
    if sjabloon is None:
        return f"ongeldige waarde ({fout['msg']})"
    context = {sleutel: _lijst(w) for sleutel, w in (fout.get("ctx") or {}).items()}
    melding = sjabloon.format(**context)
    if gevonden and soort != "value_error.extra" and isinstance(waarde, ENKELVOUDIG):
        melding += f": {waarde!r}"
    return melding


def _lijst(waarde: Any) -> Any:
    if isinstance(waarde, (list, tuple)):
        return ", ".join(str(getattr(w, "value", w)) for w in waarde)
    return waarde


# --- field types ---------------------------------------------------------------------------------


class Tekst(str):
    """Text that is not empty; surrounding spaces are removed. A number is not text."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], Any]]:
        yield cls.valideer

    @classmethod
    def valideer(cls, waarde: Any) -> str:
        if not isinstance(waarde, str):
            raise ValueError(f"moet tekst zijn: {waarde!r}")
        if not waarde.strip():
            raise ValueError("verplicht veld ontbreekt of is leeg")
        return waarde.strip()


class Getal(float):
    """A finite number (8, 0.75); ``true`` and ``"8"`` are not numbers."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], Any]]:
        yield cls.valideer

    @classmethod
    def valideer(cls, waarde: Any) -> float:
        if isinstance(waarde, bool) or not isinstance(waarde, (int, float)) or not math.isfinite(waarde):
            raise ValueError(f"moet een getal zijn: {waarde!r}")
        return float(waarde)


class Tijd(time):
    """A wall-clock time written "HH:MM" in quotes (YAML reads an unquoted 9:00 as the number 540)."""

    PATROON = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], Any]]:
        yield cls.valideer

    @classmethod
    def valideer(cls, waarde: Any) -> time:
        treffer = cls.PATROON.match(waarde.strip()) if isinstance(waarde, str) else None
        if treffer is None:
            raise ValueError(f'geen tijd in de vorm "08:30" (tussen aanhalingstekens): {waarde!r}')
        return time(int(treffer.group(1)), int(treffer.group(2)))


class Datum(date):
    """A date written JJJJ-MM-DD (YAML already reads an unquoted one as a date)."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], Any]]:
        yield cls.valideer

    @classmethod
    def valideer(cls, waarde: Any) -> date:
        if isinstance(waarde, date) and not isinstance(waarde, datetime):
            return waarde
        try:
            return date.fromisoformat(str(waarde))
        except ValueError:
            raise ValueError(f"geen datum in de vorm JJJJ-MM-DD: '{waarde}'") from None
