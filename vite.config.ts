import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

const clientRoot = fileURLToPath(new URL('./client/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/client/', import.meta.url));
const backend = 'http://127.0.0.1:3000';

/**
 * The empty file a production build leaves in dist/client. server/client-build.ts names it too
 * (PRODUCTION_BUILD_MARKER): this config imports none of the project's modules, which Vite's
 * coming native config loader could not load without file extensions.
 * tests/browser/client-build.test.ts fails if the two names differ.
 */
const PRODUCTION_BUILD_MARKER = '.production-build';

/**
 * Marks a production build: a dist/client without the marker (Svelte's development build, made
 * with NODE_ENV set to anything but 'production') is built again before it is served or tested.
 */
function productionMarker(): Plugin {
  let production = false;
  return {
    name: 'biaojue-production-marker',
    apply: 'build',
    configResolved(config) {
      production = config.isProduction;
    },
    generateBundle() {
      if (production) this.emitFile({ type: 'asset', fileName: PRODUCTION_BUILD_MARKER, source: '' });
    },
  };
}

export default defineConfig({
  root: clientRoot,
  // client/ is the Vite root, so point the plugin at the repo-root svelte.config.js.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }), productionMarker()],
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
