// Plain pages (dashboard/web/plain_pages.py: the embeds): draw every chart from the figure and config the server
// wrote beside it (dashboard/web/static_html.py), as dcc.Graph draws one: plotly's own <div> inside the graph's,
// as wide and tall as it. Deferred after plotly.js, so both the page and Plotly are there when this runs.
(function () {
  "use strict";
  document.querySelectorAll("[data-figure]").forEach(function (place) {
    var spec = JSON.parse(document.getElementById(place.getAttribute("data-figure")).textContent);
    var gd = document.createElement("div");
    gd.style.height = "100%";
    gd.style.width = "100%";
    place.appendChild(gd);
    window.Plotly.newPlot(gd, spec.data, spec.layout, spec.config);
  });
})();
