// The admin's "next five dates" beside a place's schedule, updated as the editor types. Without JavaScript the
// panel shows the dates of the saved schedule.
(function () {
  "use strict";
  var panel = document.querySelector("[data-next-dates]");
  if (!panel || !window.fetch) return;
  var form = panel.closest("form");
  if (!form) return;
  var list = panel.querySelector("[data-next-dates-list]");
  var errors = panel.querySelector("[data-next-dates-errors]");
  var timer = null;

  function fill(target, items) {
    target.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      if (item.iso) {
        var time = document.createElement("time");
        time.setAttribute("datetime", item.iso);
        time.textContent = item.text;
        li.appendChild(time);
      } else {
        li.textContent = item.text;
      }
      target.appendChild(li);
    });
  }

  function refresh() {
    fetch(panel.getAttribute("data-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer) return;
        fill(list, answer.dates.length ? answer.dates : [{ text: answer.none }]);
        fill(errors, answer.errors.map(function (text) { return { text: text }; }));
        errors.hidden = !answer.errors.length;
      })
      .catch(function () {});
  }

  function later(event) {
    var name = (event.target && event.target.name) || "";
    if (!/^schedules-|^closed_months$|^cancelled_dates$|^extra_dates$/.test(name)) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("click", function (event) {
    // Adding or deleting a regular date changes the formset without an input event.
    if (event.target.closest && event.target.closest("[data-inline-panel] button, .w-panel button")) {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    }
  });
})();
