"""Telegram's rendering (bot/kanalen/telegram/opmaak.py): plain text, inline keyboards, callback
data, and splitting at Telegram's limit."""

from __future__ import annotations

import re

from telegram import Update

from bot.kanalen.telegram.invoer import payload_from_callback
from bot.kanalen.telegram.opmaak import callback_data_for, render, split_text
from tests.fakes.telegram import button_update
from tests.unit.kanalen.telegram.hulp import CHAT, LONG_PAYLOAD, keyboard


def test_text_and_buttons_become_one_message_with_an_inline_keyboard():
    [part] = render({"text": "Heeft dit uw vraag beantwoord?",
                     "buttons": [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]})
    assert part.text == "Heeft dit uw vraag beantwoord?"
    assert keyboard(part) == [("Ja", "/affirm"), ("Nee", "/deny")]


def test_html_is_sent_as_plain_text():
    [part] = render({"text": "<b>Let op</b> & <a href='x'>hier</a>"})
    assert part.text == "<b>Let op</b> & <a href='x'>hier</a>" and part.keyboard is None


def test_a_kennisbank_answer_gets_its_link_once():
    kennisbank = {"id": "terras", "titel": "Terras", "url": "https://voorbeeldstad.nl/terras"}
    [part] = render({"text": "U heeft een vergunning nodig.", "custom": {"kennisbank": kennisbank}})
    assert part.text == "U heeft een vergunning nodig.\n\nLees meer: https://voorbeeldstad.nl/terras"
    [part] = render({"text": "Zie https://voorbeeldstad.nl/terras", "custom": {"kennisbank": kennisbank}})
    assert part.text.count("https://voorbeeldstad.nl/terras") == 1


def test_choices_without_buttons_become_buttons():
    keuzes = [{"id": "terras", "titel": "Terras"}, {"id": "reclame", "titel": "Reclamebord"}]
    [part] = render({"text": "Bedoelt u een van deze?", "custom": {"keuzes": keuzes}})
    assert keyboard(part) == [("Terras", '/ask_question{"onderwerp": "terras"}'),
                              ("Reclamebord", '/ask_question{"onderwerp": "reclame"}')]
    [part] = render({"text": "Kies", "buttons": [{"title": "A", "payload": "/a"}], "custom": {"keuzes": keuzes}})
    assert keyboard(part) == [("A", "/a")]  # the message's own buttons win


def test_a_staff_message_starts_with_name_and_function():
    [part] = render({"text": "Ik bel u morgen.", "custom": {"medewerker": {"naam": "Mehmet Yılmaz",
                                                                           "functie": "accountmanager horeca"}}})
    assert part.text == "Mehmet Yılmaz (accountmanager horeca): Ik bel u morgen."


def test_messages_without_anything_to_show_are_not_sent():
    assert render({"custom": {"vraag": {"stap": "wat"}}}) == []
    assert render({"text": "  "}) == []
    [part] = render({"buttons": [{"title": "Ja", "payload": "/affirm"}]})
    assert part.text and keyboard(part) == [("Ja", "/affirm")]


def test_long_payloads_fit_in_64_bytes_and_map_back_to_the_title():
    compact = callback_data_for('/ask_costs{"onderwerp": "alcohol-ontheffing-evenementen-extra-x"}')
    assert compact == '/ask_costs{"onderwerp":"alcohol-ontheffing-evenementen-extra-x"}'
    hashed = callback_data_for(LONG_PAYLOAD)
    assert re.fullmatch(r"#[0-9a-f]{20}", hashed) and hashed == callback_data_for(LONG_PAYLOAD)
    [part] = render({"text": "Kies", "buttons": [{"title": "Hoe vraag ik het aan?", "payload": LONG_PAYLOAD}]})
    assert keyboard(part) == [("Hoe vraag ik het aan?", hashed)]
    query = Update.de_json(button_update(1, CHAT, hashed, message={
        "message_id": 5, "date": 1764590000, "chat": {"id": CHAT, "type": "private"}, "text": "Kies",
        "reply_markup": part.keyboard.to_dict()}), None).callback_query
    assert payload_from_callback(query) == "Hoe vraag ik het aan?"


def test_a_long_text_is_split_on_paragraphs_then_sentences():
    paragraphs = [f"Alinea {i}. " + "Dit is een zin over het terras. " * 40 for i in range(12)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert all(p.endswith(".") for p in parts)  # never in the middle of a sentence
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())  # nothing lost

    one_paragraph = "Dit is een zin over de kosten van een vergunning. " * 200
    parts = split_text(one_paragraph)
    assert len(parts) == 3 and all(len(p) <= 4096 and p.endswith(".") for p in parts)


def test_splitting_counts_like_telegram_and_cuts_words_only_when_it_must():
    emoji = "🙂" * 3000  # 6000 UTF-16 code units
    parts = split_text(emoji)
    assert "".join(parts) == emoji and all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    parts = split_text("x" * 5000)
    assert [len(p) for p in parts] == [4096, 904]
    parts = split_text("woord " * 1000)
    assert all(p.endswith("woord") for p in parts)
    [part, *rest] = render({"text": "zin. " * 2000, "buttons": [{"title": "Ja", "payload": "/affirm"}]})
    assert part.keyboard is None and rest[-1].keyboard is not None
