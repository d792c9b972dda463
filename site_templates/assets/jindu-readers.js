/* jindu: larger text and high contrast (适老化), kept across pages in localStorage.
   No external script and nothing sent anywhere; without JavaScript the buttons stay hidden. */
(function () {
  "use strict";
  var KEY = "jindu-readers";
  var root = document.documentElement;
  var state = {};
  try { state = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { state = {}; }
  function apply() {
    root.classList.toggle("jd-large", state.large === true);
    root.classList.toggle("jd-contrast", state.contrast === true);
    var buttons = document.querySelectorAll("[data-jd-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", state[buttons[i].getAttribute("data-jd-toggle")] === true ? "true" : "false");
    }
  }
  apply();
  root.classList.add("jd-js");
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-jd-toggle]") : null;
    if (!button) { return; }
    var key = button.getAttribute("data-jd-toggle");
    state[key] = state[key] !== true;
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ }
    apply();
  });
  document.addEventListener("DOMContentLoaded", apply);
})();
