// The local chat page: talks to Rasa's web chat channel over socket.io (see credentials.yml).
// Message text is always inserted as text, never as HTML.
(function () {
  "use strict";
  var RASA_URL = window.INGANG_RASA_URL || ("http://" + window.location.hostname + ":5005");
  var SESSIE_SLEUTEL = "ingang-sessie";
  var lijst = document.getElementById("berichten");
  var formulier = document.getElementById("invoer");
  var veld = document.getElementById("tekst");
  var status = document.getElementById("status");

  var socket = io(RASA_URL, { path: "/socket.io", transports: ["websocket", "polling"] });

  function sessieId() { return window.localStorage.getItem(SESSIE_SLEUTEL); }

  function voegToe(element) {
    lijst.appendChild(element);
    lijst.scrollTop = lijst.scrollHeight;
  }

  function tekstBericht(tekst, van) {
    var li = document.createElement("li");
    li.className = "bericht bericht--" + van;
    li.textContent = tekst;
    voegToe(li);
    return li;
  }

  function knoppen(lijstKnoppen) {
    var li = document.createElement("li");
    li.className = "knoppen";
    lijstKnoppen.forEach(function (knop) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = knop.title;
      b.addEventListener("click", function () { verstuur(knop.payload, knop.title); });
      li.appendChild(b);
    });
    voegToe(li);
  }

  function kaart(kennisbank) {
    var li = document.createElement("li");
    li.className = "bericht bericht--bot kaart";
    var a = document.createElement("a");
    a.href = kennisbank.url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = "Lees meer: " + kennisbank.titel;
    li.appendChild(a);
    voegToe(li);
  }

  function verstuur(bericht, getoond) {
    tekstBericht(getoond || bericht, "gebruiker");
    socket.emit("user_uttered", { message: bericht, session_id: sessieId() });
    status.textContent = "De assistent typt…";
  }

  socket.on("connect", function () {
    socket.emit("session_request", { session_id: sessieId() });
  });
  socket.on("session_confirm", function (id) {
    window.localStorage.setItem(SESSIE_SLEUTEL, typeof id === "string" ? id : id.session_id);
    status.textContent = "";
  });
  socket.on("connect_error", function () {
    status.textContent = "Geen verbinding met de assistent. Draait scripts/run?";
  });
  socket.on("bot_uttered", function (bericht) {
    status.textContent = "";
    if (bericht.text) { tekstBericht(bericht.text, "bot"); }
    var lijstKnoppen = bericht.quick_replies || bericht.buttons;
    if (lijstKnoppen && lijstKnoppen.length) { knoppen(lijstKnoppen); }
    if (bericht.custom && bericht.custom.kennisbank) { kaart(bericht.custom.kennisbank); }
  });

  formulier.addEventListener("submit", function (event) {
    event.preventDefault();
    var tekst = veld.value.trim();
    if (!tekst) { return; }
    veld.value = "";
    verstuur(tekst);
  });
  document.getElementById("nieuw").addEventListener("click", function () {
    window.localStorage.removeItem(SESSIE_SLEUTEL);
    lijst.textContent = "";
    socket.emit("session_request", { session_id: null });
  });
})();
