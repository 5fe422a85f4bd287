// Focus returns to the control that changed after a view update, on every page. Every control writes the view into
// the address and the page router draws the whole page anew from it (dashboard/ui/navigation.py): React replaces
// the controls' elements, the focused one leaves the document, and the browser drops the focus to <body>. A
// keyboard user would then start again from the top of the page after every choice of unit, year or municipality.
// So the control in focus is remembered (by its id; a dropdown by its button's id, whatever inside it has the
// focus; a slider's thumb, which has none, by its slider's id), and when that element has left the document while
// nothing else took the focus, the control of the same id in the page drawn anew gets it, without scrolling.
(function () {
  "use strict";

  var remembered = null; // {element, selector}

  function byId(id, rest) {
    return "#" + CSS.escape(id) + (rest || "");
  }

  function controlOf(target) {
    if (!target || !target.closest || target === document.body) return null;
    var dropdown = target.closest(".dash-dropdown-wrapper");
    if (dropdown) {
      var button = dropdown.querySelector("button.dash-dropdown[id]");
      return button ? {element: button, selector: byId(button.id)} : null;
    }
    if (target.getAttribute("role") === "slider") {
      var slider = target.closest("[id]");
      return slider ? {element: target, selector: byId(slider.id, ' [role="slider"]')} : null;
    }
    if (target.id) return {element: target, selector: byId(target.id)};
    var owner = target.tagName === "INPUT" ? target.closest("[id]") : null; // a slider's number box
    return owner ? {element: target, selector: byId(owner.id, " input")} : null;
  }

  document.addEventListener("focusin", function (event) {
    remembered = controlOf(event.target);
  });

  function focusAgain() {
    if (!remembered || remembered.element.isConnected) return;
    var active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    var again = document.querySelector(remembered.selector);
    if (!again) return; // not drawn yet (or not on this page): wait for the next change
    remembered.element = again;
    again.focus({preventScroll: true});
  }

  function watch() {
    new MutationObserver(focusAgain).observe(document.body, {childList: true, subtree: true});
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
