'use strict';
// The smaller partial plotly.js for embedded charts whose traces are all scatter and bar (most of them): the core and
// those two types only (dashboard/web/plain_pages.py picks it; a chart with a map gets the bundle of index.js).
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scatter'), // trend, index, sparkline, breaks
    require('plotly.js/lib/bar'), // ranking
]);

module.exports = Plotly;
