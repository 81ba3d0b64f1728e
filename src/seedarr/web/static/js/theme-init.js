// Runs synchronously in <head>, before the stylesheet paints: picks the stored theme, else the system's.
(function () {
  "use strict";
  var KEY = "seedarr-theme";
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = null; }
  var system = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  var theme = stored === "dark" || stored === "light" ? stored : system;
  document.documentElement.setAttribute("data-theme", theme);
  document.documentElement.setAttribute("data-theme-source", stored ? "user" : "system");
})();
