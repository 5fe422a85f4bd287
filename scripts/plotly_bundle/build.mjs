// Builds dashboard/assets/vendor/plotly-<version>-socialtal.min.js, Socialtal's partial plotly.js, with the same
// esbuild settings as plotly.js's own bundles (its esbuild-config.js), from the npm package pinned in package.json
// (which must be the plotly.js version the Python plotly package ships: the test checks the two agree).
//
//   cd scripts/plotly_bundle && npm ci && npm run build
import { readFileSync, unlinkSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';
import InlineCSSPlugin from 'esbuild-plugin-inline-css';

const version = JSON.parse(readFileSync('node_modules/plotly.js/package.json', 'utf8')).version;
const vendor = '../../dashboard/assets/vendor';
const name = `plotly-${version}-socialtal.min.js`;
for (const old of readdirSync(vendor).filter((f) => /^plotly-.*-socialtal\.min\.js$/.test(f))) {
    unlinkSync(`${vendor}/${old}`); // one bundle only: Dash loads every script in assets/
}
await build({
    entryPoints: ['index.js'],
    outfile: `${vendor}/${name}`,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    banner: {
        js: `/*! plotly.js v${version} (MIT licence, (c) Plotly, Inc.), partial bundle for Socialtal: core, scatter, bar, heatmap, choropleth; built by scripts/plotly_bundle */`,
    },
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: {
        stream: 'stream-browserify',
        // plotly's registry inlines maplibre's stylesheet (83 KB) for the 'map' subplot, which no trace here uses
        'maplibre-gl/dist/maplibre-gl.css': './no_styles.css',
    },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'info',
});
