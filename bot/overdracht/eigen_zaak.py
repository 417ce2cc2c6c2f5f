"""Questions about the entrepreneur's own file or case, which no article answers and the assistant cannot
look into or decide on: a payment, an application that has not come, a letter about their business, an
enforcement decision (a fine, a penalty order), and who their own accountmanager is. A medewerker can; the
assistant says so and offers one.

Each function reads at most the first ``MAX_TEKENS`` characters of a message (``begrens``), and every
pattern is linear (tests/security/test_invoer_lineair.py).
"""

from __future__ import annotations

import re

from bot.kern.invoer import begrens, is_vraag_van_vorm
from bot.kern.telefoon import is_telefoonnummer
from bot.overdracht.uitlezen import MAANDEN

# A question about the entrepreneur's own file, which no article answers and the assistant cannot look into:
# money paid twice or to get back, something sent in that has not come ("ik heb in april subsidie aangevraagd
# maar het geld is nog niet binnen"), "kunt u dat nakijken", a reference of their file ("kenmerk 2024/556").
# Something that has not come: "het geld is nog niet binnen", "staat nog niet op mn rekening", "nog niks gehoord".
_NOG_NIET_GEKOMEN = (r"\bnog (?:steeds )?(?:niet|niks|niets) (?:\w+ ){0,2}?(?:binnen|ontvangen|gehoord|gekregen|terug|"
                     r"overgemaakt|gestort|beantwoord|betaald|uitbetaald|op (?:mijn|mn|onze) rekening)\b")
