/**
 * The server as production runs it: plain JavaScript in dist-server/, built from server/main.ts
 * by esbuild, so a start (or a restart after a crash, while a hall waits) does not compile
 * TypeScript first. Measured on the demo's data: listening 1.5–1.8 s after the start under tsx,
 * 0.8 s from the build (docs/OPERATIONS.md, "Restart"). `npm run build` and `npm start` run this;
 * `npm run dev` and the tests of the source still run the TypeScript through tsx.
 *
 *   npx tsx scripts/build-server.ts
 *
 * Three files, and why:
 * - `transport-debug.mjs`: server/gateway/transport-debug.ts alone. It must run before Socket.IO
 *   loads (it swaps the transport packages' `debug` for a silent one), and an ES module's imports
 *   run before its own code: bundled with the rest, the packages' imports would come first.
 * - `server.mjs`: server/main.ts and all of our code; the packages stay in node_modules.
 * - `main.mjs`: the entry, importing the two in that order.
 * The output sits one directory below the repository, as server/ does, so the paths the code
 * makes from its own address (config.ts's repository root, client-build.ts's vite.config.ts)
 * come out the same. Names are kept, as under tsx: logs and errors show the same names.
 */
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUILD_DIR = path.join(ROOT, 'dist-server');
/** What production starts: `node <SERVER_NODE_FLAGS> dist-server/main.mjs` (package.json, deploy/). */
export const SERVER_ENTRY = 'dist-server/main.mjs';

const ENTRY_TEXT = `// Built by scripts/build-server.ts: the transport's loggers are settled before Socket.IO loads.
import './transport-debug.mjs';
import './server.mjs';
`;

export async function buildServer(): Promise<void> {
  await mkdir(SERVER_BUILD_DIR, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
  } as const;
  await Promise.all([
    build({ ...common, entryPoints: [path.join(ROOT, 'server/gateway/transport-debug.ts')], outfile: path.join(SERVER_BUILD_DIR, 'transport-debug.mjs') }),
    build({ ...common, entryPoints: [path.join(ROOT, 'server/main.ts')], outfile: path.join(SERVER_BUILD_DIR, 'server.mjs') }),
  ]);
  await writeFile(path.join(SERVER_BUILD_DIR, 'main.mjs'), ENTRY_TEXT);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildServer();
}
