// Libraries fetched when a page first needs them, not with every page load. The app shell names them in
// <script id="socialtal-on-demand" type="application/json"> (dashboard/web/on_demand_scripts.py):
// - plotly.js (our partial bundle, 440 KB compressed): dcc.Graph fetches it from window._dashPlotlyJSURL when a
//   page first draws a chart. Dash's renderer points that at the full 4.8 MB bundle at an address without a
//   version; here it names ours, fingerprinted and cached for good. Om data, which draws no chart, never loads it.
// - AG Grid (530 KB with its grid chunk): until it is here, dash_ag_grid.AgGrid is a stand-in that keeps the
//   grid's place (its style, so nothing jumps), fetches the bundle once the grid comes within a screen's reach
//   (most grids sit below the fold: the region page's at ~3 screens), then draws the real grid with the same
//   props. The stand-in stays the type Dash's renderer finds under window.dash_ag_grid.AgGrid, with the real grid's
//   statics: the renderer looks the type up again at every re-render, and when it found the real grid there instead,
//   the grid's first own prop update (~0.4 s after it showed, on a busy machine) cleared what had been typed into a
//   filter: 5 in 8 runs of opening a filter and typing at once; 0 in 10 since.
(function () {
    var element = document.getElementById("socialtal-on-demand");
    var names = element ? JSON.parse(element.textContent) : {};

    if (names.plotly) {
        Object.defineProperty(window, "_dashPlotlyJSURL", {
            configurable: true,
            get: function () {
                return names.plotly;
            },
            set: function () {}, // the renderer's own address for plotly.js is not used
        });
    }

    if (!names.dash_ag_grid || window.dash_ag_grid) {
        return;
    }
    var loading = null;
    var realGrid = null; // the bundle's AgGrid, once it is here

    function adopt() {
        var bundle = window.dash_ag_grid;
        realGrid = bundle.AgGrid;
        // what the renderer reads off the type (dashRenderType, dashPersistence, propTypes) is the real grid's
        Object.keys(realGrid).forEach(function (key) {
            AgGridOnDemand[key] = realGrid[key];
        });
        window.dash_ag_grid = Object.assign({}, bundle, {AgGrid: AgGridOnDemand}); // getApi and the rest as shipped
    }

    function loadGrid() {
        loading = loading || new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = names.dash_ag_grid;
            script.onload = function () {
                adopt();
                resolve();
            };
            script.onerror = function () {
                loading = null; // the next grid tries again
                reject(new Error("AG Grid did not load from " + names.dash_ag_grid));
            };
            document.head.appendChild(script);
        });
        return loading;
    }

    function whenNear(node, then) {
        if (!("IntersectionObserver" in window)) {
            then();
            return function () {};
        }
        var observer = new IntersectionObserver(function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) {
                observer.disconnect();
                then();
            }
        }, {rootMargin: "100% 0px"}); // a screen ahead, so scrolling down finds the grid drawn
        observer.observe(node);
        return function () {
            observer.disconnect();
        };
    }

    function AgGridOnDemand(props) {
        var React = window.React;
        var ready = React.useState(realGrid !== null);
        var place = React.useRef(null);
        React.useEffect(function () {
            if (realGrid !== null) {
                return undefined;
            }
            var live = true;
            var stop = whenNear(place.current, function () {
                loadGrid().then(function () {
                    if (live) {
                        ready[1](true);
                    }
                }, function (error) {
                    console.error(error);
                });
            });
            return function () {
                live = false;
                stop();
            };
        }, []);
        if (ready[0]) {
            return React.createElement(realGrid, props);
        }
        return React.createElement("div", {
            id: props.id, ref: place, style: props.style, className: props.className, "aria-busy": "true",
            "data-on-demand": "grid",
        });
    }

    window.dash_ag_grid = {AgGrid: AgGridOnDemand};
})();
