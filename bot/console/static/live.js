// The chat panel of a case page (templates/zaak_chatpaneel.html): the transcript stays live (every 3 seconds
// from data-bron), the newest message at the bottom; taking over, sending (Enter; Shift+Enter for a new line),
// handing back, and a teamleider's step in or release go through fetch without reloading the page, to the JSON
// routes of bot/console/chatroutes.py (the same checks as the forms, which still work without JavaScript).
// (The inbox polls on its own: static/inbox.js.)
// Text is always set with textContent: nothing an entrepreneur typed is ever read as HTML.
(function () {
  "use strict";

  var paneel = document.getElementById("chatpaneel");
  if (!paneel) { return; }
  var lijst = document.getElementById("transcript");
  var nieuw = document.getElementById("nieuwe-berichten");
  var foutVak = document.getElementById("paneel-fout");
  var tekstVeld = document.getElementById("tekst");
  var acties = paneel.getAttribute("data-acties");
  var gezien = lijst.children.length;  // lines the user has seen (scrolled to)
  var bezig = false;

  function woord(naam, n) { return (paneel.getAttribute("data-tekst-" + naam) || "").replace("{n}", String(n)); }

  function element(tag, klasse, tekst) {
    var el = document.createElement(tag);
    if (klasse) { el.className = klasse; }
    if (tekst) { el.textContent = tekst; }
    return el;
  }

  // --- the transcript: newest at the bottom, follow it only when the user is at the bottom ---------

  function onderaan() { return lijst.scrollHeight - lijst.scrollTop - lijst.clientHeight < 40; }

  function naarOnder() {
    lijst.scrollTop = lijst.scrollHeight;
    gezien = lijst.children.length;
    nieuw.hidden = true;
  }

  function toonOngelezen() {
    var aantal = lijst.children.length - gezien;
    if (aantal <= 0) { nieuw.hidden = true; return; }
    nieuw.textContent = aantal === 1 ? woord("nieuw-een", 1) : woord("nieuw-meer", aantal);
    nieuw.hidden = false;
  }

  function regelElement(regel) {
    var li = element("li", regel.soort);
    if (regel.soort === "overname") {
      li.appendChild(element("em", "", regel.tekst));
    } else {
      li.appendChild(element("strong", "", regel.wie));
    }
    if (regel.op) { li.appendChild(element("span", "klein", " · " + regel.op)); }
    if (regel.soort !== "overname") { li.appendChild(element("p", "", regel.tekst)); }
    return li;
  }

  function toonRegels(regels) {
    var sleutel = JSON.stringify(regels);
    if (lijst.dataset.laatste === sleutel) { return; }  // nothing new: leave the page (and the screen reader) alone
    var volgen = onderaan();
    lijst.dataset.laatste = sleutel;
    lijst.replaceChildren.apply(lijst, regels.map(regelElement));
    var leeg = document.getElementById("transcript-leeg");
    if (leeg) { leeg.hidden = regels.length > 0; }
    if (gezien > regels.length) { gezien = regels.length; }
    if (volgen) { naarOnder(); } else { toonOngelezen(); }
  }

  function voegToe(regel) {  // the medewerker's own message, at once; the next poll brings the transcript's copy
    lijst.dataset.laatste = "";
    lijst.appendChild(regelElement(regel));
    naarOnder();
  }

  lijst.addEventListener("scroll", function () { if (onderaan()) { gezien = lijst.children.length; nieuw.hidden = true; } });
  nieuw.addEventListener("click", function () { naarOnder(); lijst.focus(); });

  // --- the panel's state: vrij, eigen, ander, geen ---------------------------------------------------

  function toonStaat(gegevens) {
    if (!gegevens || !gegevens.staat) { return; }
    var vorige = paneel.getAttribute("data-staat");
    paneel.setAttribute("data-staat", gegevens.staat);
    paneel.querySelectorAll(".paneel-staat").forEach(function (blok) {
      blok.hidden = blok.getAttribute("data-voor") !== gegevens.staat;
    });
    var status = document.getElementById("overname-status");
    document.getElementById("overname-naam").textContent = gegevens.overgenomen_door || "";
    status.hidden = !gegevens.overgenomen_door;
    var typt = document.getElementById("ondernemer-typt");
    var typtTekst = gegevens.ondernemer_typt ? typt.getAttribute("data-tekst") : "";
    if (typt.textContent !== typtTekst) { typt.textContent = typtTekst; }  // only a change is announced
    if (gegevens.staat === "eigen" && vorige !== "eigen" && tekstVeld) { tekstVeld.focus({ preventScroll: true }); }
  }

  function toonFout(melding) {
    foutVak.textContent = melding;
    foutVak.hidden = !melding;
  }

  // --- talking to the console ------------------------------------------------------------------------

  function lees(antwoord) {
    var soort = antwoord.headers.get("content-type") || "";
    if (soort.indexOf("application/json") === 0) {
      return antwoord.json().then(function (gegevens) { return { ok: antwoord.ok, gegevens: gegevens }; });
    }
    if (antwoord.redirected || antwoord.status === 401) {
      return { ok: false, gegevens: { fout: woord("ingelogd") } };
    }
    return antwoord.text().then(function (tekst) {  // the CSRF refusal is plain Dutch text
      return { ok: false, gegevens: { fout: antwoord.status === 403 && tekst ? tekst : woord("netwerk") } };
    });
  }

  function haal() {
    fetch(paneel.getAttribute("data-bron"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(lees)
      .then(function (uitslag) {
        if (!uitslag.ok) { return; }
        if (uitslag.gegevens.regels) { toonRegels(uitslag.gegevens.regels); }
        toonStaat(uitslag.gegevens);
      })
      .catch(function () { /* the next round tries again */ });
  }

  function stuur(formulier, actie, gegevens) {
    var csrf = formulier.querySelector("input[name=csrf_token]").value;
    return fetch(acties + "/" + actie, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(gegevens || {}),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
    }).then(lees).catch(function () { return { ok: false, gegevens: { fout: woord("netwerk") } }; });
  }

  function verwerk(formulier) {
    var actie = formulier.getAttribute("data-actie");
    if (bezig) { return; }
    var gegevens = {};
    if (actie === "bericht") {
      if (!tekstVeld.value.trim()) { tekstVeld.focus(); return; }
      gegevens.tekst = tekstVeld.value;
    }
    var notitie = formulier.querySelector("textarea[name=notitie]");
    if (notitie) { gegevens.notitie = notitie.value; }
    bezig = true;
    stuur(formulier, actie, gegevens).then(function (uitslag) {
      bezig = false;
      if (!uitslag.ok) {
        toonFout(uitslag.gegevens.fout || woord("netwerk"));
        if (actie === "bericht") { tekstVeld.focus(); }
        return;
      }
      toonFout("");
      if (notitie) { notitie.value = ""; }
      if (actie === "bericht") {
        tekstVeld.value = "";
        if (uitslag.gegevens.regel) { voegToe(uitslag.gegevens.regel); }
        tekstVeld.focus();
      }
      toonStaat(uitslag.gegevens);
      haal();
    });
  }

  paneel.querySelectorAll("form[data-actie]").forEach(function (formulier) {
    formulier.addEventListener("submit", function (gebeurtenis) {
      gebeurtenis.preventDefault();
      verwerk(formulier);
    });
  });

  // "typt…" for the entrepreneur: at most one signal per 2.5 seconds while typing (bot/overname/typen.py)
  var laatstGemeld = 0;
  if (tekstVeld) {
    tekstVeld.addEventListener("input", function () {
      var nu = Date.now();
      if (paneel.getAttribute("data-staat") !== "eigen" || !tekstVeld.value.trim() || nu - laatstGemeld < 2500) { return; }
      laatstGemeld = nu;
      stuur(document.getElementById("chat-formulier"), "typen");  // a failure only costs the marker
    });
  }

  if (tekstVeld) {
    tekstVeld.addEventListener("keydown", function (gebeurtenis) {
      if (gebeurtenis.key === "Enter" && !gebeurtenis.shiftKey && !gebeurtenis.isComposing) {
        gebeurtenis.preventDefault();
        verwerk(document.getElementById("chat-formulier"));
      }
    });
  }

  // --- canned replies and "invoegen uit kennisbank": text into the message field, never sent ----------

  function voegIn(tekst) {
    var begin = tekstVeld.selectionStart, eind = tekstVeld.selectionEnd, waarde = tekstVeld.value;
    var ervoor = waarde.slice(0, begin), erna = waarde.slice(eind);
    var tussen = ervoor && !/\s$/.test(ervoor) ? " " : "";
    tekstVeld.value = ervoor + tussen + tekst + erna;
    var plek = (ervoor + tussen + tekst).length;
    tekstVeld.focus({ preventScroll: true });
    tekstVeld.setSelectionRange(plek, plek);
  }

  var hulp = document.getElementById("hulpmiddelen");
  if (hulp && tekstVeld) {
    hulp.hidden = false;
    hulp.querySelectorAll("button.snel").forEach(function (knop) {
      knop.addEventListener("click", function () { voegIn(knop.getAttribute("data-tekst")); });
    });
    var zoekFormulier = document.getElementById("kb-zoeken");
    var resultaten = document.getElementById("kb-resultaten");
    var status = document.getElementById("kb-status");
    zoekFormulier.addEventListener("submit", function (gebeurtenis) {
      gebeurtenis.preventDefault();
      var zoek = document.getElementById("kb-zoek").value;
      var url = zoekFormulier.getAttribute("data-bron") + "?zoek=" + encodeURIComponent(zoek);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(lees)
        .then(function (uitslag) {
          if (!uitslag.ok) { status.textContent = uitslag.gegevens.fout || woord("netwerk"); return; }
          var artikelen = uitslag.gegevens.artikelen || [];
          resultaten.replaceChildren.apply(resultaten, artikelen.map(function (artikel) {
            var li = element("li", "", "");
            li.appendChild(element("span", "", artikel.titel));
            var knop = element("button", "", woord("invoegen"));
            knop.type = "button";
            knop.setAttribute("aria-label", woord("invoegen") + ": " + artikel.titel);
            knop.addEventListener("click", function () { voegIn(artikel.tekst); });
            li.appendChild(knop);
            return li;
          }));
          status.textContent = artikelen.length === 0 ? woord("geen-artikel")
            : artikelen.length === 1 ? woord("een-artikel") : woord("artikelen", artikelen.length);
        })
        .catch(function () { status.textContent = woord("netwerk"); });
    });
  }

  naarOnder();
  haal();
  window.setInterval(haal, 3000);
})();
