// Keeps the inbox live without reloading: every 10 seconds it reads /api/inbox (#inbox[data-bron]) and
//  - updates the count of every tab ("Mijn zaken (3)");
//  - shows the entrepreneurs waiting for a live chat, with "wacht sinds 16.30 (4 min)";
//  - lists the cases that arrived since the page was opened (#nieuwe-zaken), with a link to each.
// New waiting chats and new cases raise an alert: a count in the tab title ("(2) Inbox – ..."), reset when
// the tab gets focus; a short beep (WebAudio, only once the browser allows sound after a click or key);
// a desktop notification when the user allowed it with the "Meldingen aanzetten" button.
// The Dutch texts come from the page's data attributes. Text is always set with textContent: nothing an
// entrepreneur typed is ever read as HTML.
(function () {
  "use strict";

  var inbox = document.getElementById("inbox");
  if (!inbox) { return; }
  var teksten = inbox.dataset;
  var basisTitel = document.title;
  var ongezien = 0;
  var geluid = null;

  function element(tag, tekst) {
    var el = document.createElement(tag);
    if (tekst) { el.textContent = tekst; }
    return el;
  }

  function bekende(selector) {
    var nummers = {};
    document.querySelectorAll(selector).forEach(function (el) { nummers[el.getAttribute("data-zaak")] = true; });
    return nummers;
  }

  var bekendeChats = bekende("#live-chats li[data-zaak]");
  var bekendeZaken = bekende("tr[data-zaak]");

  // --- alerts ------------------------------------------------------------------------------------

  function zetTitel() {
    document.title = ongezien > 0 ? "(" + ongezien + ") " + basisTitel : basisTitel;
  }

  function ontgrendelGeluid() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      if (!geluid) { geluid = new Context(); }
      if (geluid.state === "suspended") { geluid.resume().catch(function () {}); }
    } catch (e) { geluid = null; }
  }

  function piep() {
    if (!geluid || geluid.state !== "running") { return; }  // no click or key yet: the browser blocks sound
    try {
      var toon = geluid.createOscillator();
      var volume = geluid.createGain();
      toon.frequency.value = 880;
      volume.gain.setValueAtTime(0.15, geluid.currentTime);
      volume.gain.exponentialRampToValueAtTime(0.001, geluid.currentTime + 0.35);
      toon.connect(volume).connect(geluid.destination);
      toon.start();
      toon.stop(geluid.currentTime + 0.35);
    } catch (e) { /* no sound is no reason to stop */ }
  }

  function toonMelding(titel, tekst, url) {
    if (!("Notification" in window) || window.Notification.permission !== "granted") { return; }
    try {
      var melding = new window.Notification(titel, { body: tekst, tag: url });
      melding.onclick = function () { window.focus(); window.location.href = url; };
    } catch (e) { /* e.g. a browser that only notifies from a service worker */ }
  }

  function meld(titel, tekst, url) {
    ongezien += 1;
    zetTitel();
    piep();
    toonMelding(titel, tekst, url);
  }

  function zetMeldingenKnop() {
    var knop = document.getElementById("meldingen-aanzetten");
    var status = document.getElementById("meldingen-status");
    if (!knop || !("Notification" in window)) { return; }
    var toestemming = window.Notification.permission;
    knop.hidden = toestemming !== "default";
    status.textContent = toestemming === "granted" ? teksten.meldingenAan
      : toestemming === "denied" ? teksten.meldingenUit : "";
  }

  function vraagToestemming() {
    ontgrendelGeluid();
    var antwoord = window.Notification.requestPermission(zetMeldingenKnop);  // old browsers: a callback
    if (antwoord && antwoord.then) { antwoord.then(zetMeldingenKnop); }
  }

  // --- the lists ---------------------------------------------------------------------------------

  function wachtTekst(chat) {
    return teksten.tekstWacht.replace("{tijd}", chat.wacht_sinds).replace("{minuten}", String(chat.wacht_minuten));
  }

  function toonLiveChats(chats) {
    var vak = document.getElementById("live-chats");
    var lijst = vak.querySelector("ul");
    lijst.replaceChildren();
    chats.forEach(function (chat) {
      var li = element("li");
      li.setAttribute("data-zaak", chat.zaak);
      var link = element("a", "Zaak " + chat.zaak);
      link.href = chat.url;
      li.appendChild(link);
      li.appendChild(document.createTextNode(" – " + chat.wat + " (voor " + chat.medewerker + ") – "));
      var wacht = element("span", wachtTekst(chat));
      wacht.className = "wacht";
      li.appendChild(wacht);
      lijst.appendChild(li);
      if (!bekendeChats[chat.zaak]) {
        bekendeChats[chat.zaak] = true;
        meld(teksten.meldingChat, "Zaak " + chat.zaak + " – " + chat.wat, chat.url);
      }
    });
    vak.hidden = chats.length === 0;
  }

  function toonNieuweZaken(zaken) {
    var vak = document.getElementById("nieuwe-zaken");
    var lijst = vak.querySelector("ul");
    zaken.forEach(function (zaak) {
      if (bekendeZaken[zaak.nummer]) { return; }
      bekendeZaken[zaak.nummer] = true;
      var li = element("li");
      var link = element("a", teksten.meldingZaak + " " + zaak.nummer);
      link.href = zaak.url;
      li.appendChild(link);
      li.appendChild(document.createTextNode(" – " + (zaak.bedrijf ? zaak.bedrijf + ": " : "") + zaak.wat));
      lijst.appendChild(li);
      vak.hidden = false;
      meld(teksten.meldingZaak, zaak.nummer + " – " + zaak.wat, zaak.url);
    });
  }

  function toonTellingen(tellingen) {
    Object.keys(tellingen).forEach(function (tab) {
      var telling = document.querySelector('[data-telling="' + tab + '"]');
      if (telling) { telling.textContent = "(" + tellingen[tab] + ")"; }
    });
  }

  function toon(gegevens) {
    if (!gegevens || !gegevens.tellingen) { return; }
    toonTellingen(gegevens.tellingen);
    toonLiveChats(gegevens.live_chats || []);
    toonNieuweZaken(gegevens.zaken || []);
  }

  function ronde() {
    fetch(inbox.getAttribute("data-bron"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (antwoord) { return antwoord.ok ? antwoord.json() : null; })
      .then(toon)
      .catch(function () { /* the next round tries again */ });
  }

  window.addEventListener("focus", function () { ongezien = 0; zetTitel(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { ongezien = 0; zetTitel(); }
  });
  document.addEventListener("click", ontgrendelGeluid, { once: true });
  document.addEventListener("keydown", ontgrendelGeluid, { once: true });
  var knop = document.getElementById("meldingen-aanzetten");
  if (knop && "Notification" in window) { knop.addEventListener("click", vraagToestemming); }
  zetMeldingenKnop();
  ronde();
  window.setInterval(ronde, 10000);
})();
