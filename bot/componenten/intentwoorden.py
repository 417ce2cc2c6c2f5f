"""Words that must back DIET's intent: a goodbye needs a farewell in words, a request for a person a word of
contact, a question about the status of one's case a word of status or waiting, and a complaint a word of
complaint. Without them, ``bot.componenten.nlu.InvoerClassifier`` takes the message for a question ("zaterdag
later dicht", "ik wil iemand met een beperking een kans geven, wat zijn de mogelijkheden?", "wie haalt het vuil
van mijn zaak op?": a business is a "zaak" too; "wie mag er achter de bar staan als leidinggevende": no complaint
about a superior)."""

from __future__ import annotations

import re

from bot.kern.invoer import begrens, is_vraagzin, opent_met_vraagwoord
from bot.overdracht.uitlezen import vraagt_persoon

ZINSGRENS = re.compile(r"(?<=[.!?,;:])\s+")

# "dag" as a unit of time ("per dag", "elke dag", "een hele dag") is no farewell.
TIJD_DAG = r"(?<!per )(?<!elke )(?<!iedere )(?<!een )(?<!de )(?<!hele )(?<!halve )(?<!die )(?<!welke )(?<!zelfde )da+g"
# A farewell in words ("fijne avond", "ik log af", "tot de volgende keer"): without one, a message of three words or
# more that DIET took for a goodbye asks something ("zaterdag later dicht": "later" is no "tot later").
AFSCHEID = re.compile(
    r"\b(?:doe+i+\w*|" + TIJD_DAG + r"|(?:goei?e|goede|goeden?)(?:dag|avond|middag|morgen)|tot ?ziens|tot (?:later|zo|snel|morgen|"
    r"de volgende|een (?:volgende|andere))|groet\w*|gr|mvg|vr|bye|ciao|houdoe|ajuus|adios|adieu|tabee|mazzel|"
    r"weg|ervandoor|afsluiten|offline|stop\w*|fijne?|prettige?|goede?|goed|beste|dank\w*|bedank\w*|thanks|thx|thnx|"
    r"merci|top|super|prima|ok(?:e|ay)?|ja|nee|klopt|(?:log|sluit)\w* (?:\w+ ){0,2}(?:af|uit))\b|"
    r"\bmoet (?:nu )?(?:gaan|weg)\b", re.IGNORECASE)
# Words that ask for contact with a person, not only "iemand" ("ik wil iemand met een beperking aannemen").
CONTACT_WOORD = re.compile(
    r"\b(?:medewerker\w*|mens|menselijke|(?<!per )persoon|persoonlijk|accountmanager|contact|spreken|praten|bel|belt|bellen|"
    r"gebeld|terugbel\w*|teruggebeld|mail|mailen|gemaild|afspraak|langs|langskomen|bezoek|komen kijken|gesprek|"
    r"\w+gesprek|chatten|collega|doorverbind\w*|doorverbonden|aan de lijn|telefoon|meedenken|mee (?:kan )?denken)\b",
    re.IGNORECASE,
)
# From this many words, a message DIET took for a request for a person without asking for contact is a question.
LANG_VERHAAL = 12


def is_afscheid(tekst: str) -> bool:
    """Whether a message DIET took for a goodbye says farewell: in words, or in one or two ("later", "ik ga")."""
    tekst = begrens(tekst)
    return len(tekst.split()) < 3 or bool(AFSCHEID.search(tekst))


def vraagt_geen_contact(tekst: str) -> bool:
    """A long question DIET took for a request for a person that asks for no contact in words: a question
    about hiring someone ("ik wil iemand met een beperking een kans geven, wat zijn de mogelijkheden?")."""
    tekst = begrens(tekst)
    return (len(tekst.split()) >= LANG_VERHAAL and not CONTACT_WOORD.search(tekst) and not vraagt_persoon(tekst)
            and (is_vraagzin(tekst) or any(opent_met_vraagwoord(zin) or is_vraagzin(zin) for zin in ZINSGRENS.split(tekst))))


