// Theme toggle (persisted in localStorage) and following the system theme until the user picks one.
(function () {
  "use strict";
  var KEY = "seedarr-theme";
  var root = document.documentElement;

  function apply(theme, source) {
    root.setAttribute("data-theme", theme);
    root.setAttribute("data-theme-source", source);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("#theme-toggle");
    if (!button) { return; }
    var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
    try { window.localStorage.setItem(KEY, next); } catch (e) { /* private mode: still switch for this page */ }
    apply(next, "user");
  });

  if (window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function (event) {
      var stored = null;
      try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = null; }
      if (!stored) { apply(event.matches ? "dark" : "light", "system"); }
    });
  }
})();
