/* Quick exit: the button, or the Esc key, replaces this page with a neutral page on another host
   (settings.QUICK_EXIT_URL) and leaves this page out of the back history (location.replace). Without
   JavaScript the button is an ordinary link there. Delegated, so a button that live search brings in works too. */
(function () {
  "use strict";
  function button() { return document.querySelector("[data-quick-exit]"); }
  function leave(event, link) {
    if (event) event.preventDefault();
    var href = link.getAttribute("href");
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(href);
  }
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (link) leave(event, link);
  });
  document.addEventListener("keydown", function (event) {
    var link = button();
    if (link && (event.key === "Escape" || event.key === "Esc")) leave(event, link);
  });
})();
