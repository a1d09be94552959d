import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Shared by vite.config.ts (via configFile) and svelte-check (found at the repo root). */
export default {
  preprocess: vitePreprocess(),
};
