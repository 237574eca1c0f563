// Svelte compiler options: TypeScript in components via Vite's preprocessor.
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte'

export default { preprocess: vitePreprocess() }
