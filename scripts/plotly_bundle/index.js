'use strict';
// Socialtal's plotly.js: the core and only the trace types the dashboard draws (dashboard/charts/). A chart that
// starts using another type must add it here and rebuild (tests/dashboard/test_first_load.py checks this);
// index_scatter_bar.js is the smaller bundle for embeds of scatter and bar charts.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scatter'), // trend, index, sparkline, breaks
    require('plotly.js/lib/bar'), // ranking
    require('plotly.js/lib/heatmap'), // the tile map
    require('plotly.js/lib/choropleth'), // the municipality map
]);

module.exports = Plotly;
