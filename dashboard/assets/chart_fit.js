// Charts that fit their box at any width (issue 11, "legible everywhere"). The server builds each figure for a
// guessed width (dashboard/charts/theme.py: frame_layout) and keeps its frame's texts unwrapped in
// layout.meta.fit; the browser knows the real width and how wide the texts really are. After every draw of a
// chart with such a frame, this script works out how the chart should look at its current width, and redraws
// it (Plotly.react) only where that differs:
//   - title, subtitle, notes and source line wrapped to the width (measured with the chart's own fonts);
//   - on a narrow screen the legend's short names (meta.fit.legend: "Landet" for "Hele landet") and a left
//     margin as wide as the y tick labels; a legend name wider than the plot wrapped onto lines of its own;
//   - upright x tick labels at a step that leaves room between them, always labelling the latest period;
//   - margins from what was drawn: the plot starts below the subtitle's last line; below it come the x tick
//     labels, every legend row, the notes and the source line, each clear of the next;
//   - end labels of the index chart pushed apart where two would overlap.
// It only ever replaces top-level layout keys with new objects and traces with copies, so the figure Dash holds
// stays as the server sent it: a later redraw (Dash's, or a resize) starts from it again. A chart that fits
// carries data-fit-width="<its width in px>" (tests wait for it).
(function () {
  "use strict";

  var NARROW_PX = 576; // below this figure width: short legend names, a left margin as wide as the y labels
  var TICK_GAP_PX = 6; // at least this much space between two x tick labels
  var TICK_STEPS = [1, 2, 3, 4, 5, 10, 20, 25, 50, 100];
  var TITLE_GAP_PX = 22; // from the subtitle's last line to the plot (theme.py: TOP = 86 with one line each)
  var LEGEND_GAP_PX = 4; // from the legend's last row to the first note or the source line
  var NOTE_GAP_PX = 2;
  var BOTTOM_PAD_PX = 6; // from the source line to the figure's bottom edge (theme.py: fit_frame)
  var SHRINK_SLACK_PX = 6; // a margin shrinks only when it has this much more room than it needs
  var MIN_PLOT_PX = 160; // the plot never gets lower than this (or than it was built): the figure grows instead
  var MAX_REDRAWS = 6; // per chart and width: a safety stop, two or three are the rule
  var CAP_SHIFT = 0.7; // plotly's; a title of several lines loses it (theme.py: CAP_SHIFT), its padding gives it back
  var LEGEND_SYMBOL_PX = 45; // plotly's legend entry beside its text: symbol 30, gaps 2 × 5, and 5 to the next
  var FRAME_BUDGET_MS = 12;

  var ownLayouts = new WeakSet(); // layouts this script handed to Plotly.react
  var charts = new WeakMap(); // graph div → {pristine, width, redraws, events}
  var queue = [];
  var scheduled = false;
  var measure = document.createElement("canvas").getContext("2d");

  function fitOf(gd) {
    var meta = gd.layout && gd.layout.meta;
    return meta && typeof meta === "object" && meta.fit ? meta.fit : null;
  }

  function cssFont(font) {
    return (font.weight || "normal") + " " + font.size + "px " + font.family;
  }

  function textWidth(text, font) {
    measure.font = cssFont(font);
    return measure.measureText(text).width;
  }

  // Greedy word wrap; plotly breaks lines at <br>. A period ("2025 K2", "2025 Q2", "2025 H1") stays on one line
  // (a no-break space, which is no place to wrap).
  function wrap(text, width, font) {
    var lines = [];
    String(text || "")
      .replace(/(\d{4}) ([KQH]\d)/g, "$1\u00a0$2")
      .split(/[ \t\r\n]+/)
      .filter(Boolean)
      .forEach(function (word) {
        var last = lines.length - 1;
        if (last >= 0 && textWidth(lines[last] + " " + word, font) <= width) lines[last] += " " + word;
        else lines.push(word);
      });
    return lines.join("<br>");
  }

  function box(element, origin) {
    var r = element.getBoundingClientRect();
    return {left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left, bottom: r.bottom - origin.top, height: r.height};
  }

  function annotationBox(gd, index, origin) {
    var element = gd.querySelector('.infolayer g.annotation[data-index="' + index + '"]');
    return element ? box(element, origin) : null;
  }

  function snapshot(gd) {
    var layout = gd.layout;
    var margin = layout.margin || {};
    var xaxis = layout.xaxis || {};
    return {
      names: gd.data.map(function (trace) { return trace.name; }),
      // Dash's responsive graphs may leave the height to the container (autosize): then it is as drawn
      height: typeof layout.height === "number" ? layout.height : gd._fullLayout.height,
      margin: {l: margin.l, r: margin.r, t: margin.t, b: margin.b},
      ticks: {tickmode: xaxis.tickmode, tickvals: xaxis.tickvals, ticktext: xaxis.ticktext},
    };
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // Which x tick labels to show: every candidate when they fit, else every k-th counted back from the latest.
  function xTicks(gd, fit, pristine, plotWidth) {
    var xaxis = gd.layout.xaxis || {};
    var full = gd._fullLayout.xaxis;
    if (xaxis.type !== "category" || !full || xaxis.visible === false) return null;
    var categories = xaxis.categoryarray || [];
    var values = fit.xticks ? fit.xticks[0] : categories;
    var texts = fit.xticks ? fit.xticks[1] : categories;
    if (!values.length || !full.range) return null;
    var font = full.tickfont;
    var widest = Math.max.apply(null, texts.map(function (text) { return textWidth(String(text), font); }));
    var perCategory = plotWidth / Math.abs(full.range[1] - full.range[0]);
    var spacing = values.length > 1 ? Math.max(1, categories.indexOf(values[1]) - categories.indexOf(values[0])) : 1;
    var step = TICK_STEPS.find(function (k) { return k * spacing * perCategory >= widest + TICK_GAP_PX; });
    step = step || TICK_STEPS[TICK_STEPS.length - 1];
    if (step === 1) return pristine.ticks;
    var keep = [];
    for (var i = values.length - 1; i >= 0; i -= step) keep.unshift(i);
    return {
      tickmode: "array",
      tickvals: keep.map(function (i) { return values[i]; }),
      ticktext: keep.map(function (i) { return texts[i]; }),
    };
  }

  // The chart as it should be at its current width: {data, layout} to redraw with, or null when it is so.
  function fitted(gd, fit, pristine) {
    var full = gd._fullLayout;
    var layout = gd.layout;
    var width = full.width;
    var narrow = width < NARROW_PX;
    var pad = fit.left_pad;
    var origin = gd.getBoundingClientRect();
    var changes = {};
    var data = null;

    // Texts first: what follows measures what was drawn, so it waits for a redraw with the new texts.
    var title = layout.title || {};
    var subtitle = title.subtitle || {};
    var titleText = wrap(fit.title, width - 2 * pad, full.title.font);
    var subtitleText = wrap(fit.subtitle, width - 2 * pad, full.title.subtitle.font);
    var titlePad = fit.title_pad + (titleText.indexOf("<br>") !== -1 ? Math.round(CAP_SHIFT * full.title.font.size) : 0);
    if (title.text !== titleText || subtitle.text !== subtitleText || (title.pad || {}).t !== titlePad) {
      changes.title = Object.assign({}, title, {
        text: titleText,
        subtitle: Object.assign({}, subtitle, {text: subtitleText}),
        pad: Object.assign({}, title.pad, {t: titlePad}),
      });
    }
    var shortNames = {};
    (fit.legend || []).forEach(function (entry) { shortNames[entry[0]] = narrow ? entry[2] : entry[1]; });
    var legendText = width - layout.margin.l - layout.margin.r - LEGEND_SYMBOL_PX; // its rows are as wide as the plot
    var legendFont = full.legend && full.legend.font;
    gd.data.forEach(function (trace, index) {
      var name = index in shortNames ? shortNames[index] : pristine.names[index];
      if (!name || trace.showlegend === false || !legendFont) return;
      name = wrap(name, legendText, legendFont);
      if (trace.name !== name) {
        data = data || gd.data.slice();
        data[index] = Object.assign({}, trace, {name: name});
      }
    });
    var annotations = (layout.annotations || []).slice();
    var frameNotes = [];
    var source = null;
    var noteIndex = 0;
    annotations.forEach(function (annotation, index) {
      if (annotation.name !== "source" && annotation.name !== "note") return;
      var original = annotation.name === "source" ? fit.source : fit.notes[noteIndex++];
      var font = full.annotations[index].font;
      var text = wrap(original, width - 2 * pad, font);
      if (annotation.text !== text) annotations[index] = Object.assign({}, annotation, {text: text});
      if (annotation.name === "source") source = index;
      else frameNotes.push(index);
    });
    var textsChanged = changes.title || data || annotations.some(function (a, i) { return a !== layout.annotations[i]; });

    // Left margin: on a narrow screen just as wide as the y tick labels (they end where the title begins).
    var margin = Object.assign({}, layout.margin);
    var yLabels = Array.prototype.map.call(gd.querySelectorAll(".yaxislayer-above .ytick text, .yaxislayer-below .ytick text"), function (e) { return box(e, origin); });
    if (narrow && yLabels.length) {
      var leftmost = Math.min.apply(null, yLabels.map(function (b) { return b.left; }));
      var left = Math.max(pad, Math.ceil(margin.l - (leftmost - pad)));
      if (Math.abs(left - margin.l) > 1) margin.l = left;
    } else if (!narrow && margin.l !== pristine.margin.l) {
      margin.l = pristine.margin.l;
    }

    var ticks = xTicks(gd, fit, pristine, width - margin.l - margin.r);
    if (ticks) {
      var xaxis = layout.xaxis;
      if (!same([xaxis.tickmode, xaxis.tickvals, xaxis.ticktext], [ticks.tickmode, ticks.tickvals, ticks.ticktext])) {
        changes.xaxis = Object.assign({}, xaxis, {tickmode: ticks.tickmode, tickvals: ticks.tickvals, ticktext: ticks.ticktext, tickangle: 0});
        if (ticks.tickvals === undefined) delete changes.xaxis.tickmode;
      }
    }

    if (!textsChanged) {
      // Top: the plot starts below the subtitle (and, for the ranking, the value axis above the plot).
      var titleElement = gd.querySelector(".gtitle-subtitle") || gd.querySelector(".gtitle");
      if (titleElement) {
        var top = Math.ceil(box(titleElement, origin).bottom + TITLE_GAP_PX + (fit.top_extra || 0));
        if (top > margin.t || top < margin.t - SHRINK_SLACK_PX) margin.t = top;
      }
      // Bottom, from the plot's lower edge down: x tick labels, the legend rows, the notes, the source line.
      var legendExtent = 0;
      var legend = gd.querySelector(".legend");
      if (full.showlegend && legend) {
        var legendTop = box(legend, origin).top;
        gd.querySelectorAll(".legend .traces").forEach(function (item) {
          legendExtent = Math.max(legendExtent, box(item, origin).bottom - legendTop);
        });
      }
      var sourceBox = source === null ? null : annotationBox(gd, source, origin);
      var noteBoxes = frameNotes.map(function (index) { return annotationBox(gd, index, origin); });
      if (!sourceBox || noteBoxes.indexOf(null) !== -1) return finish(gd, changes, data, annotations, margin, fit, pristine);
      var stack = BOTTOM_PAD_PX + sourceBox.height;
      noteBoxes.forEach(function (b) { stack += NOTE_GAP_PX + b.height; });
      var bottom = Math.ceil(fit.ticks_below + (legendExtent ? legendExtent + LEGEND_GAP_PX : 0) + stack);
      if (bottom > margin.b || bottom < margin.b - SHRINK_SLACK_PX) margin.b = bottom;
      var shift = -margin.b + BOTTOM_PAD_PX;
      var place = function (index, height) {
        var annotation = annotations[index];
        var xshift = -margin.l + pad;
        if (Math.abs((annotation.yshift || 0) - shift) > 0.5 || annotation.xshift !== xshift) {
          annotations[index] = Object.assign({}, annotation, {yshift: shift, xshift: xshift});
        }
        shift += height + NOTE_GAP_PX;
      };
      place(source, sourceBox.height);
      frameNotes.forEach(function (index, i) { place(index, noteBoxes[i].height); });
      separateEndLabels(gd, annotations, origin);
    }
    return finish(gd, changes, data, annotations, margin, fit, pristine);
  }

  // The figure's height: as built, unless the plot would get lower than MIN_PLOT_PX (or than it was built).
  function finish(gd, changes, data, annotations, margin, fit, pristine) {
    var layout = gd.layout;
    var p = pristine.margin;
    var builtPlot = pristine.height - p.t - p.b;
    var height = Math.max(pristine.height, margin.t + margin.b + Math.min(builtPlot, MIN_PLOT_PX));
    var fixedHeight = gd.parentElement && /px$/.test(gd.parentElement.style.height || "");
    var drawnHeight = gd._fullLayout.height; // layout.height may be unset (Dash's autosize): the drawn one counts
    if (!fixedHeight && Math.abs(height - drawnHeight) > 1) changes.height = height;
    var plotHeight = (changes.height || drawnHeight) - margin.t - margin.b;
    if (!same(margin, layout.margin)) changes.margin = margin;
    if (layout.legend && typeof layout.legend.y === "number" && plotHeight > 0) {
      var y = -fit.ticks_below / plotHeight;
      if (Math.abs(layout.legend.y - y) > 1e-4) changes.legend = Object.assign({}, layout.legend, {y: y});
    }
    if (annotations.some(function (a, i) { return a !== layout.annotations[i]; })) changes.annotations = annotations;
    if (!data && !Object.keys(changes).length) return null;
    return {data: data || gd.data, layout: Object.assign({}, layout, changes)};
  }

  // The index chart writes the latest value at the end of each line; two close values would write them on top
  // of each other. Each label's place without a shift, then pushed apart just enough, keeping their order.
  function separateEndLabels(gd, annotations, origin) {
    var labels = [];
    annotations.forEach(function (annotation, index) {
      if (annotation.name !== "end_label") return;
      var b = annotationBox(gd, index, origin);
      if (b) labels.push({index: index, height: b.height, centre: (b.top + b.bottom) / 2 + (annotation.yshift || 0)});
    });
    if (labels.length < 2) return;
    labels.sort(function (a, b) { return a.centre - b.centre; });
    var placed = labels.map(function (label) { return label.centre; });
    for (var pass = 0; pass < labels.length; pass++) {
      for (var i = 1; i < labels.length; i++) {
        var need = (labels[i - 1].height + labels[i].height) / 2 - (placed[i] - placed[i - 1]);
        if (need > 0) {
          placed[i - 1] -= need / 2;
          placed[i] += need / 2;
        }
      }
    }
    labels.forEach(function (label, i) {
      var yshift = Math.round(label.centre - placed[i]); // plotly's yshift points up, the page's y down
      var annotation = annotations[label.index];
      if ((annotation.yshift || 0) !== yshift) annotations[label.index] = Object.assign({}, annotation, {yshift: yshift});
    });
  }

  function adapt(gd) {
    var fit = fitOf(gd);
    if (!fit || !gd._fullLayout || !gd.isConnected || !window.Plotly) return;
    var chart = charts.get(gd);
    if (!ownLayouts.has(gd.layout)) chart.pristine = snapshot(gd); // as sent: a first draw, or Dash drew it again
    var width = gd._fullLayout.width;
    if (chart.width !== width) {
      chart.width = width;
      chart.redraws = 0;
    }
    var next = fitted(gd, fit, chart.pristine);
    if (next && chart.redraws >= MAX_REDRAWS) {
      if (window.console) console.warn("chart_fit: " + (gd.parentElement || gd).id + " still changes after " + MAX_REDRAWS + " redraws");
      next = null;
    }
    if (!next) {
      gd.setAttribute("data-fit-width", String(width));
      return;
    }
    gd.removeAttribute("data-fit-width");
    chart.redraws += 1;
    ownLayouts.add(next.layout);
    window.Plotly.react(gd, next.data, next.layout).then(function () { enqueue(gd); }, function (error) {
      // a chart taken off the page while it redrew (the reader moved on to another view) has nothing to fit
      if (gd.isConnected) throw error;
    });
  }

  function run() {
    scheduled = false;
    var started = performance.now();
    while (queue.length && performance.now() - started < FRAME_BUDGET_MS) {
      var gd = queue.shift();
      try {
        adapt(gd);
      } catch (error) {
        if (window.console) console.error("chart_fit:", error);
      }
    }
    if (queue.length) schedule();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(run);
    }
  }

  function enqueue(gd) {
    if (queue.indexOf(gd) === -1) queue.push(gd);
    schedule();
  }

  function watch(gd) {
    if (!gd || typeof gd.on !== "function") return;
    var chart = charts.get(gd);
    if (!chart) {
      chart = {pristine: null, width: null, redraws: 0, events: null};
      charts.set(gd, chart);
    }
    if (chart.events !== gd._ev) { // Plotly.purge drops listeners; a new plot in the same div needs them again
      chart.events = gd._ev;
      gd.on("plotly_afterplot", function () {
        gd.removeAttribute("data-fit-width"); // drawn again (by Dash, a resize or this script): to be checked
        enqueue(gd);
      });
    }
    enqueue(gd);
  }

  function scan(node) {
    if (node.nodeType !== 1 || node instanceof SVGElement) return; // a chart's own drawing (hover labels and all)
    if (node.classList.contains("plot-container")) watch(node.parentElement);
    else if (node.querySelectorAll) node.querySelectorAll(".js-plotly-plot").forEach(watch);
  }

  function start() {
    document.querySelectorAll(".js-plotly-plot").forEach(watch);
    new MutationObserver(function (records) {
      records.forEach(function (record) { record.addedNodes.forEach(scan); });
    }).observe(document.body, {childList: true, subtree: true});
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
