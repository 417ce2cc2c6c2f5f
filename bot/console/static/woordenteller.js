// The live word counter of a text box with a word limit (the short answer of a kennisbank article).
// Progressive enhancement: the page already shows the count when it is loaded, and the server refuses
// too many words on saving; this script only keeps the count up to date while typing.
// A text box <textarea data-max-woorden="80" data-teller="ID"> names its counter, an element with
// aria-live="polite" and the texts to show in data-tekst and data-te-veel ({n}, {max}, {te_veel}).
// Words are counted as the server counts them: pieces of text between spaces and line breaks.
(function () {
  "use strict";

  function telWoorden(tekst) {
    var woorden = tekst.trim().split(/\s+/);
    return woorden.length === 1 && woorden[0] === "" ? 0 : woorden.length;
  }

  function vul(sjabloon, waarden) {
    return sjabloon.replace(/\{(\w+)\}/g, function (geheel, naam) {
      return Object.prototype.hasOwnProperty.call(waarden, naam) ? String(waarden[naam]) : geheel;
    });
  }

  function koppel(vak) {
    var teller = document.getElementById(vak.getAttribute("data-teller"));
    var max = parseInt(vak.getAttribute("data-max-woorden"), 10);
    if (!teller || !max) { return; }
    var wacht = null;

    function werkBij() {
      var n = telWoorden(vak.value);
      var teVeel = n > max;
      var sjabloon = teller.getAttribute(teVeel ? "data-te-veel" : "data-tekst");
      teller.textContent = vul(sjabloon, { n: n, max: max, te_veel: n - max });
      teller.classList.toggle("te-veel", teVeel);
    }

    vak.addEventListener("input", function () {
      // wait until typing pauses, so that a screen reader is not interrupted at every letter
      if (wacht) { window.clearTimeout(wacht); }
      wacht = window.setTimeout(werkBij, 300);
    });
    werkBij();
  }

  document.querySelectorAll("textarea[data-max-woorden][data-teller]").forEach(koppel);
}());
