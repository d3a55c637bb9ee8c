// Starts DKFDS's components. Kept in a file: the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});
