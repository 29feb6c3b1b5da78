/* Optional: counts a tap on a phone number for the city's reach figures (POST /api/reach/).
   Sends only which thing happened and the site language: no cookie, no identifier, no page address.
   Without JavaScript, or without sendBeacon, the link simply dials. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon || !window.URLSearchParams) return;
  var endpoint = script.getAttribute("data-endpoint");
  var language = script.getAttribute("data-language") || "";
  if (!endpoint) return;

  document.addEventListener("click", function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest('a[href^="tel:"]') : null;
    if (!link) return;
    try {
      navigator.sendBeacon(endpoint, new URLSearchParams({ metric: "phone_tap", language: language }));
    } catch (error) {
      /* Counting must never stand between a resident and the call. */
    }
  }, true);
})();