EIGEN_DOSSIER = re.compile(
    r"\b(?:2x|2 keer|twee ?keer|dubbel|te ?veel)\s+(?:\w+\s+){0,3}?betaald\b|"
    r"\bhoe krijg ik (?:dat|het)\b(?: \w+){0,3}? terug\b|"
    r"\b(?:ik heb|we hebben|wij hebben)\b[^.?!]{0,60}?\b(?:aangevraagd|ingediend|betaald|opgestuurd|gestuurd|"
    rf"bezwaar gemaakt|gemaild)\b[^?]{{0,80}}?(?:{_NOG_NIET_GEKOMEN}|\bwanneer (?:krijg|hoor)\b|\bwaar blijft\b|\bnakijken\b|"
    r"\bkomt (?:ie|hij|die|het|dat) (?:nog )?(?:op tijd|binnen)\b)|"
    rf"\b(?:mijn|mn|onze) (?:uitkering|bbz|aanvraag|bezwaar|betaling|geld|subsidie|teruggave)\b[^?]{{0,60}}?{_NOG_NIET_GEKOMEN}|"
    r"\b(?:mijn|mn|onze) (?:uitkering|bbz|betaling|geld|subsidie|teruggave)\b[^?]{0,40}?\bniet\b[^?]{0,30}?"
    r"\b(?:gestort|overgemaakt|binnen|ontvangen|betaald)\b|"
    r"\b(?:kunt u|kunnen jullie|kun je|kan iemand) (?:dat|het|dit) (?:even |eens |voor mij )?(?:nakijken|checken|controleren)\b|"
    # "kun je zien waar die blijft", "kunnen jullie nakijken of in dat pand horeca mag": a look into their file or place
    r"\b(?:kunt u|kunnen jullie|kun je|kun jij|kan iemand) (?:even |eens |ff |voor mij |voor ons )*(?:kijken|nakijken|"
    r"zien|checken|opzoeken|nagaan) (?:of|waar|wanneer|wie|hoe ver|hoever)\b|"
    # "hebben jullie nu alles compleet of mist er nog iets", "waarom heb ik de opdracht niet gekregen"
    r"\balles compleet\b|\bmist er nog (?:iets|wat)\b|\bwaarom (?:heb|krijg) (?:ik|we|wij)\b[^?]{0,60}?\bniet (?:gekregen|gewonnen)\b|"
    # a service that did not come ("de container is al 2 weken niet geleegd, wanneer komen ze nou"), a bill doubted
    r"\b(?:niet (?:\w+ ){0,3}?(?:geleegd|opgehaald|gekomen|geweest|geleverd|gerepareerd)|overgeslagen)\b[^?]{0,80}?"
    r"\b(?:wanneer|alsnog)\b|"
    r"\bwaarom (?:is|zijn|werd|werden) (?:mijn|mn|onze) \w+ (?:\w+ ){0,3}?niet (?:geleegd|opgehaald|geleverd)\b|"
    r"\bklopt (?:die|de|mijn|deze|dat|het) (?:aanslag|factuur|rekening|nota|bedrag|boete)\b|"
    # what an inspector said or does at one's own business
    r"\b(?:inspecteur|handhaver|controleur|toezichthouder)s?\b[^?]{0,60}?\b(?:zei|zegt|vond|langs|langskomt|langskwam|"
    r"geweest)\b|"
    r"\b(?:kenmerk|dossiernummer)\s*:?\s*[\w/-]*\d|"
    # "heeft hij die ontvangen?", "is mijn aanvraag al binnen?": what the entrepreneur sent
    r"\b(?:heeft|hebben) (?:hij|zij|ze|u|jullie|de gemeente) (?:die|dat|het|mijn|mn|onze|de) (?:\w+ ){0,2}?"
    r"(?:al |nou |wel )?(?:ontvangen|binnen|gezien|gekregen)\b|"
    r"\b(?:is|zijn) (?:mijn|mn|onze) (?:\w+ ){0,2}?(?:al |nou |wel )?(?:binnen|ontvangen|goedgekeurd|behandeld)\b|"
    # "ben ik al aangemeld voor de bijeenkomst van donderdag?", "sta ik al op de wachtlijst": their own registration
    r"\b(?:ben|zijn|sta|staan) (?:ik|we|wij) (?:nu |nou )?(?:al |wel |nog )?(?:aangemeld|ingeschreven|geregistreerd|"
    r"op de (?:wacht)?lijst)\b|"
    r"\bik heb\b[^.?!]{0,60}?\b(?:betaald|gekregen|ontvangen)\b[^?]{0,60}?\bklopt (?:dat|dit|het)\b|"
    # their own permit ran out ("mn vergunning is vorige week verlopen, mag de kast blijven staan")
    r"\b(?:mijn|mn|m'n|onze) \w*(?:vergunning|ontheffing)\w* (?:is|was) (?:\w+ ){0,3}?verlopen\b|"
    # "op welke plek sta ik nu op de wachtlijst", "is die plek naast de fietsenstalling nog vrij"
    r"\b(?:welke plek|welke plaats|welke positie|welk nummer|hoeveelste)\b[^?]{0,15}?\bsta (?:ik|we|wij)\b|"
    r"\b(?:hoe hoog|waar)\b[^?]{0,15}?\bsta (?:ik|we|wij)\b[^?]{0,20}?\bwachtlijst\b|"
    r"\b(?:is|zijn) (?:het|die|dat|de|deze) \w+ (?:op|aan|naast|bij|in|van)\b[^?]{0,60}?"
    r"\b(?:nog vrij|al verhuurd|al verkocht|al weg|nog beschikbaar|nog te koop|nog te huur)\b|"
    # "ik heb al een aanvraag lopen, waarom duurt het bij mij zo lang"
    r"\bwaarom duurt (?:het|dat|mijn \w+) (?:\w+ ){0,3}?bij (?:mij|ons) (?:zo|nou zo|nog zo|zo ontzettend) lang\b|"
    r"\b(?:ik heb|we hebben|wij hebben) (?:al )?(?:een|mijn|onze) \w*aanvraag (?:lopen|ingediend)\b[^?]{0,60}?"
    r"\b(?:waarom|wanneer|hoe lang nog|nog steeds)\b|"
    # a letter about the entrepreneur's own business: "de brandweer heeft een brief gestuurd ..., wat moet ik doen"
    r"\b(?:brief|aanschrijving|waarschuwing|aanmaning|herinnering)\b[^?]{0,80}?"
    r"\b(?:wat moet ik (?:nu |precies |dan )?doen|klopt (?:dat|dit|het)|wat betekent dat voor mij)\b",
    re.IGNORECASE,
)


# Their own reference: "factuur 2024-0087", "aanvraagnummer Z-2024-1183"; a phone number is none ("mijn nummer is 06-...").
EIGEN_KENMERK = re.compile(r"\b(?:factuur|factuurnummer|zaaknummer|aanvraagnummer|nummer|referentie)\s*(?::|is)?\s*"
                           r"(?P<kenmerk>[a-z]{0,3}-?\d[\d/-]{3,})", re.IGNORECASE)


