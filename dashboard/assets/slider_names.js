// Names for Dash's sliders. Dash 4's dcc.Slider hands no aria-* attribute or label to the element that takes
// focus (its thumb, role="slider") or to its number input, so screen readers announce both without a name
// (axe: critical). A container marked data-slider-label="ID" (and data-input-label="ID") gives every slider
// thumb (and number input) inside it aria-labelledby="ID": the element with that id holds the name, written
// from dashboard/core/texts.py by the page (e.g. dashboard/pages/area_map.py). React does not manage
// aria-labelledby on these elements, so a redraw keeps it; new sliders are named as Dash draws them.
(function () {
  "use strict";

  function label(elements, id) {
    if (!id) return;
    for (var i = 0; i < elements.length; i++) {
      if (elements[i].getAttribute("aria-labelledby") !== id) elements[i].setAttribute("aria-labelledby", id);
    }
  }

  function nameAll() {
    var boxes = document.querySelectorAll("[data-slider-label], [data-input-label]");
    for (var i = 0; i < boxes.length; i++) {
      label(boxes[i].querySelectorAll('[role="slider"]'), boxes[i].getAttribute("data-slider-label"));
      label(boxes[i].querySelectorAll("input"), boxes[i].getAttribute("data-input-label"));
    }
  }

  function watch() {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
