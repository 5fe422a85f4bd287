// Plotly's map traces fetch a world outline from cdn.plot.ly even with geo.visible=false. Socialtal draws
// municipality shapes only and must work offline, so hand plotly an empty world topology instead.
window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
window.PlotlyGeoAssets.topojson.world_110m = {type: "Topology", objects: {}, arcs: []};
