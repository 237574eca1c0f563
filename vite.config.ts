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
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { fs: { allow: ['.'] } },
})