# A no that ends in thanks ("nee hoeft niet, ik bel zelf wel. bedankt"): the entrepreneur is done, not asking again.
DANK_AAN_HET_EIND = re.compile(r"\b(?:bedankt|dank(?:je| je| u)(?: wel)?|thanks|thank you|thx|merci|top)\W*$", re.IGNORECASE)


def nee_met_dank(tekst: str) -> bool:
    """A no that ends in thanks: a thank-you, answered with "graag gedaan", not with "stel uw vraag anders"."""
    return DANK_AAN_HET_EIND.search(begrens(tekst)) is not None


# Words of a question about one's own case: its status, the wait, the promise, who has it ("hoe staat het met mijn
# zaak", "ik wacht nog steeds", "wie heeft mijn zaak"). "Mijn zaak" alone is also the entrepreneur's business.
STATUS_WOORD = re.compile(
    r"\b(?:status\w*|stand|staat|staan|nieuws|gehoord|hoor|horen|wacht\w*|reactie|antwoord|behandel\w*|opgepakt|"
    r"bekend|besluit|beslissing|verleend|gebeld|teruggebeld|terugbel\w*|bel|bellen|belt|mail\w*|gemaild|telefoontje|"
    r"contact|gebeurd|gebeurt|afgerond|klaar|bezig|gekeken|bekeken|gezien|aangekomen|doorgestuurd|doorgezet|"
    r"doorgegeven|verwerkt|ligt|loopt|blijft|ontvangen|gereageerd|opzoeken|kijken|kijk|check\w*|nakijken|hoe ?ver|"
    r"gekoppeld|afdeling|zaaknummer|aanvraag|verzoek|melding|medewerker|accountmanager|dossier|vraag|hoe is het|"
    r"wie heeft|nog steeds|nog altijd|nog niks|nog niets|al iets)\b",
    re.IGNORECASE,
)
KORTE_STATUSVRAAG = 5  # "en mijn zaak?", "status?": fewer words than this stay a status question


def vraagt_geen_status(tekst: str) -> bool:
    """A message DIET took for a status question that names no status, wait or case: a question about the business
    ("wie haalt het vuil van mijn zaak op?")."""
    tekst = begrens(tekst)
    return len(tekst.split()) >= KORTE_STATUSVRAAG and not STATUS_WOORD.search(tekst)


def woorden_steunen(intent: str | None, tekst: str) -> bool:
    """Whether the words of ``tekst`` back ``intent`` where words must: a request for a person or to chat now needs a
    word of contact, a status question one of status or waiting. A question after "ok" ("ok hoeveel is het per
    persoon per nacht") is no request for a person because DIET ranked that a hair above the costs."""
    tekst = begrens(tekst)
    if intent in ("request_human", "nu_chatten"):
        return CONTACT_WOORD.search(tekst) is not None or vraagt_persoon(tekst)
    if intent == "ask_status":
        return STATUS_WOORD.search(tekst) is not None
    return True


# Words of a complaint: displeasure, a broken promise, a superior asked for ("ik wil zijn leidinggevende spreken").
KLACHT_WOORD = re.compile(
    r"\b(?:klacht\w*|klagen|klaag\w*|zat|beu|schandalig|belachelijk|boos|woedend|ontevreden|tevreden|slecht\w*|"
    r"waardeloos|pik|klaar mee|kastje|serieus|vergeten|nagekomen|beloofd|belooft|beloven|belofte|niemand|niks|niets|"
    r"nooit|gebeld|bellen|belt|mail\w*|spreken|baas|manager|teamleider|hoger|mis|vervelend|gestuurd|normaal|hoezo|"
    r"afspraak|schande|onbeschoft|brutaal|respect|ON-\d{4})\b",
    re.IGNORECASE,
)


def klaagt_niet(tekst: str) -> bool:
    """A question DIET took for a complaint that holds no word of complaint ("wie mag er achter de bar staan als
    leidinggevende")."""
    tekst = begrens(tekst)
    return (len(tekst.split()) >= KORTE_STATUSVRAAG and not KLACHT_WOORD.search(tekst)
            and (opent_met_vraagwoord(tekst) or is_vraagzin(tekst)))
