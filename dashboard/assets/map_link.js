// The map page (/kort, dashboard/pages/area_map.py): the ranked list and the map point at each other.
// - Focusing or hovering a municipality's link in the list (#map-list) shows its hover label, full name and
//   value, on the map: Plotly.Fx.hover at the point the page put on the link (data-x, data-y: the tile's column
//   and row, or a longitude and latitude inside its shape when the list says data-map="geo").
// - Hovering a municipality on the map marks its entry in the list (class is-hovered) and scrolls the list,
//   not the page, to it; a freshly drawn list opens at the first chosen (outlined) municipality.
// - On a phone the map scrolls sideways in its box (assets/map.css): the box then takes a Tab stop, named as its
//   chart card, so a keyboard can scroll it too; where nothing scrolls it takes none.
// (The focus returns to a control of the view after it changed, here as on every page: assets/focus_return.js.)
// Does nothing on pages without the list and the map.
(function () {
  "use strict";
  var LIST_ID = "map-list";
  var HOVERED = "is-hovered";

  function graph() {
    var plot = document.querySelector("#map-figure .js-plotly-plot");
    return plot && plot._fullLayout && window.Plotly ? plot : null;
  }

  function linkOf(node) {
    return node && node.closest ? node.closest("#" + LIST_ID + " a[data-code]") : null;
  }

  function showOnMap(link) {
    var plot = graph();
    var list = document.getElementById(LIST_ID);
    var x = parseFloat(link.getAttribute("data-x"));
    var y = parseFloat(link.getAttribute("data-y"));
    if (!plot || !list || isNaN(x) || isNaN(y)) return;
    var subplot = list.getAttribute("data-map") === "geo" ? "geo" : "xy";
    window.Plotly.Fx.hover(plot, {xval: x, yval: y}, subplot);
  }

  function clearMap() {
    var plot = graph();
    if (plot) window.Plotly.Fx.unhover(plot);
  }

  // A press on the map takes the focus from a link before plotly sees the click, which it reads from the hover:
  // leave that hover in place until the press is over.
  var pressingMap = false;
  document.addEventListener(
    "pointerdown",
    function (event) {
      pressingMap = !!(event.target.closest && event.target.closest("#map-figure"));
    },
    true
  );
  document.addEventListener(
    "pointerup",
    function () {
      setTimeout(function () {
        pressingMap = false;
      }, 0);
    },
    true
  );

  // Leaving a link: back to the focused link's label if there is one, else no label.
  function leave(event) {
    if (!linkOf(event.target) || linkOf(event.relatedTarget) || pressingMap) return;
    var focused = linkOf(document.activeElement);
    if (focused && focused !== event.target) showOnMap(focused);
    else clearMap();
  }

  document.addEventListener("focusin", function (event) {
    var link = linkOf(event.target);
    if (link) showOnMap(link);
  });
  document.addEventListener("focusout", leave);
  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event.target);
    if (link) showOnMap(link);
  });
  document.addEventListener("mouseout", leave);

  function scrollListTo(list, item, slack) {
    if (item.offsetTop < list.scrollTop) list.scrollTop = Math.max(0, item.offsetTop - slack);
    else if (item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = item.offsetTop + item.offsetHeight - list.clientHeight + slack;
    }
  }

  function markInList(code) {
    var list = document.getElementById(LIST_ID);
    if (!list) return;
    var items = list.querySelectorAll("li." + HOVERED);
    for (var i = 0; i < items.length; i++) items[i].classList.remove(HOVERED);
    if (!code) return;
    var item = list.querySelector('li[data-code="' + String(code).replace(/[^0-9A-Za-z]/g, "") + '"]');
    if (!item) return;
    item.classList.add(HOVERED);
    scrollListTo(list, item, 0);
  }

  // Once per view: React may keep the list's element when the view changes, so the view is told by where the
  // first chosen municipality stands in it.
  function openAtChosen() {
    var list = document.getElementById(LIST_ID);
    var chosen = list ? list.querySelector("li.is-chosen") : null;
    var view = chosen ? chosen.getAttribute("data-code") + "@" + chosen.offsetTop : "";
    if (!list || list._socialtalOpenedAt === view) return;
    list._socialtalOpenedAt = view;
    if (chosen) scrollListTo(list, chosen, Math.min(list.clientHeight / 3, 80)); // a few of its neighbours above
  }

  function onHover(event) {
    var point = event && event.points && event.points[0];
    markInList(point ? point.customdata : null);
  }

  function onUnhover() {
    markInList(null);
  }

  function reachScroller() {
    var box = document.getElementById("map-figure");
    if (!box) return;
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    var card = box.closest("[aria-label]");
    if (scrolls && box.getAttribute("tabindex") !== "0") {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      if (card) box.setAttribute("aria-label", card.getAttribute("aria-label"));
    } else if (!scrolls && box.hasAttribute("tabindex")) {
      box.removeAttribute("tabindex");
    }
  }

  // Idempotent: plotly's emitter on the graph may be new after a redraw (Plotly.purge drops its listeners).
  function hook(plot) {
    if (typeof plot.on !== "function" || typeof plot.removeListener !== "function") return;
    plot.removeListener("plotly_hover", onHover);
    plot.removeListener("plotly_unhover", onUnhover);
    plot.on("plotly_hover", onHover);
    plot.on("plotly_unhover", onUnhover);
  }

  // Dash draws (and redraws, on every change of view) the map after this script has run.
  function watch() {
    new MutationObserver(function () {
      var plot = graph();
      if (plot) hook(plot);
      openAtChosen();
      reachScroller();
    }).observe(document.body, {childList: true, subtree: true});
    window.addEventListener("resize", reachScroller);
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
