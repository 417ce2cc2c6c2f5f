// Keeps the inbox live without reloading: every 10 seconds it reads /api/inbox (#inbox[data-bron]) and
//  - updates the count of every tab ("Mijn zaken (3)");
//  - shows the entrepreneurs waiting for a live chat, with "wacht sinds 16.30 (4 min)", who is asked, and the
//    forms "Oppakken" and "Doorzetten naar collega" (or why not): a copy of <template id="chat-sjabloon">
//    filled in for a chat that arrives, so that a row the user is working in is never rebuilt;
//  - lists the cases that arrived in any of the user's tabs since the page was opened (#nieuwe-zaken; the
//    open cases of every tab at that moment are in data-bekende-zaken), with a link to each.
// New waiting chats, a chat passed on to this user, and new cases raise an alert: a count in the tab title ("(2) Inbox – ..."), reset when
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
  var voorMij = {};
  document.querySelectorAll("#live-chats li.voor-mij").forEach(function (li) { voorMij[li.getAttribute("data-zaak")] = true; });
  var bekendeZaken = bekende("tr[data-zaak]");
  (teksten.bekendeZaken || "").split(" ").forEach(function (nummer) { if (nummer) { bekendeZaken[nummer] = true; } });

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

  function voorTekst(chat) {
    return chat.voor_mij ? teksten.tekstVoorMij : teksten.tekstVoor.replace("{naam}", chat.voor);
  }

  function redenTekst(sjabloon, sleutel) {
    if (!sleutel) { return ""; }
    var naam = "reden" + sleutel.split("_").map(function (deel) { return deel.charAt(0).toUpperCase() + deel.slice(1); }).join("");
    return sjabloon.dataset[naam] || "";
  }

  function nieuweChatRegel(chat) {
    var sjabloon = document.getElementById("chat-sjabloon");
    var li = sjabloon.content.firstElementChild.cloneNode(true);
    li.setAttribute("data-zaak", chat.zaak);
    li.setAttribute("data-voor", chat.voor);
    li.classList.toggle("voor-mij", !!chat.voor_mij);
    var link = li.querySelector(".chat-zaak");
    link.href = chat.url;
    link.textContent = "Zaak " + chat.zaak;
    li.querySelector(".chat-wat").textContent = chat.wat;
    li.querySelector(".chat-voor").textContent = voorTekst(chat);
    var oppakken = li.querySelector(".chat-oppakken");
    oppakken.action = chat.oppakken;
    oppakken.hidden = !!chat.reden_oppakken;
    var doorzetten = li.querySelector(".chat-doorzetten");
    doorzetten.action = chat.doorzetten;
    doorzetten.hidden = !!chat.reden_doorzetten || !chat.collega_s.length;
    var keuze = doorzetten.querySelector("select");
    keuze.id = "collega-" + chat.zaak;
    doorzetten.querySelector("label").htmlFor = keuze.id;
    chat.collega_s.forEach(function (collega) {
      var optie = element("option", collega.naam);
      optie.value = collega.sleutel;
      keuze.appendChild(optie);
    });
    var reden = li.querySelector(".chat-reden");
    reden.textContent = redenTekst(sjabloon, chat.reden_doorzetten || chat.reden_oppakken);
    reden.hidden = !reden.textContent;
    return li;
  }

  function toonLiveChats(chats) {
    var vak = document.getElementById("live-chats");
    var lijst = vak.querySelector("ul");
    var bestaand = {};
    lijst.querySelectorAll("li[data-zaak]").forEach(function (li) { bestaand[li.getAttribute("data-zaak")] = li; });
    var regels = chats.map(function (chat) {
      var li = bestaand[chat.zaak];
      if (li && li.getAttribute("data-voor") === chat.voor) {
        li.querySelector(".wacht").textContent = wachtTekst(chat);  // the row the user may be working in stays
      } else {
        li = nieuweChatRegel(chat);
      }
      if (!bekendeChats[chat.zaak]) {
        bekendeChats[chat.zaak] = true;
        meld(teksten.meldingChat, "Zaak " + chat.zaak + " – " + chat.wat, chat.url);
      } else if (chat.voor_mij && !voorMij[chat.zaak]) {
        meld(teksten.meldingChatVoorMij, "Zaak " + chat.zaak + " – " + chat.wat, chat.url);
      }
      voorMij[chat.zaak] = !!chat.voor_mij;
      return li;
    });
    var zelfde = regels.length === lijst.children.length &&
      regels.every(function (li, i) { return lijst.children[i] === li; });
    if (!zelfde) { lijst.replaceChildren.apply(lijst, regels); }
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
    toonNieuweZaken(gegevens.alle_zaken || gegevens.zaken || []);
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
