// Turning bot messages (Rasa's bot_uttered payloads, see shared/berichten.md) into DOM nodes.
// Text is only ever set with textContent or text nodes: a message is never read as HTML.

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;
const EMAIL_PATTERN = /^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/;

// The widget's own words, in one place (plain Dutch, "u"); the site sets the title, the welcome
// and the chat button's text with window.IngangConfig (widget.js).
export const LABELS = {
  defaultTitle: "Vraag het de gemeente",
  defaultWelcome: "Welkom! Stel uw vraag over ondernemen in onze gemeente.",
  defaultButtonText: "Chat met ons",
  privacy: "Hoe wij met uw gegevens omgaan",
  newConversation: "Nieuw gesprek",
  closeChat: "Chat sluiten",
  conversation: "Gesprek",
  typing: "De assistent typt…",
  staffTyping: "{naam} typt…",
  yourMessage: "Uw bericht",
  placeholder: "Typ uw vraag…",
  send: "Verstuur",
  newMessageBadge: "(nieuw bericht)",
  newMessageAnnounced: "Nieuw bericht in de chat. ",
  noConnection: "Er is nu geen verbinding met de chat. We proberen het opnieuw.",
  newWindow: " (opent in een nieuw venster)",
  moreInformation: "Meer informatie",
  readMore: "Lees meer",
  aboutSubject: " over ",
  thisSubject: "dit onderwerp",
  assistant: "Assistent: ",
  staff: "Medewerker",
  you: "U: ",
  choices: "Antwoordkeuzes",
  announceArticle: "Artikel: ",
  announceChoices: "Keuzes: ",
  handoffTitle: "Uw vraag is in behandeling",
  caseNumber: "Zaaknummer",
  staffMember: "Uw medewerker",
  phone: "Telefoon",
  email: "E-mail",
  callPrefix: "Bel ",
  mailPrefix: "Mail ",
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

function visuallyHidden(text) {
  return element("span", "ingang-vh", text);
}

function isText(value) {
  return typeof value === "string" && value.trim() !== "";
}

// The address as a string when it is an http(s) link, else null (javascript:, data:, ... are refused).
export function safeUrl(value) {
  try {
    const url = new URL(String(value), window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

// A link that opens in a new tab without access to this page.
export function link(href, text, hiddenSuffix) {
  const a = element("a", "ingang-link", text);
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.appendChild(visuallyHidden((hiddenSuffix || "") + LABELS.newWindow));
  return a;
}

// Text with its web addresses made into safe links; everything else stays plain text.
function textWithLinks(text) {
  const fragment = document.createDocumentFragment();
  let position = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const address = match[0].replace(TRAILING_PUNCTUATION, "");
    const href = safeUrl(address);
    if (!href) {
      continue;
    }
    fragment.appendChild(document.createTextNode(text.slice(position, match.index)));
    fragment.appendChild(link(href, address));
    position = match.index + address.length;
  }
  fragment.appendChild(document.createTextNode(text.slice(position)));
  return fragment;
}

// A tel: address with only the digits (and a leading +) of a phone number as people write it, or null.
export function telHref(value) {
  if (!isText(value)) {
    return null;
  }
  const digits = value.replace(/[^\d+]/g, "");
  const number = (digits.startsWith("+") ? "+" : "") + digits.replace(/\+/g, "");
  return /\d{3,}/.test(number) ? "tel:" + number : null;
}

// A mailto: address for one plain e-mail address (no extra headers or recipients), or null.
export function mailHref(value) {
  return isText(value) && EMAIL_PATTERN.test(value.trim()) ? "mailto:" + value.trim() : null;
}

function paragraph(text) {
  const p = element("p", "ingang-text");
  p.appendChild(textWithLinks(text));
  return p;
}

export function userLine(text) {
  const li = element("li", "ingang-msg ingang-msg--user");
  li.appendChild(visuallyHidden(LABELS.you));
  li.appendChild(document.createTextNode(text));
  return li;
}

function staffHeader(medewerker) {
  const parts = [medewerker.naam, medewerker.functie].filter((part) => typeof part === "string" && part.trim());
  return element("p", "ingang-sender", parts.join(", ") || LABELS.staff);
}

function card(kennisbank) {
  const box = element("div", "ingang-card");
  box.appendChild(element("p", "ingang-card__title", kennisbank.titel || LABELS.moreInformation));
  const href = safeUrl(kennisbank.url);
  if (href) {
    box.appendChild(link(href, LABELS.readMore, LABELS.aboutSubject + (kennisbank.titel || LABELS.thisSubject)));
  }
  return box;
}

// The choices of a message: its buttons or quick replies, else the choices in custom.keuzes. A
// choice of custom.keuzes that says when it applies ("wanneer") carries that as its hint.
export function choicesOf(message) {
  const keuzes = message.custom && Array.isArray(message.custom.keuzes) ? message.custom.keuzes : [];
  const valid = keuzes.filter((k) => k && typeof k.titel === "string");
  const hints = new Map(valid.filter((k) => isText(k.wanneer)).map((k) => [k.titel, k.wanneer.trim()]));
  const buttons = message.quick_replies || message.buttons;
  if (Array.isArray(buttons) && buttons.length) {
    return buttons
      .filter((b) => b && typeof b.title === "string")
      .map((b) => ({
        title: b.title,
        payload: typeof b.payload === "string" && b.payload ? b.payload : b.title,
        hint: hints.get(b.title) || "",
      }));
  }
  return valid.map((k) => ({ title: k.titel, payload: k.titel, hint: hints.get(k.titel) || "" }));
}

// custom.overdracht when it can be shown as a card (a case number and a medewerker with a name), else null.
function handoffOf(custom) {
  const handoff = custom.overdracht;
  if (!handoff || typeof handoff !== "object" || !isText(handoff.zaak)) {
    return null;
  }
  const staff = handoff.medewerker;
  return staff && typeof staff === "object" && isText(staff.naam) ? handoff : null;
}

// The case number as one unbreakable piece.
function caseNumber(zaak) {
  return element("span", "ingang-zaak", zaak.trim());
}

// The promise sentence, with its case number kept on one line.
function promise(handoff) {
  const p = element("p", "ingang-handoff__promise");
  const zaak = handoff.zaak.trim();
  handoff.belofte.trim().split(zaak).forEach((part, index) => {
    if (index > 0) {
      p.appendChild(caseNumber(zaak));
    }
    p.appendChild(document.createTextNode(part));
  });
  return p;
}

function detail(list, label, value) {
  list.appendChild(element("dt", "ingang-handoff__label", label));
  const dd = element("dd", "ingang-handoff__value");
  dd.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
  list.appendChild(dd);
}

// A tel: or mailto: link; the hidden prefix says what it does ("Bel Joost van Dijk: ").
function contactLink(href, text, hiddenPrefix, className) {
  const a = element("a", "ingang-link " + className);
  a.href = href;
  a.append(visuallyHidden(hiddenPrefix), document.createTextNode(text.trim()));
  return a;
}

// The handoff card: the promise (who, what, by when, the case number), then the case number,
// the medewerker, and their phone number and e-mail address as links.
function handoffCard(handoff) {
  const staff = handoff.medewerker;
  const box = element("div", "ingang-card ingang-handoff");
  box.appendChild(element("p", "ingang-card__title", LABELS.handoffTitle));
  if (isText(handoff.belofte)) {
    box.appendChild(promise(handoff));
  }
  const details = element("dl", "ingang-handoff__details");
  detail(details, LABELS.caseNumber, caseNumber(handoff.zaak));
  detail(details, LABELS.staffMember, [staff.naam, staff.functie].filter(isText).map((t) => t.trim()).join(", "));
  const tel = telHref(staff.telefoon);
  if (tel) {
    detail(details, LABELS.phone, contactLink(tel, staff.telefoon, LABELS.callPrefix + staff.naam + ": ", "ingang-tel"));
  }
  const mail = mailHref(staff.email);
  if (mail) {
    detail(details, LABELS.email, contactLink(mail, staff.email, LABELS.mailPrefix + staff.naam + ": ", "ingang-mail"));
  }
  box.appendChild(details);
  return box;
}

// The text of a handoff message around the card, without what the card shows: the promise
// sentence, and the lines that repeat the medewerker's phone number or e-mail address.
function textAroundHandoff(text, handoff) {
  const sentence = isText(handoff.belofte) ? handoff.belofte.trim() : "";
  const at = sentence ? text.indexOf(sentence) : -1;
  const [before, after] = at >= 0 ? [text.slice(0, at), text.slice(at + sentence.length)] : [text, ""];
  const contact = [handoff.medewerker.telefoon, handoff.medewerker.email].filter(isText).map((c) => c.trim());
  const keep = (part) => part.split("\n").filter((line) => !contact.some((c) => line.includes(c))).join("\n").trim();
  return [keep(before), keep(after)];
}

// One list item for a bot message (text, card, staff name), or null when it has nothing to show.
export function botLine(message) {
  const custom = (message && typeof message.custom === "object" && message.custom) || {};
  const staff = custom.medewerker && typeof custom.medewerker === "object" ? custom.medewerker : null;
  const hasText = typeof message.text === "string" && message.text.trim() !== "";
  const kennisbank = custom.kennisbank && typeof custom.kennisbank === "object" ? custom.kennisbank : null;
  const handoff = handoffOf(custom);
  if (!hasText && !kennisbank && !handoff) {
    return null;
  }
  const li = element("li", "ingang-msg ingang-msg--bot" + (staff ? " ingang-msg--staff" : ""));
  if (staff) {
    li.appendChild(staffHeader(staff));
  } else {
    li.appendChild(visuallyHidden(LABELS.assistant));
  }
  if (handoff) {
    // The card replaces the text it repeats; what else the text says stays around it.
    const [before, after] = textAroundHandoff(hasText ? message.text : "", handoff);
    li.classList.add("ingang-msg--handoff");
    if (before) {
      li.appendChild(paragraph(before));
    }
    li.appendChild(handoffCard(handoff));
    if (after) {
      li.appendChild(paragraph(after));
    }
  } else if (hasText) {
    li.appendChild(paragraph(message.text));
  }
  if (kennisbank) {
    li.appendChild(card(kennisbank));
  }
  return li;
}

// A row of quick-reply buttons; ``choose`` gets the chosen {title, payload}.
export function quickReplies(choices, choose) {
  const li = element("li", "ingang-choices");
  const group = element("div", "ingang-choices__group");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", LABELS.choices);
  for (const choice of choices) {
    const button = element("button", "ingang-choice");
    button.type = "button";
    button.appendChild(element("span", "ingang-choice__title", choice.title));
    if (choice.hint) {
      button.classList.add("ingang-choice--hint");
      button.appendChild(element("span", "ingang-choice__hint", choice.hint));
    }
    button.addEventListener("click", () => choose(choice));
    group.appendChild(button);
  }
  li.appendChild(group);
  return li;
}

// What a screen reader announces for a new bot message.
export function announcement(message) {
  const custom = message.custom || {};
  const parts = [];
  if (custom.medewerker && custom.medewerker.naam) {
    parts.push(custom.medewerker.naam + ":");
  }
  if (typeof message.text === "string") {
    parts.push(message.text);
  }
  if (custom.kennisbank && custom.kennisbank.titel) {
    parts.push(LABELS.announceArticle + custom.kennisbank.titel + ".");
  }
  const choices = choicesOf(message);
  if (choices.length) {
    parts.push(LABELS.announceChoices + choices.map((c) => c.title).join(", ") + ".");
  }
  return parts.join(" ");
}
