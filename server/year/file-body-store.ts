import { mkdir, open, readdir, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { BodyEvent } from '../../shared/domain/year/body';
import { KeyedQueue } from '../service/keyed-queue';
import { InvalidStoreInputError, StoreClosedError } from '../store/errors';
import { DIR_MODE, FILE_MODE, isSafeId } from '../store/file/layout';
import type { BodyAppendOutcome, BodyStore } from './body-store';

export const BODIES_DIR = 'bodies';
const SUFFIX = '.jsonl';

/**
 * Embedded mode: one JSON-lines journal per body, `<dataDir>/bodies/<bodyId>.jsonl`, files 0600
 * in a 0700 directory like the meeting journals (invariant 4: only the server's user reads the
 * data directory). An append writes its lines and fsyncs the file (and, for a new body, the
 * directory) before it resolves (invariant 1). A crash can leave a last line without its
 * newline; it was never acknowledged, so reading cuts it off before the next append.
 * One process owns the data directory (the meeting store holds its lock), so appends are
 * serialized here per body and the expected version is checked against the file itself.
 */
export class FileBodyStore implements BodyStore {
  private readonly queue = new KeyedQueue();
  private closed = false;

  private constructor(private readonly dir: string) {}

  static async open(dataDir: string): Promise<FileBodyStore> {
    const dir = path.join(dataDir, BODIES_DIR);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    return new FileBodyStore(dir);
  }

  private file(bodyId: string): string {
    if (!isSafeId(bodyId)) throw new InvalidStoreInputError(`not a body id: ${JSON.stringify(bodyId).slice(0, 80)}`);
    return path.join(this.dir, bodyId + SUFFIX);
  }

  async listBodies(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((n) => n.endsWith(SUFFIX)).map((n) => n.slice(0, -SUFFIX.length)).filter(isSafeId).sort();
  }

  /** The complete lines of the journal; a torn last line is cut off the file. */
  private async lines(file: string): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) await truncate(file, Buffer.byteLength(text.slice(0, end), 'utf8'));
    return text.slice(0, end).split('\n').filter((line) => line.length > 0);
  }

  async readBody(bodyId: string, from = 0): Promise<BodyEvent[]> {
    const file = this.file(bodyId);
    return this.queue.run(bodyId, async () => (await this.lines(file)).slice(from).map((line) => JSON.parse(line) as BodyEvent));
  }

  async appendBody(bodyId: string, expectedVersion: number, events: readonly BodyEvent[]): Promise<BodyAppendOutcome> {
    const file = this.file(bodyId);
    return this.queue.run(bodyId, async () => {
      if (this.closed) throw new StoreClosedError();
      const version = (await this.lines(file)).length;
      if (version !== expectedVersion) return { ok: false, version };
      const handle = await open(file, 'a', FILE_MODE);
      try {
        await handle.writeFile(events.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (version === 0) {
        const dir = await open(this.dir, 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
      }
      return { ok: true, version: version + events.length };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
