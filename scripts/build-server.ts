/**
 * The server as production runs it: plain JavaScript in dist-server/, built from server/main.ts
 * by esbuild, so a start (or a restart after a crash, while a hall waits) does not compile
 * TypeScript first. Measured on the demo's data: listening 1.5–1.8 s after the start under tsx,
 * 0.8–0.9 s from the build (docs/OPERATIONS.md §1). `npm run build` and `npm start` run this;
 * `npm run dev` and the unit tests still run the TypeScript through tsx. The benchmark builds
 * its server processes the same way (bench/servers.ts), so it measures what production runs.
 *
 *   npx tsx scripts/build-server.ts
 *
 * A process's entry is three files, and why:
 * - `<name>.transport-debug.mjs`: server/gateway/transport-debug.ts alone. It must run before
 *   Socket.IO loads (it swaps the transport packages' `debug` for a silent one), and an ES
 *   module's imports run before its own code: bundled with the rest, the packages' imports would
 *   come first.
 * - `<name>.code.mjs`: the entry module and all of our code; the packages stay in node_modules.
 * - `<name>.mjs`: the entry, importing the two in that order.
 * The output sits one directory below the repository, as server/ and bench/ do, so the paths the
 * code makes from its own address (config.ts's repository root, client-build.ts's
 * vite.config.ts) come out the same. Names are kept, as under tsx: logs, errors and CPU profiles
 * show the same names.
 */
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where production's server is built, relative to the repository. */
const SERVER_BUILD_DIR = 'dist-server';
/** What production starts: `node <SERVER_NODE_FLAGS> dist-server/main.mjs` (package.json, deploy/). */
export const SERVER_ENTRY = `${SERVER_BUILD_DIR}/main.mjs`;

/**
 * Builds `source` (a module run as a process, relative to the repository) into `<dir>/<name>.mjs`
 * as described above; returns that entry's path.
 */
export async function buildProcessEntry(source: string, dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
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
    // One per entry: two entries built at once into one directory never write the same file.
    build({ ...common, entryPoints: [path.join(ROOT, 'server/gateway/transport-debug.ts')], outfile: path.join(dir, `${name}.transport-debug.mjs`) }),
    build({ ...common, entryPoints: [path.join(ROOT, source)], outfile: path.join(dir, `${name}.code.mjs`) }),
  ]);
  const entry = path.join(dir, `${name}.mjs`);
  await writeFile(
    entry,
    `// Built from ${source} by scripts/build-server.ts: the transport's loggers are settled before Socket.IO loads.\nimport './${name}.transport-debug.mjs';\nimport './${name}.code.mjs';\n`,
  );
  return entry;
}

export async function buildServer(): Promise<void> {
  await buildProcessEntry('server/main.ts', path.join(ROOT, SERVER_BUILD_DIR), 'main');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildServer();
}