def vraagt_eigen_dossier(tekst: str) -> bool:
    """A question about the entrepreneur's own application, payment or file (``EIGEN_DOSSIER``), or one that gives a
    reference of it (``EIGEN_KENMERK``): the assistant cannot look into it, a medewerker can."""
    tekst = begrens(tekst)
    return EIGEN_DOSSIER.search(tekst) is not None or any(
        not is_telefoonnummer(kenmerk.group("kenmerk")) for kenmerk in EIGEN_KENMERK.finditer(tekst))


# A judgement of the entrepreneur's own case, which only a person can give: an opinion or a prediction ("denk je dat
# ze het goedkeuren?", "kan de buurman het tegenhouden?"), the state of their own file ("is het al rond?"), their own
# figures and then whether they qualify ("mijn vrouw werkt 20 uur, kom ik dan nog in aanmerking?", "ik heb 1500 omzet
# per maand, krijg ik het?"), their place on a list, who is right in their dispute, whether their permit still holds
# after a change, an exception for them, a decision about them taken back. Not the general rule ("kom ik in aanmerking
# voor de energiescan?", "hoe snel is dat rond").
OORDEEL = re.compile(
    r"(?<!waar )(?<!hoe )\b(?:denk|denkt|denken|vind|vindt|vinden) (?:je|jij|u|jullie)\b(?! mee\b)|"
    r"\bmaak (?:ik|we|wij) (?:dan |nog |wel |enige )*kans\b|\bis er (?:dan |nog )*(?:een )?kans\b|"
    r"\bkrijg (?:ik|we|wij) (?:daar|dan|hier) (?:\w+ )?(?:gedoe|problemen|last|moeilijkheden)\b|"
    r"\bgaat (?:het|dat|ons \w+|mijn \w+|het \w+) (?:nu |dan |nog |wel |toch )*(?:niet )?door\b|"
    r"\bkan (?:hij|zij|ze|die|de \w+) (?:\w+ ){0,3}?tegenhouden\b|"
    r"\b(?:is|wordt|zijn|worden) (?:het|dat|die|mijn \w+|onze \w+|alles) (?:nou |nu |dan )*(?:al )?"
    r"(?:goedgekeurd|afgewezen|toegekend)\b|"
    r"\b(?:is|zijn) (?:het|dat|die|mijn \w+|onze \w+|alles) (?:nou |nu )*al (?:rond|klaar|geregeld)\b|"
    r"\bhoe staat het (?:er|daar)mee\b|\bwelk nummer (?:ben|sta|heb) (?:ik|we|wij)\b|"
    r"\b(?:hoeveel|welk bedrag) (?:\w+ ){0,2}?(?:krijg|bespaar|verdien|betaal) (?:ik|we|wij) (?:\w+ ){0,3}?"
    r"(?:precies|in mijn geval)\b|"
    r"\b(?:ik|we|wij|mijn|mn|m'n|onze)\b[^?]{3,80}?\bkom(?:en)? (?:ik|we|wij) (?:dan |nog |wel |ook |nou )*in aanmerking\b|"
    r"\b(?:ik|we|wij|mijn|mn|m'n|onze)\b[^?\d]{0,40}\d[^?]{0,60}?\bkrijg(?:en)? (?:ik|we|wij) (?:het|dat|die|dan|nog|wel)\b|"
    r"\bstaan er (?:nog |al |nu )*voor (?:mij|me|ons)\b|\bwie heeft (?:er )?(?:nou |nu |dan )*gelijk\b|"
    # compared with the neighbour ("waarom betaal ik meer dan de buurman"); what the previous owner left open
    r"\bwaarom (?:betaal|krijg|moet|mag) (?:ik|we|wij) (?:\w+ ){0,3}?(?:meer|minder|wel|niet|ook) (?:\w+ ){0,2}?(?:dan|als) "
    r"(?:de|mijn|mn|onze) (?:buurman|buurvrouw|buren|buurzaak|collega|concurrent)\b|"
    r"\b(?:vorige|oude) eigenaar\b[^?]{0,80}?\b(?:boete|schuld\w*|aanslag|achterstand\w*|dwangsom)\b|"
    # their own permit after a change ("het feest is verschoven, geldt hij dan nog"); an exception for them
    r"\bgeldt (?:hij|die|ze|deze) (?:dan |nu |nou |toch )*(?:nog|ook nog)\b|"
    r"\bkan (?:ik|we|wij) (?:daar |hier |dan |daarvoor )*(?:een )?uitzondering\b|\buitzondering (?:op|voor) (?:mij|ons)\b|"
    # a bill or letter of their own doubted after its article: "ik kreeg een aanslag over 2023 maar toen verhuurde ik
    # niet, hoe kan dat" (as a first question, "aanslag 30% hoger, hoe kan dat" wants the article and its objection)
    r"\b(?:aanslag|factuur|rekening|nota|boete|brief)\b[^?]{0,80}?\bhoe kan (?:dat|dit|het)\b|"
    # what happens to them now: "mijn buurman klaagt, krijg ik nu een boete?", "gaat de gemeente mijn salon nu sluiten?"
    r"\bkrijg(?:en)? (?:ik|we|wij) nu (?:een )?(?:boete|bon|waarschuwing|dwangsom|last)\b|"
    r"\b(?:gaat|gaan) (?:de gemeente|jullie|ze) (?:mijn|mn|m'n|onze|ons) \w+ (?:nu |dan |echt )*(?:sluiten|dichtdoen|weghalen)\b|"
    # a decision about them taken back ("kan die bon worden teruggedraaid?")
    r"\b(?:teruggedraaid|terugdraaien|terug te draaien|kwijtgescholden|kwijtschelden)\b",
    re.IGNORECASE,
)
# Their own address, street or spot, or the business next door, in a question only: "het gaat om Kerkstraat 14, mag het
# daar?", "hoe lang duurt het werk in de Stationsstraat nog?", "de winkel naast mij is elke zondag open, mag dat?";
# not "ons adres is Kerkstraat 14", said for the case. A street of no name ("de winkelstraat", "het marktplein") is
# the general rule's.
EIGEN_PLEK = re.compile(
    r"\bbij (?:mij|ons) (?:voor de deur|in de straat)\b|\bop nummer \d+|"
    r"\b\w*(?:straat|weg|laan|plein|kade|dijk|singel|gracht|markt)\s+\d+[a-z]?\b|"
    r"\b(?:bij|in|op|aan|van|voor) (?:de |het )?(?!(?:winkel|zij|snel|markt|hoofd|auto|fiets|voet|rijks|parkeer|"
    r"binnen)(?:straat|weg|plein)\b)[a-z]+(?:straat|laan|plein|kade|dijk|singel|gracht|steeg)\b|"
    r"\bbij de (?:albert heijn|jumbo|lidl|aldi|plus|hema|kerk|bank|school|station|supermarkt)\b|"
    r"\b(?:de|die) \w+ (?:naast (?:mij|me|ons)|om de hoek)\b|\bnaast (?:mij|me|ons) (?:is|zit|heeft|mag|staat|doet)\b",
    re.IGNORECASE)
