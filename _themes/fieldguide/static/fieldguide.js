/* The Field Guide: theme toggle, narrow-screen navigation, copy-button labels.
 * Loaded with defer from <head>; no inline script anywhere. */
(function () {
  "use strict";
  var ORDER = ["auto", "light", "dark"];
  var LABELS = { auto: "auto", light: "light", dark: "dark" };

  function setupThemeToggle() {
    var button = document.getElementById("fg-theme-toggle");
    var api = window.fieldguideTheme;
    if (!button || !api) { return; }
    var state = button.querySelector(".theme-toggle-state");
    function show(choice) {
      state.textContent = LABELS[choice];
      button.setAttribute("data-choice", choice);
      button.title = "Change the colour theme (now " + LABELS[choice] +
        (choice === "auto" ? ": follows your system" : "") + ")";
    }
    show(api.get());
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = ORDER[(ORDER.indexOf(api.get()) + 1) % ORDER.length];
      api.set(next);
      show(next);
    });
    // Another tab changed the theme: follow it.
    window.addEventListener("storage", function (event) {
      if (event.key === api.key) { api.apply(api.get()); show(api.get()); }
    });
  }

  function setupNavToggle() {
    var button = document.getElementById("fg-nav-toggle");
    var nav = document.getElementById("fg-sidebar");
    if (!button || !nav) { return; }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // sphinx-copybutton's buttons carry only a tooltip: give them an accessible name.
  function labelCopyButtons() {
    var buttons = document.querySelectorAll("button.copybtn");
    for (var i = 0; i < buttons.length; i++) {
      if (!buttons[i].hasAttribute("aria-label")) {
        buttons[i].setAttribute("aria-label", "Copy code");
        buttons[i].setAttribute("type", "button");
      }
    }
  }

  // A code block, table or diagram that scrolls sideways must be reachable by keyboard. All
  // widths are read before any attribute is written, so the page is laid out once, not per
  // block. A diagram's box is a plain div: it gets a role and a name while it scrolls.
  function focusableScrollers() {
    var blocks = document.querySelectorAll("div.highlight pre, table.docutils, div.fg-diagram");
    var scrolls = [];
    for (var i = 0; i < blocks.length; i++) {
      scrolls.push(blocks[i].scrollWidth > blocks[i].clientWidth + 1);
    }
    for (var j = 0; j < blocks.length; j++) {
      var diagram = blocks[j].classList.contains("fg-diagram");
      if (scrolls[j]) {
        blocks[j].setAttribute("tabindex", "0");
        if (diagram) {
          blocks[j].setAttribute("role", "group");
          blocks[j].setAttribute("aria-label", "Diagram, scrolls sideways");
        }
      } else if (blocks[j].getAttribute("tabindex") === "0") {
        blocks[j].removeAttribute("tabindex");
        if (diagram) {
          blocks[j].removeAttribute("role");
          blocks[j].removeAttribute("aria-label");
        }
      }
    }
  }

  setupThemeToggle();
  setupNavToggle();
  // copybutton.js adds its buttons on DOMContentLoaded; it registered its listener first.
  document.addEventListener("DOMContentLoaded", labelCopyButtons);
  document.addEventListener("DOMContentLoaded", focusableScrollers);
  window.addEventListener("load", labelCopyButtons);
  window.addEventListener("resize", focusableScrollers);
})();
