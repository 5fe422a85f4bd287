// The PNG path of the image pages (routes/image_browser.py). kaleido's render script hands a PNG to
// Plotly.toImage; this makes the same calls in the same order (newPlot with toImage's config, the colour bars
// redrawn, Snapshot.toSVG, Snapshot.svgToImg), so the pixels are the same, but leaves out what costs and draws
// nothing here: toImage's timer between drawing and the snapshot (0 ms, unless WebGL or map tiles are drawn,
// which the bundle has not), the hidden graph's paint, and a JSON string of the answer (it is returned by
// value). Figures kaleido's script would refuse are refused with its words. SVG and PDF go through kaleido's
// script (kaleido_scopes.plotly) on the same page.
"use strict";

window.socialtalPng = (() => {
    const isObject = (value) => Object.prototype.toString.call(value) === "[object Object]";
    const refused = (message) => ({code: 400, message: `invalid or malformed request syntax (${message})`});
    const PREFIX = /^data:image\/png;base64,/;

    return async (info) => {
        const figure = info.data;
        if (!isObject(figure)) return refused("non-object figure");
        if (!figure.data && !figure.layout) return refused("no 'data' and no 'layout' in figure");
        if ("data" in figure && !Array.isArray(figure.data)) return refused("non-array figure data");
        if ("layout" in figure && !isObject(figure.layout)) return refused("non-object figure layout");
        const scale = info.scale;
        const layout = Object.assign({}, figure.layout, {width: info.width, height: info.height});
        // kaleido's default config, the figure's own over it, then toImage's over both
        const config = Object.assign({mapboxAccessToken: null, plotGlPixelRatio: scale * 2}, figure.config, {
            _exportedPlot: true,
            staticPlot: true,
            setBackground: "",
        });
        const gd = document.createElement("div");
        gd.style.position = "absolute";
        gd.style.left = "-5000px";
        gd.style.visibility = "hidden"; // measured for text, never painted
        document.body.appendChild(gd);
        let svg, width, height;
        try {
            await Plotly.newPlot(gd, figure.data || [], layout, config);
            Plotly.Snapshot.getRedrawFunc(gd)();
            const delay = Plotly.Snapshot.getDelay(gd._fullLayout);
            if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
            svg = Plotly.Snapshot.toSVG(gd, "png", scale);
            ({width, height} = gd._fullLayout);
        } catch (error) {
            return {code: 525, message: `plotly.js error (${error && error.message})`};
        } finally {
            Plotly.purge(gd);
            gd.remove();
        }
        try {
            const canvas = document.createElement("canvas");
            const url = await Plotly.Snapshot.svgToImg({format: "png", width, height, scale, canvas, svg, promise: true});
            return {code: 0, result: url.replace(PREFIX, "")};
        } catch (error) {
            return {code: 530, message: `image conversion error (${error && error.message})`};
        }
    };
})();
