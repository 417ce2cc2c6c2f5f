// Turning bot messages (Rasa's bot_uttered payloads, see shared/berichten.md) into DOM nodes.
// Text is only ever set with textContent or text nodes: a message is never read as HTML.

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

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
  a.appendChild(visuallyHidden((hiddenSuffix || "") + " (opent in een nieuw venster)"));
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

export function userLine(text) {
  const li = element("li", "ingang-msg ingang-msg--user");
  li.appendChild(visuallyHidden("U: "));
  li.appendChild(document.createTextNode(text));
  return li;
}

function staffHeader(medewerker) {
  const parts = [medewerker.naam, medewerker.functie].filter((part) => typeof part === "string" && part.trim());
  return element("p", "ingang-sender", parts.join(", ") || "Medewerker");
}

function card(kennisbank) {
  const box = element("div", "ingang-card");
  box.appendChild(element("p", "ingang-card__title", kennisbank.titel || "Meer informatie"));
  const href = safeUrl(kennisbank.url);
  if (href) {
    box.appendChild(link(href, "Lees meer", " over " + (kennisbank.titel || "dit onderwerp")));
  }
  return box;
}

// The choices of a message: its buttons or quick replies, else the choices in custom.keuzes.
export function choicesOf(message) {
  const buttons = message.quick_replies || message.buttons;
  if (Array.isArray(buttons) && buttons.length) {
    return buttons
      .filter((b) => b && typeof b.title === "string")
      .map((b) => ({ title: b.title, payload: typeof b.payload === "string" && b.payload ? b.payload : b.title }));
  }
  const keuzes = message.custom && message.custom.keuzes;
  if (Array.isArray(keuzes)) {
    return keuzes.filter((k) => k && typeof k.titel === "string").map((k) => ({ title: k.titel, payload: k.titel }));
  }
  return [];
}

// One list item for a bot message (text, card, staff name), or null when it has nothing to show.
export function botLine(message) {
  const custom = (message && typeof message.custom === "object" && message.custom) || {};
  const staff = custom.medewerker && typeof custom.medewerker === "object" ? custom.medewerker : null;
  const hasText = typeof message.text === "string" && message.text.trim() !== "";
  const kennisbank = custom.kennisbank && typeof custom.kennisbank === "object" ? custom.kennisbank : null;
  if (!hasText && !kennisbank) {
    return null;
  }
  const li = element("li", "ingang-msg ingang-msg--bot" + (staff ? " ingang-msg--staff" : ""));
  if (staff) {
    li.appendChild(staffHeader(staff));
  } else {
    li.appendChild(visuallyHidden("Assistent: "));
  }
  if (hasText) {
    const p = element("p", "ingang-text");
    p.appendChild(textWithLinks(message.text));
    li.appendChild(p);
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
  group.setAttribute("aria-label", "Antwoordkeuzes");
  for (const choice of choices) {
    const button = element("button", "ingang-choice", choice.title);
    button.type = "button";
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
    parts.push("Artikel: " + custom.kennisbank.titel + ".");
  }
  const choices = choicesOf(message);
  if (choices.length) {
    parts.push("Keuzes: " + choices.map((c) => c.title).join(", ") + ".");
  }
  return parts.join(" ");
}
