// Ingang chat widget: one script tag plus window.IngangConfig on a municipal website (see
// docs/widget.md). It talks to Rasa's socket.io channel "webchat" (events session_request,
// session_confirm, user_uttered, bot_uttered; during a takeover also user_typing and medewerker_typt,
// see docs/widget.md).
import { io } from "socket.io-client";
import css from "./widget.css";
import { palette } from "./colour.js";
import { LABELS, announcement, botLine, choicesOf, link, quickReplies, safeUrl, userLine } from "./messages.js";
import * as store from "./store.js";

const TYPING_TIMEOUT_MS = 30000;
const STAFF_TYPING_MS = 7000; // the server repeats medewerker_typt every few seconds while the medewerker types
const USER_TYPING_EVERY_MS = 2500; // at most one user_typing signal in this time
const FULL_SCREEN = "(max-width: 36em), (max-height: 32em)"; // the same query as in widget.css

function readConfig() {
  const given = window.IngangConfig || {};
  const text = (value, fallback) => (typeof value === "string" && value.trim() ? value.trim() : fallback);
  return {
    server: text(given.server, window.location.protocol + "//" + window.location.hostname + ":5005"),
    socketPath: text(given.socketPad, "/socket.io"),
    colour: text(given.kleur, "#0b5394"),
    title: text(given.titel, LABELS.defaultTitle),
    welcome: text(given.welkom, LABELS.defaultWelcome),
    buttonText: text(given.knoptekst, LABELS.defaultButtonText),
    startOpen: given.open === true,
    privacyUrl: text(given.privacy, "") ? safeUrl(given.privacy.trim()) : null, // no link unless configured
  };
}

function el(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, value);
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

// A speech bubble, drawn in the text colour of the button.
function chatIcon() {
  const svgNs = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "24");
  svg.setAttribute("height", "24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(svgNs, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z");
  svg.appendChild(path);
  return svg;
}

