import type { ChildProcess } from 'node:child_process';

/**
 * A signal to the process group a detached child leads, so what it forked gets it too (Redis's
 * rewrite child, keepalived's VRRP child); to the child alone once the group is gone.
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal); // the group is already gone
  }
}
