// Builds Socialtal's partial plotly.js bundles into dashboard/assets/vendor/, with the same esbuild settings as
// plotly.js's own bundles (its esbuild-config.js), from the npm package pinned in package.json (which must be the
// plotly.js version the Python plotly package ships: tests/dashboard/test_first_load.py checks the two agree):
//   plotly-<version>-socialtal.min.js              index.js: every trace type the pages draw (maps included)
//   plotly-<version>-socialtal-scatter-bar.min.js  index_scatter_bar.js: scatter and bar, for most embeds
// The output depends only on these files and package-lock.json, not on the folder they are built in.
//
//   cd scripts/plotly_bundle && npm ci && npm run build
import { readFileSync, unlinkSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { environmentPlugin } from 'esbuild-plugin-environment';

const version = JSON.parse(readFileSync('node_modules/plotly.js/package.json', 'utf8')).version;
const vendor = '../../dashboard/assets/vendor';
const bundles = [
    { entry: 'index.js', suffix: '' },
    { entry: 'index_scatter_bar.js', suffix: '-scatter-bar' },
];
for (const old of readdirSync(vendor).filter((f) => /^plotly-.*-socialtal(-[a-z-]+)?\.min\.js$/.test(f))) {
    unlinkSync(`${vendor}/${old}`); // only the bundles built now: Dash is told to leave these names alone
}
for (const { entry, suffix } of bundles) {
    const traces = [...readFileSync(entry, 'utf8').matchAll(/require\('plotly\.js\/lib\/(\w+)'\)/g)]
        .map((m) => m[1])
        .filter((name) => name !== 'core');
    await build({
        entryPoints: [entry],
        outfile: `${vendor}/plotly-${version}-socialtal${suffix}.min.js`,
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        sourcemap: false,
        legalComments: 'eof',
        banner: {
            js: `/*! plotly.js v${version} (MIT licence, (c) Plotly, Inc.), partial bundle for Socialtal: core, ${traces.join(', ')}; built by scripts/plotly_bundle */`,
        },
        plugins: [environmentPlugin({ NODE_DEBUG: false })],
        alias: { stream: 'stream-browserify' },
        // The one stylesheet plotly's registry imports is maplibre's (83 KB), for the 'map' subplot no trace here
        // uses: left out. (plotly's own build inlines it with a plugin that names it by its absolute path, which
        // made the bundle differ with the folder it was built in.)
        loader: { '.css': 'empty' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        logLevel: 'info',
    });
}
