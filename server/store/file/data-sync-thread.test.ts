import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataSyncThread } from './data-sync-thread';

const run = promisify(execFile);
/** Past any process's descriptor limit, so never open (a closed fd's number may be reused at once). */
const NO_SUCH_FD = 1 << 30;

describe('the journals’ fdatasync thread', () => {
  let dir: string;
  let thread: DataSyncThread;
  const fds: number[] = [];

  function openFile(name: string): number {
    const fd = openSync(join(dir, name), 'a');
    fds.push(fd);
    writeSync(fd, `${name}\n`);
    return fd;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-sync-'));
    thread = new DataSyncThread();
  });
  afterEach(async () => {
    await thread.close();
    for (const fd of fds.splice(0)) closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  });

  it('syncs the files asked for, in order, and settles each once it is done', async () => {
    const files = ['a', 'b', 'c'].map(openFile);
    const settled: number[] = [];
    await Promise.all(files.flatMap((fd) => [1, 2].map((round) => thread.sync(fd).then(() => settled.push(fd * 10 + round)))));
    // In the order asked: file by file as listed, not by descriptor number (a descriptor freed
    // meanwhile elsewhere in the process can make a later file's number the smaller one).
    expect(settled).toEqual(files.flatMap((fd) => [fd * 10 + 1, fd * 10 + 2]));
    expect(thread.pending).toBe(0);
  });

  it('is heard of by poll() without the event loop turning (a burst judges votes meanwhile)', () => {
    const fd = openFile('polled');
    void thread.sync(fd);
    expect(thread.pending).toBe(1);
    const until = Date.now() + 5_000;
    // Synchronous: no message from the thread can be delivered here, only the shared counter read.
    while (thread.pending > 0 && Date.now() < until) thread.poll();
    expect(thread.pending).toBe(0);
  });

  it('counts its tickets across the 32-bit wrap (after 2^31 syncs) without losing or settling one early', async () => {
    await thread.close();
    thread = new DataSyncThread({ lastTicket: 2 ** 31 - 3 });
    const fd = openFile('wrap');
    for (let i = 0; i < 6; i++) await thread.sync(fd);
    await Promise.all([1, 2, 3].map(() => thread.sync(fd)));
    expect(thread.pending).toBe(0);
  });

  it('rejects a sync that fails with its error, and goes on syncing after it', async () => {
    const fd = openFile('good');
    await expect(thread.sync(NO_SUCH_FD)).rejects.toMatchObject({ code: 'EBADF', message: 'fdatasync failed: EBADF' });
    await expect(thread.sync(fd)).resolves.toBeUndefined();
  });

  it('syncs inline once the thread is gone, the ones still waiting included', async () => {
    const fd = openFile('after');
    const waiting = thread.sync(fd);
    await thread.close();
    await expect(waiting).resolves.toBeUndefined();
    await expect(thread.sync(fd)).resolves.toBeUndefined();
    await expect(thread.sync(NO_SUCH_FD)).rejects.toMatchObject({ code: 'EBADF' });
  });

  it('keeps a process alive while a sync is awaited, and not after (the thread is not a reason to stay)', async () => {
    const script = [
      "import { openSync } from 'node:fs';",
      "import { DataSyncThread } from './server/store/file/data-sync-thread.ts';",
      'const thread = new DataSyncThread();',
      `const fd = openSync(${JSON.stringify(join(dir, 'child'))}, 'a');`,
      "thread.sync(fd).then(() => console.log('synced'));",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('synced');
  });
});