// The widget's DOM: a launcher button, the panel (a non-modal dialog) and a live region.
function buildDom(config) {
  const colours = palette(config.colour);
  const root = el("div", { class: "ingang", id: "ingang-widget" });
  root.style.setProperty("--ingang-brand", colours.brand);
  root.style.setProperty("--ingang-on-brand", colours.onBrand);
  root.style.setProperty("--ingang-brand-text", colours.brandText);

  const launcher = el("button", { type: "button", class: "ingang-launcher", "aria-expanded": "false", "aria-controls": "ingang-panel" });
  launcher.appendChild(chatIcon());
  launcher.appendChild(el("span", {}, config.buttonText));
  const badge = el("span", { class: "ingang-badge" });
  badge.hidden = true;
  badge.appendChild(el("span", { class: "ingang-vh" }, LABELS.newMessageBadge));
  launcher.appendChild(badge);

  const panel = el("section", { id: "ingang-panel", class: "ingang-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "ingang-title" });
  panel.hidden = true;
  const header = el("div", { class: "ingang-header" });
  header.appendChild(el("h2", { id: "ingang-title", class: "ingang-title" }, config.title));
  const restart = el("button", { type: "button", class: "ingang-header__button" }, LABELS.newConversation);
  const close = el("button", { type: "button", class: "ingang-header__button ingang-close", "aria-label": LABELS.closeChat }, "✕");
  header.append(restart, close);

  const list = el("ol", { class: "ingang-messages", "aria-label": LABELS.conversation, tabindex: "0" });
  const typing = el("p", { class: "ingang-typing" });
  typing.hidden = true;
  const typingText = document.createTextNode(LABELS.typing);
  typing.append(el("span", { class: "ingang-dots", "aria-hidden": "true" }), typingText);
  const status = el("p", { class: "ingang-status", role: "status" });

  const form = el("form", { class: "ingang-form", autocomplete: "off" });
  const label = el("label", { for: "ingang-input", class: "ingang-vh" }, LABELS.yourMessage);
  const input = el("input", { id: "ingang-input", type: "text", maxlength: "5000", placeholder: LABELS.placeholder });
  const send = el("button", { type: "submit", class: "ingang-send" }, LABELS.send);
  form.append(label, input, send);
  panel.append(header, list, typing, status, form);
  if (config.privacyUrl) {
    const privacy = el("p", { class: "ingang-privacy" });
    privacy.appendChild(link(config.privacyUrl, LABELS.privacy));
    panel.appendChild(privacy);
  }

  const live = el("div", { class: "ingang-vh", "aria-live": "polite", "aria-relevant": "additions" });
  root.append(launcher, panel, live);
  return { root, launcher, badge, panel, restart, close, list, typing, typingText, status, form, input, live };
}

function addStyles() {
  if (document.getElementById("ingang-styles")) {
    return;
  }
  const style = el("style", { id: "ingang-styles" });
  style.textContent = css;
  document.head.appendChild(style);
}

function createWidget(config) {
  const ui = buildDom(config);
  let socket = null;
  let confirmed = false;
  let pending = []; // messages typed before the session was confirmed
  let lastChoices = "";
  let typingTimer = null;
  let staffActive = false; // a medewerker has taken over: the last message came from one
  let lastTypingSignal = 0;

  function scrollDown() {
    ui.list.scrollTop = ui.list.scrollHeight;
  }

  function removeQuickReplies() {
    ui.list.querySelectorAll(".ingang-choices").forEach((node) => node.remove());
    lastChoices = "";
  }

  function showBotMessage(message, interactive) {
    const line = botLine(message);
    if (line) {
      ui.list.appendChild(line);
    }
    const choices = choicesOf(message);
    const key = JSON.stringify(choices.map((c) => c.title));
    // custom.keuzes repeats the buttons of the message before it: show those choices once
    if (choices.length && key !== lastChoices && interactive) {
      ui.list.appendChild(quickReplies(choices, (choice) => send(choice.payload, choice.title)));
      lastChoices = key;
    }
  }

  function showWelcome() {
    if (config.welcome) {
      showBotMessage({ text: config.welcome }, false);
    }
  }

  // The saved conversation, without announcing it again; only the last choices stay clickable.
  function showTranscript() {
    ui.list.textContent = "";
    lastChoices = "";
    staffActive = false;
    showWelcome();
    const items = store.transcript();
    items.forEach((item, index) => {
      if (item.from === "user") {
        removeQuickReplies();
        ui.list.appendChild(userLine(item.text));
      } else if (item.from === "bot" && item.message) {
        showBotMessage(item.message, index === items.length - 1 || lastItemsAreBot(items, index));
        staffActive = Boolean(item.message.custom && item.message.custom.medewerker);
      }
    });
    scrollDown();
  }

  function lastItemsAreBot(items, index) {
    return items.slice(index + 1).every((item) => item.from === "bot");
  }

  function setTyping(on, text, timeout) {
    ui.typing.hidden = !on;
    ui.typingText.textContent = text || LABELS.typing;
    clearTimeout(typingTimer);
    if (on) {
      typingTimer = setTimeout(() => setTyping(false), timeout || TYPING_TIMEOUT_MS);
    }
  }

  // "<voornaam> typt…" while the medewerker types (bot/kanalen/webchat/bezorger.py); said once to a
  // screen reader when it starts, not at every repeat.
  function onStaffTyping(data) {
    const name = data && typeof data.naam === "string" ? data.naam.slice(0, 60) : "";
    if (!name) {
      return;
    }
    staffActive = true;
    const text = LABELS.staffTyping.replace("{naam}", name);
    if (ui.typing.hidden || ui.typingText.textContent !== text) {
      announce(text);
    }
    setTyping(true, text, STAFF_TYPING_MS);
  }

  // The entrepreneur types: useful to the medewerker only during a takeover; throttled.
  function onInput() {
    const now = Date.now();
    if (!staffActive || !confirmed || !ui.input.value.trim() || now - lastTypingSignal < USER_TYPING_EVERY_MS) {
      return;
    }
    lastTypingSignal = now;
    socket.emit("user_typing", {});
  }

  // New messages are added to the live region (screen readers read each addition); it is
  // emptied when the user sends a message, and keeps at most the last few lines.
  function announce(text) {
    ui.live.appendChild(el("p", {}, text));
    while (ui.live.childElementCount > 5) {
      ui.live.firstElementChild.remove();
    }
  }

  function onBotMessage(message) {
    if (!message || typeof message !== "object") {
      return;
    }
    setTyping(false);
    staffActive = Boolean(message.custom && message.custom.medewerker);
    store.addToTranscript({ from: "bot", message: { text: message.text, buttons: message.quick_replies || message.buttons, custom: message.custom } });
    showBotMessage(message, true);
    scrollDown();
    const spoken = announcement(message);
    if (spoken) {
      announce(ui.panel.hidden ? LABELS.newMessageAnnounced + spoken : spoken);
    }
    if (ui.panel.hidden) {
      ui.badge.hidden = false;
    }
  }

  function requestSession() {
    confirmed = false;
    socket.emit("session_request", { session_id: store.sessionId() });
  }

  function onSessionConfirm(data) {
    const id = typeof data === "string" ? data : data && data.session_id;
    if (!id) {
      return;
    }
    const previous = store.sessionId();
    store.saveSessionId(String(id));
    if (previous && previous !== String(id)) {
      showTranscript();
    }
    confirmed = true;
    ui.status.textContent = "";
    const waiting = pending;
    pending = [];
    waiting.forEach((text) => socket.emit("user_uttered", { message: text, session_id: store.sessionId() }));
  }

  function connect() {
    if (socket) {
      return;
    }
    socket = io(config.server, { path: config.socketPath, transports: ["websocket", "polling"] });
    socket.on("connect", requestSession);
    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", onBotMessage);
    socket.on("medewerker_typt", onStaffTyping);
    socket.on("disconnect", () => { confirmed = false; });
    socket.on("connect_error", () => {
      setTyping(false);
      ui.status.textContent = LABELS.noConnection;
    });
  }

  function send(text, shown) {
    removeQuickReplies();
    ui.live.textContent = "";
    ui.list.appendChild(userLine(shown || text));
    store.addToTranscript({ from: "user", text: shown || text });
    scrollDown();
    if (!staffActive) {
      setTyping(true); // during a takeover the assistant does not answer: no "De assistent typt…"
    }
    connect();
    if (confirmed) {
      socket.emit("user_uttered", { message: text, session_id: store.sessionId() });
    } else {
      pending.push(text);
    }
  }

  function open() {
    ui.panel.hidden = false;
    ui.root.classList.add("ingang--open");
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.badge.hidden = true;
    store.rememberOpen(true);
    connect();
    scrollDown();
    ui.input.focus();
  }

  function close() {
    ui.panel.hidden = true;
    ui.root.classList.remove("ingang--open");
    ui.launcher.setAttribute("aria-expanded", "false");
    store.rememberOpen(false);
    ui.launcher.focus();
  }

  function restart() {
    store.forgetConversation();
    pending = [];
    setTyping(false);
    showTranscript();
    if (socket && socket.connected) {
      requestSession();
    }
    ui.input.focus();
  }

  ui.launcher.addEventListener("click", () => (ui.panel.hidden ? open() : close()));
  ui.close.addEventListener("click", close);
  ui.restart.addEventListener("click", restart);
  ui.panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab" && window.matchMedia(FULL_SCREEN).matches) {
      keepFocusInPanel(event);
    }
  });

  // When the panel covers the whole screen, Tab stays inside it (the page behind is hidden).
  function keepFocusInPanel(event) {
    const focusable = Array.from(ui.panel.querySelectorAll("button, input, a[href], [tabindex='0']"));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
  ui.input.addEventListener("input", onInput);
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = ui.input.value.trim();
    if (text) {
      ui.input.value = "";
      send(text);
    }
  });

  document.body.appendChild(ui.root);
  showTranscript();
  if (store.sessionId()) {
    connect(); // messages from staff reach a returning visitor even before the panel is opened
  }
  if (config.startOpen || store.wasOpen()) {
    ui.panel.hidden = false;
    ui.root.classList.add("ingang--open");
    ui.launcher.setAttribute("aria-expanded", "true");
    connect();
    scrollDown();
  }
}

function start() {
  if (document.getElementById("ingang-widget")) {
    return; // the script was included twice
  }
  addStyles();
  createWidget(readConfig());
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