# A moment of their own case, in a question only: "de container is vanochtend weer niet geleegd, komen ze nog?",
# "ik sta al sinds 2021 op de lijst"; "is er nu iets vrij?" asks what no article knows.
EIGEN_MOMENT = re.compile(r"\b(?:vanochtend|vanmorgen|vanmiddag|gisteren|eergisteren|deze maand|deze week|vorige week|"
                          r"vorige maand|sinds \d{4}|(?:\d+|een|twee|drie|vier|paar) (?:dagen|weken|maanden) (?:geleden|terug)|"
                          rf"op \d{{1,2}} (?:{MAANDEN}))\b|"
                          r"\bis er (?:nu|op dit moment) (?:\w+ ){0,2}(?:vrij|plek|ruimte|beschikbaar)\b|"
                          r"\bhoeveel (?:\w+ ){0,2}bespaar (?:ik|we|wij)\b", re.IGNORECASE)


def vraagt_oordeel(tekst: str) -> bool:
    """Whether a follow-up asks for a judgement of the entrepreneur's own case (``OORDEEL``), or asks about their own
    place, neighbour or moment (``EIGEN_PLEK``, ``EIGEN_MOMENT``): no article gives it, and a sentence of one quoted
    would sound like a yes or a no."""
    tekst = begrens(tekst)
    return OORDEEL.search(tekst) is not None or (
        (EIGEN_PLEK.search(tekst) is not None or EIGEN_MOMENT.search(tekst) is not None) and _vraagt_iets(tekst))


