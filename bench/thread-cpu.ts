import { readFileSync } from 'node:fs';

/**
 * The calling thread's CPU time so far (µs), apart from V8's helper threads (parallel scavenges,
 * concurrent marking, optimising compilers) and the store's sync thread, which the process's
 * CPU time counts too: a vote's latency waits on the main thread, and on 2026-12-06 the two
 * moved apart (docs/BENCHMARKS.md, "Where the rest of a vote's time goes"). Linux's per-thread
 * schedstat (ns on the CPU); null elsewhere.
 */
export function mainThreadMicros(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1000;
  } catch {
    return null;
  }
}
