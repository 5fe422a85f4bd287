// Dash's dropdowns (dcc.Dropdown, dashboard/ui/components.py `select`) named by their visible labels, with one
// Tab stop each. Dash 4.4 takes no aria-* prop for them and draws two elements:
// - a button that opens the list, named by aria-labelledby after its current value ("Pr. indbygger"), not after
//   its label ("Enhed"): a screen reader says what is chosen but never what the choice is about;
// - an input with aria-hidden="true" that takes the Tab stop and hands the focus on to the button (for Safari,
//   which leaves buttons out of the Tab order). An element hidden from screen readers that can take the focus is
//   a "serious" axe violation: Tab lands on something a screen reader cannot announce.
// - an open list (a dialog with a search box and the options) without a name, whose options (role="option")
//   each hold the checkbox or radio button that takes the focus: controls nested in controls, which screen
//   readers announce twice or not at all (axe: "serious").
// So every dropdown's button becomes a combobox (the ARIA pattern of a select: its name is the label, its value
// the text it shows) named by the <label for> of its id, and takes the Tab stop itself; the hidden input is made
// inert. The open list is named by the same label and is a plain group of native checkboxes or radio buttons,
// each named by its own text (its <label>), which is what has the focus anyway. React sets none of these
// attributes after the first draw, so they stay (but for aria-selected, put back on every choice, and removed
// again); dropdowns drawn later (every change of view draws the page anew) are named as they appear.
(function () {
  "use strict";

  function labelOf(button) {
    var labels = document.querySelectorAll('label[for="' + CSS.escape(button.id) + '"]');
    var label = labels.length ? labels[0] : null;
    if (label && !label.id) label.id = button.id + "-label";
    return label;
  }

  function set(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function name(button) {
    var label = labelOf(button);
    if (label) set(button, "aria-labelledby", label.id);
    set(button, "role", "combobox");
    if (!button.disabled) set(button, "tabindex", "0");
    var proxy = button.previousElementSibling;
    if (proxy && proxy.classList.contains("dash-dropdown-focus-target") && !proxy.inert) {
      proxy.inert = true;
      proxy.tabIndex = -1;
    }
  }

  function plainList(content) {
    var wrapper = content.closest(".dash-dropdown-wrapper");
    var button = wrapper ? wrapper.querySelector("button.dash-dropdown") : null;
    var labelId = button ? button.getAttribute("aria-labelledby") : null;
    if (labelId) set(content, "aria-labelledby", labelId);
    var lists = content.querySelectorAll('.dash-options-list[role="listbox"]');
    for (var i = 0; i < lists.length; i++) {
      lists[i].setAttribute("role", "group");
      if (labelId) set(lists[i], "aria-labelledby", labelId);
    }
    var options = content.querySelectorAll("label.dash-options-list-option[role], label.dash-options-list-option[aria-selected]");
    for (var j = 0; j < options.length; j++) {
      options[j].removeAttribute("role");
      options[j].removeAttribute("aria-selected");
    }
  }

  function nameAll() {
    var buttons = document.querySelectorAll(".dash-dropdown-wrapper > button.dash-dropdown[id]");
    for (var i = 0; i < buttons.length; i++) name(buttons[i]);
    var open = document.querySelectorAll(".dash-dropdown-wrapper .dash-dropdown-content");
    for (var j = 0; j < open.length; j++) plainList(open[j]);
  }

  function watch() {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["aria-selected"],
    });
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
