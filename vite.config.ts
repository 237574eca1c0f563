// Vite builds the single-page app. PGlite ships its own WASM and data files and must not be
// pre-bundled; the database worker is an ES module worker. The prepared demo database ships
// alongside (scripts/vite-plugin-demo-db.ts), with the district's static outline and PostGIS cut to
// what the app uses (scripts/vite-plugin-static-files.ts), the outline also inlined into index.html as an SVG drawn
// before the app's code loads (scripts/vite-plugin-early-outline.ts); compressible files get precompressed .br/.gz copies
// that static hosts and `vite preview` serve (scripts/vite-plugin-precompress.ts).
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { demoDatabase } from './scripts/vite-plugin-demo-db'
import { precompress } from './scripts/vite-plugin-precompress'
import { staticStartFiles } from './scripts/vite-plugin-static-files'
import { earlyOutline } from './scripts/vite-plugin-early-outline'

export default defineConfig({
  plugins: [svelte(), demoDatabase(), staticStartFiles(), earlyOutline(), precompress()],
  optimizeDeps: { exclude: ['@electric-sql/pglite', '@electric-sql/pglite-postgis'] },
  worker: { format: 'es' },
  // GRIDGOV_DIST: another output folder, so two builds (e.g. parallel test runs) do not collide.
  // The map engines are chunks of their own (cached apart from the app's code, fetched in
  // parallel); the editor (terra-draw), the importers and the print view load when first used.
  // The warning stands at 1.1 MB: MapLibre alone is 1.08 MB minified, and nothing else comes near.
  build: {
    target: 'es2022',
    outDir: process.env.GRIDGOV_DIST ?? 'dist',
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/](@deck\.gl|@luma\.gl|@loaders\.gl|@math\.gl|@probe\.gl)/ },
            { name: 'turf', test: /node_modules[\\/](@turf|robust-predicates|polyclip-ts|rbush|concaveman|d3-|topojson|sweepline|splaytree)/ },
          ],
        },
      },
    },
  },
  server: { fs: { allow: ['.'] } },
})
