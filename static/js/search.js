/* Optional: with JavaScript, ticking a filter updates the results in place and the address stays
   shareable. Without it, the form submits as a normal GET and everything works the same. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  if (!form || !window.fetch || !window.DOMParser || !window.history.pushState) return;

  function update(url, focusKey) {
    window.fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var main = document.querySelector("main");
        var nextMain = next.querySelector("main");
        if (!main || !nextMain) { window.location.assign(url); return; }
        main.innerHTML = nextMain.innerHTML;
        var slot = document.querySelector("[data-quick-exit-slot]");
        var nextSlot = next.querySelector("[data-quick-exit-slot]");
        if (slot && nextSlot) slot.innerHTML = nextSlot.innerHTML;
        document.title = next.title;
        window.history.pushState({ live: true }, "", url);
        form = document.querySelector("form[data-live-search]");
        bind();
        announce();
        if (focusKey) {
          var again = form.querySelector('input[name="' + focusKey.name + '"][value="' + focusKey.value + '"]');
          if (again) again.focus();
        }
      })
      .catch(function () { window.location.assign(url); });
  }

  // The result count lives in a role="status" region. Screen readers announce a change inside a region
  // that is already on the page, not a region that just arrived: so it arrives empty and is filled a moment later.
  function announce() {
    var status = document.querySelector("[data-results-status]");
    if (!status) return;
    var content = status.innerHTML;
    status.innerHTML = "";
    window.setTimeout(function () { status.innerHTML = content; }, 100);
  }

  function urlOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== "") params.append(key, value); });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function bind() {
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target && target.type === "checkbox") {
        update(urlOf(form), { name: target.name, value: target.value });
      }
    });
  }

  window.addEventListener("popstate", function () { window.location.reload(); });
  bind();
})();