def _vraagt_iets(tekst: str) -> bool:
    """A question in one of its clauses: "het gaat om Kerkstraat 14, mag daar horeca in of niet"."""
    return any(is_vraag_van_vorm(deel) for deel in re.split(r"[,;:.]\s", tekst))


# Enforcement at the entrepreneur's own business: a word of enforcement ("dwangsom", "handhaving", "boete")
# with a sign that it happened to them ("gekregen", "opgelegd", "brief", "handhaving zegt ..."), not a question
# whether something could lead to a fine ("krijg ik een boete als ...") or what a word means.
HANDHAVINGSWOORD = (r"\b(?:(?:last onder )?dwangsom\w*|(?:last onder )?bestuursdwang|handhaving\w*|handhaver\w*|"
                    r"boete\w*|\w+boete|bekeuring\w*|proces[- ]?verbaal|vooraankondiging|voornemen tot \w+)\b")
OVERKOMEN = (r"\b(?:gekregen|gehad|ontvangen|kreeg|kregen|opgelegd|brief|aanschrijving|in de bus|op de mat|"
             r"(?:zegt|zei|eist|eiste|dreigt|dreigde|wil|wilde|stond|was|kwam|kwamen|is|zijn) (?:hier|bij|langs|dat|"
             r"geweest|ons|mij|me|mijn|mn)|er (?:was|is|kwam|stond)|bezwaar|(?:moet|hoef) (?:ik|we|wij) (?:die|deze|dat|mijn|mn)|"
             r"moet (?:ik|we|wij) (?:nu |dan )?(?:betalen|dicht|weg))\b")
# "brief gehad over de milieucontrole": a letter after an inspection of their business
BRIEF_NA_CONTROLE = r"\bbrief (?:\w+ )?(?:over|van|na) (?:de |een |die )?\w*controle\b"
# "ik kreeg een brief dat mn bord weg moet", "handhaving heeft mijn bord weggehaald": removal ordered or done
WEG_MOET = (r"\b(?:kreeg|kregen|gekregen|gehad|ontvangen|van jullie|van de gemeente)\b[^.?!]{0,40}?"
            r"\b(?:weg moet|moet weg|weghalen|verwijderen|dicht moet|moet dicht)\b|"
            r"\b(?:handhaving|handhaver\w*|gemeente|jullie)\b[^.?!]{0,40}?\b(?:weggehaald|verwijderd|in beslag genomen)\b")
HANDHAVING = re.compile(rf"{HANDHAVINGSWOORD}[^?]{{0,80}}?{OVERKOMEN}|{OVERKOMEN}[^?]{{0,80}}?{HANDHAVINGSWOORD}|"
                        rf"{BRIEF_NA_CONTROLE}|{WEG_MOET}",
                        re.IGNORECASE)


def over_handhaving(tekst: str) -> bool:
    """Whether the entrepreneur tells of enforcement at their own business ("ik heb een dwangsom gekregen voor
    mijn reclamebord", "handhaving zegt dat het bord weg moet"): a decision about their case, which the
    assistant cannot take back or judge; the letter says how to respond, and a medewerker can look at it."""
    return HANDHAVING.search(begrens(tekst)) is not None


# "wie is mijn accountmanager", "wie is onze vaste contactpersoon bij de gemeente"
WIE_IS_MIJN_CONTACT = re.compile(r"\bwie (?:is|zijn|was) (?:nou |nu |eigenlijk )?(?:mijn|onze|ons|de|mn|m'n) "
                                 r"(?:vaste )?(?:accountmanager|account manager|contactpersoon|aanspreekpunt)\b",
                                 re.IGNORECASE)


# A question before it ("hoe meld ik me aan voor de nieuwsbrief en wie is mijn contactpersoon"): that one first.
EERDERE_VRAAG = re.compile(r"\?|\b(?:hoe|wat|waar|wanneer|welke|hoeveel|mag|moet|kan|kun|kunt)\b", re.IGNORECASE)


def vraagt_wie_accountmanager(tekst: str) -> bool:
    """Whether the entrepreneur asks who their own accountmanager or contact is, as their question (not after another
    one): that depends on their business, which no article knows; the handoff finds out and says the name."""
    tekst = begrens(tekst)
    match = WIE_IS_MIJN_CONTACT.search(tekst)
    return match is not None and EERDERE_VRAAG.search(tekst, 0, match.start()) is None

