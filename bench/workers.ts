/** The runner's side of the tablet workers (bench/tablet-worker.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerRequest, WorkerTablet } from './tablet-worker';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CastBurst {
  latenciesMs: number[];
  startedNs: bigint;
  endedNs: bigint;
}

/** Socket.io packets received, their bytes, and how many were acks of the clients' own emits. */
export interface PacketCounts {
  messages: number;
  bytes: number;
  acks: number;
  /** Requests sent again on a retryable refusal, since the workers started. */
  retries: number;
}

export class TabletWorkers {
  private constructor(private readonly children: ChildProcess[]) {}

  get pids(): (number | undefined)[] {
    return this.children.map((child) => child.pid);
  }

  static start(count: number): TabletWorkers {
    const children = Array.from({ length: count }, () =>
      fork('bench/tablet-worker.ts', [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    return new TabletWorkers(children);
  }

  private ask<T>(child: ChildProcess, request: WorkerRequest, answer: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === 'failed') {
          child.off('message', onMessage);
          reject(new Error(`tablet worker failed: ${m.message}`));
        } else if (m.type === answer) {
          child.off('message', onMessage);
          resolve(m as T);
        }
      };
      child.on('message', onMessage);
      child.send(request);
    });
  }

  private all<T>(request: (index: number) => WorkerRequest, answer: string): Promise<T[]> {
    return Promise.all(this.children.map((child, i) => this.ask<T>(child, request(i), answer)));
  }

  /** Splits the tablets evenly over the workers and signs every one in. */
  async signIn(tablets: WorkerTablet[], targets: string[], bare: boolean): Promise<void> {
    const n = this.children.length;
    await this.all((i) => ({ type: 'signIn', tablets: tablets.filter((_, t) => t % n === i), targets, bare }), 'signedIn');
  }

  async resetCounts(): Promise<void> {
    await this.all(() => ({ type: 'resetCounts' }), 'countsReset');
  }

  /** `ballotIds[h]`: the ballot open in hall h. */
  async cast(ballotIds: string[], round: number): Promise<CastBurst> {
    const parts = await this.all<{ latenciesMs: number[]; startedNs: string; endedNs: string }>(
      () => ({ type: 'cast', ballotIds, round }),
      'castDone',
    );
    return {
      latenciesMs: parts.flatMap((p) => p.latenciesMs),
      startedNs: parts.map((p) => BigInt(p.startedNs)).reduce((a, b) => (a < b ? a : b)),
      endedNs: parts.map((p) => BigInt(p.endedNs)).reduce((a, b) => (a > b ? a : b)),
    };
  }

  async counts(): Promise<PacketCounts> {
    const parts = await this.all<PacketCounts>(() => ({ type: 'counts' }), 'counts');
    return parts.reduce(
      (a, b) => ({ messages: a.messages + b.messages, bytes: a.bytes + b.bytes, acks: a.acks + b.acks, retries: a.retries + b.retries }),
      { messages: 0, bytes: 0, acks: 0, retries: 0 },
    );
  }

  /** How many of the tablets are connected now. */
  async connected(): Promise<number> {
    const parts = await this.all<{ count: number }>(() => ({ type: 'connected' }), 'connected');
    return parts.reduce((sum, p) => sum + p.count, 0);
  }

  /** Resolves once every tablet of hall h has had a view of its meeting at `versions[h]` or later. */
  async atVersion(versions: number[]): Promise<void> {
    await this.all(() => ({ type: 'awaitVersion', versions }), 'atVersion');
  }

  close(): void {
    for (const child of this.children) child.send({ type: 'close' } satisfies WorkerRequest);
  }
}
