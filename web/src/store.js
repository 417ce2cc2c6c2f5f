// What the widget keeps in the browser (see docs/widget.md):
// - localStorage "ingang:sessie": the Rasa session id, so the conversation survives reload,
//   navigation and a new tab on the same site;
// - localStorage "ingang:gesprek": the transcript of that session (at most MAX_ITEMS items),
//   shown again when the page loads; "Nieuw gesprek" removes both;
// - sessionStorage "ingang:open": whether the panel was open, so it stays open after navigation.

const SESSION_KEY = "ingang:sessie";
const TRANSCRIPT_KEY = "ingang:gesprek";
const OPEN_KEY = "ingang:open";
const MAX_ITEMS = 200;

function read(storage, key) {
  try {
    return storage.getItem(key);
  } catch (error) {
    return null; // storage blocked (privacy settings): the widget still works for this page
  }
}

function write(storage, key, value) {
  try {
    if (value === null) {
      storage.removeItem(key);
    } else {
      storage.setItem(key, value);
    }
  } catch (error) {
    // storage full or blocked: nothing to do
  }
}

export function sessionId() {
  return read(window.localStorage, SESSION_KEY);
}

export function saveSessionId(id) {
  const previous = sessionId();
  const items = previous ? [] : transcript(); // lines typed before the first session was confirmed
  write(window.localStorage, SESSION_KEY, id);
  if (previous !== id) {
    write(window.localStorage, TRANSCRIPT_KEY, items.length ? JSON.stringify({ sessionId: id, items }) : null);
  }
}

export function transcript() {
  const raw = read(window.localStorage, TRANSCRIPT_KEY);
  if (!raw) {
    return [];
  }
  try {
    const saved = JSON.parse(raw);
    return saved && saved.sessionId === sessionId() && Array.isArray(saved.items) ? saved.items : [];
  } catch (error) {
    return [];
  }
}

export function addToTranscript(item) {
  const items = transcript().concat([item]).slice(-MAX_ITEMS);
  write(window.localStorage, TRANSCRIPT_KEY, JSON.stringify({ sessionId: sessionId(), items }));
}

export function forgetConversation() {
  write(window.localStorage, SESSION_KEY, null);
  write(window.localStorage, TRANSCRIPT_KEY, null);
}

export function wasOpen() {
  return read(window.sessionStorage, OPEN_KEY) === "1";
}

export function rememberOpen(open) {
  write(window.sessionStorage, OPEN_KEY, open ? "1" : null);
}
