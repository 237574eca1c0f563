// Vite builds the single-page app. PGlite ships its own WASM and data files and must not be
// pre-bundled; the database worker is an ES module worker. The prepared demo database ships
// alongside (scripts/vite-plugin-demo-db.ts).
import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { demoDatabase } from './scripts/vite-plugin-demo-db'

export default defineConfig({
  plugins: [svelte(), demoDatabase()],
  optimizeDeps: { exclude: ['@electric-sql/pglite', '@electric-sql/pglite-postgis'] },
  worker: { format: 'es' },
  // GRIDGOV_DIST: another output folder, so two builds (e.g. parallel test runs) do not collide
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, outDir: process.env.GRIDGOV_DIST ?? 'dist' },
  server: { fs: { allow: ['.'] } },
})
