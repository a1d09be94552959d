import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const clientRoot = fileURLToPath(new URL('./client/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/client/', import.meta.url));
const backend = 'http://127.0.0.1:3000';

export default defineConfig({
  root: clientRoot,
  // client/ is the Vite root, so point the plugin at the repo-root svelte.config.js.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  build: {
    outDir,
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        tablet: `${clientRoot}tablet.html`,
        console: `${clientRoot}console.html`,
        wall: `${clientRoot}wall.html`,
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/socket.io': { target: backend, ws: true, changeOrigin: true },
      '/api': { target: backend, changeOrigin: true },
    },
  },
});
