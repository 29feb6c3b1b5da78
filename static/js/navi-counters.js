// The finder's household counters: a − and a + button beside each number box. Without JavaScript the number boxes
// work alone (they are ordinary form fields); the buttons only save typing on a phone.
(function () {
  "use strict";
  var list = document.querySelector(".navi-counters");
  if (!list) return;
  var less = list.getAttribute("data-less");
  var more = list.getAttribute("data-more");
  function button(text, label, step, input) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", function () {
      var min = Number(input.min || 0);
      var max = Number(input.max || 99);
      var value = Math.round(Number(input.value) || 0) + step;
      input.value = String(Math.min(max, Math.max(min, value)));
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return b;
  }
  Array.prototype.forEach.call(list.querySelectorAll(".navi-counter"), function (item) {
    var input = item.querySelector("input");
    var name = item.querySelector("label").textContent.trim();
    var controls = document.createElement("span");
    controls.className = "navi-counter__controls";
    input.parentNode.insertBefore(controls, input);
    controls.appendChild(button("−", less + ": " + name, -1, input));
    controls.appendChild(input);
    controls.appendChild(button("+", more + ": " + name, 1, input));
  });
})();
