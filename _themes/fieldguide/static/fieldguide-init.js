/* The Field Guide: choose the colour theme before the first paint.
 * Loaded synchronously in <head> (no async/defer) so the page never flashes the wrong theme.
 * The reader's choice ("light", "dark" or "auto") is kept in localStorage; "auto" follows
 * the system. Sets data-theme (the theme in use) and data-theme-choice on <html>, and makes
 * Sphinx's dark Pygments stylesheet follow the choice instead of only the system setting. */
(function () {
  "use strict";
  var KEY = "fieldguide-theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function storedChoice() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "auto";
    } catch (e) {
      return "auto"; // storage blocked: follow the system
    }
  }

  function apply(choice) {
    var dark = choice === "dark" || (choice === "auto" && systemDark !== null && systemDark.matches);
    root.setAttribute("data-theme", dark ? "dark" : "light");
    root.setAttribute("data-theme-choice", choice);
    // Dark code colours on screen only: print always uses the light Pygments style.
    var pygmentsDark = document.getElementById("pygments_dark_css");
    if (pygmentsDark) {
      pygmentsDark.setAttribute("media", dark ? "screen" : "not all");
    }
  }

  root.classList.add("js");
  apply(storedChoice());

  window.fieldguideTheme = {
    key: KEY,
    get: storedChoice,
    set: function (choice) {
      try {
        if (choice === "auto") {
          window.localStorage.removeItem(KEY);
        } else {
          window.localStorage.setItem(KEY, choice);
        }
      } catch (e) { /* not remembered, still applied */ }
      apply(choice);
    },
    apply: apply
  };

  if (systemDark !== null && systemDark.addEventListener) {
    systemDark.addEventListener("change", function () { apply(storedChoice()); });
  }
})();
