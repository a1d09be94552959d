import type { ChildProcess } from 'node:child_process';

/** What the tests keep of a child process they started: its recent output, and a way to stop it. */
export interface WatchedChild {
  /** The last 20,000 characters it wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGTERM, unless it has exited already; resolves once it has. */
  stop(): Promise<void>;
}

export function watchChild(child: ChildProcess): WatchedChild {
  let output = '';
  const keep = (c: Buffer) => (output = (output + c.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
