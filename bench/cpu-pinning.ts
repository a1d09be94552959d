import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * `--pin`: the servers (and Redis) on one set of CPUs, the simulated tablets and the runner on
 * the others (Linux `taskset`). Unpinned, on a 2-core host the server shares both cores with the
 * two tablet workers, so a burst's casts/s say as much about the tablets' CPU as about the
 * server's, and the host's scheduler moves them from round to round; pinned, each server has a
 * core of its own that nothing else uses, and its CPU per cast and casts/s compare the servers
 * alone (docs/BENCHMARKS.md, "Pinned rounds"). Threads a process starts later (V8's, libuv's)
 * inherit its CPUs.
 */
export interface CpuPinning {
  /** taskset CPU lists, e.g. "0" and "1". */
  servers: string;
  clients: string;
}

/** Half of the CPUs (rounded down) for the servers, the rest for the tablets and the runner. */
export function cpuPinning(): CpuPinning {
  const cpus = os.availableParallelism();
  if (cpus < 2) throw new Error('--pin needs at least 2 CPUs');
  const serverCpus = Math.floor(cpus / 2);
  const list = (from: number, to: number) => (to - from === 1 ? String(from) : `${from}-${to - 1}`);
  return { servers: list(0, serverCpus), clients: list(serverCpus, cpus) };
}

/** Moves every thread of process `pid` onto `cpus`. */
export function pinProcess(pid: number | undefined, cpus: string): void {
  if (pid === undefined) throw new Error('cannot pin a process that has not started');
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' });
}
