/* Quick exit: the button, or the Esc key, replaces this page with a blank one and leaves it out of the
   back history (location.replace). Without JavaScript the button is an ordinary link to the same page. */
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.innerHTML = "";
    document.title = "";
    window.location.replace(button.getAttribute("href"));
  }
  button.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") leave(event);
  });
})();
