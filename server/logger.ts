/**
 * A tiny structured logger: one JSON object per line on stdout. Callers pass ids and counts,
 * never a ballot paper: nothing here may link a delegate to a choice (invariant 4).
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

type Sink = (line: string) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Errors do not survive JSON.stringify; keep their message and stack. */
function serializable(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

export function createLogger(level: LogLevel, sink: Sink = (line) => process.stdout.write(line + '\n')): Logger {
  const make = (base: LogFields): Logger => {
    const write = (lineLevel: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
      if (RANK[lineLevel] < RANK[level]) return;
      sink(JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...base, ...serializable(fields ?? {}) }));
    };
    return {
      debug: (msg, fields) => write('debug', msg, fields),
      info: (msg, fields) => write('info', msg, fields),
      warn: (msg, fields) => write('warn', msg, fields),
      error: (msg, fields) => write('error', msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make({});
}

export const silentLogger: Logger = createLogger('silent');
