import Module, { createRequire } from 'node:module';

/**
 * The packages on a vote's way in and out whose `debug` loggers run per packet: Socket.IO,
 * Engine.IO, the packet parser, the adapters (in-memory and Redis).
 */
const TRANSPORT_PACKAGES = ['socket.io', 'engine.io', 'socket.io-parser', 'socket.io-adapter', '@socket.io/redis-adapter'] as const;

/** What a silenced logger answers to: called, asked whether it is on, extended, destroyed. */
type QuietLogger = ((...args: unknown[]) => void) & { enabled: false; namespace: string; extend(): QuietLogger; destroy(): boolean };

function quietLogger(): QuietLogger {
  const logger = (() => {}) as unknown as QuietLogger;
  logger.enabled = false;
  logger.namespace = '';
  logger.extend = () => logger;
  logger.destroy = () => true;
  return logger;
}

/** The `debug` package's face, for code that loads it while DEBUG is unset: every logger is off. */
function quietDebug(): unknown {
  const logger = quietLogger();
  const createDebug = Object.assign(() => logger, {
    enable: () => {},
    disable: () => '',
    enabled: () => false,
    log: () => {},
    formatters: {},
    names: [],
    skips: [],
    humanize: (ms: number) => `${ms}ms`,
  });
  return Object.assign(createDebug, { default: createDebug, debug: createDebug });
}

/**
 * When DEBUG is unset, the transport packages get a `debug` whose loggers do nothing, in place of
 * the real one. The real logger, off, still collects its arguments into a new array and calls a
 * getter before it returns, at each of the ~20 `debug(...)` calls a vote passes through: 0.8 KB
 * of garbage a vote (a heap profile of a 3,000-vote burst, docs/BENCHMARKS.md). With DEBUG set
 * (`DEBUG=socket.io*,engine*`), nothing changes and they log as they always did.
 *
 * It works through Node's CommonJS module cache, where each package's own copy of `debug` is
 * looked up by its file: so it must run before any of them is loaded, which is why app.ts imports
 * this module first. Returns the `debug` files it found for those packages (none when DEBUG is
 * set); one already loaded for real is left as it is.
 */
export function silenceTransportDebug(env: NodeJS.ProcessEnv): string[] {
  if (env.DEBUG) return [];
  const require = createRequire(import.meta.url);
  const files = new Set<string>();
  for (const name of TRANSPORT_PACKAGES) {
    try {
      files.add(createRequire(require.resolve(name)).resolve('debug'));
    } catch {
      // A package that is not installed has no logger to answer for.
    }
  }
  for (const file of files) {
    if (require.cache[file]) continue; // already loaded for real: leave it
    const quiet = new Module(file);
    quiet.filename = file;
    quiet.loaded = true;
    quiet.exports = quietDebug();
    require.cache[file] = quiet;
  }
  return [...files];
}

silenceTransportDebug(process.env);
