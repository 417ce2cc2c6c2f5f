// Keeps the transcript on a case page (#transcript[data-bron]) live without reloading, every 3 seconds.
// (The inbox polls on its own: static/inbox.js.)
// Text is always set with textContent: nothing an entrepreneur typed is ever read as HTML.
(function () {
  "use strict";

  function haal(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (antwoord) { return antwoord.ok ? antwoord.json() : null; })
      .catch(function () { return null; });
  }

  function element(tag, klasse, tekst) {
    var el = document.createElement(tag);
    if (klasse) { el.className = klasse; }
    if (tekst) { el.textContent = tekst; }
    return el;
  }

  function toonTranscript(lijst, gegevens) {
    if (!gegevens || !gegevens.regels) { return; }
    var sleutel = JSON.stringify(gegevens.regels);
    if (lijst.dataset.laatste === sleutel) { return; }  // nothing new: leave the page (and the screen reader) alone
    lijst.dataset.laatste = sleutel;
    lijst.replaceChildren();
    gegevens.regels.forEach(function (regel) {
      var li = element("li", regel.soort);
      if (regel.soort === "overname") {
        li.appendChild(element("em", "", regel.tekst));
      } else {
        li.appendChild(element("strong", "", regel.wie));
      }
      if (regel.op) { li.appendChild(element("span", "klein", " · " + regel.op)); }
      if (regel.soort !== "overname") { li.appendChild(element("p", "", regel.tekst)); }
      lijst.appendChild(li);
    });
    var leeg = document.getElementById("transcript-leeg");
    if (leeg) { leeg.hidden = gegevens.regels.length > 0; }
  }

  function blijfBijwerken(el, toon, ms) {
    if (!el) { return; }
    var bron = el.getAttribute("data-bron");
    function ronde() { haal(bron).then(function (g) { toon(el, g); }); }
    ronde();
    window.setInterval(ronde, ms);
  }

  blijfBijwerken(document.getElementById("transcript"), toonTranscript, 3000);
})();
