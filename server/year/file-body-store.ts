import { mkdir, open, readdir, readFile, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { BodyEvent } from '../../shared/domain/year/body';
import { KeyedQueue } from '../service/keyed-queue';
import { InvalidStoreInputError, StoreClosedError } from '../store/errors';
import { DiskStats, fsyncDirectory } from '../store/file/disk';
import { DIR_MODE, FILE_MODE, isSafeId } from '../store/file/layout';
import { bodyEventsOf, bodyJournalLines, scanBodyJournal } from './body-journal-lines';
import type { BodyAppendOutcome, BodyStore } from './body-store';

export const BODIES_DIR = 'bodies';
const SUFFIX = '.jsonl';

/**
 * Embedded mode: one JSON-lines journal per body, `<dataDir>/bodies/<bodyId>.jsonl`, files 0600
 * in a 0700 directory like the meeting journals (invariant 4: only the server's user reads the
 * data directory). An append writes its lines and fsyncs the file (and, for a new body, the
 * directory) before it resolves (invariant 1). Lines are checksummed and an append's lines say
 * how many follow (body-journal-lines.ts): a crash can leave an append torn, with or without its
 * last newline; it was never acknowledged, so reading cuts it off before the next append. A
 * damaged line in acknowledged data makes that body's reads fail (BodyJournalDamagedError, the
 * line named); the other bodies are served.
 * One process owns the data directory (the meeting store holds its lock), so appends are
 * serialized here per body and the expected version is checked against the file itself.
 */
export class FileBodyStore implements BodyStore {
  private readonly queue = new KeyedQueue();
  /** fsync counts, as the meeting journal keeps them (server/store/file/disk.ts). */
  private readonly disk = new DiskStats();
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

  /**
   * Byte offset after each complete line of each journal. Progress photos make journals large
   * (up to 8 MiB per event, attachments.ts): reads and appends use the index, so a tablet's read
   * costs the new lines only, not the whole file. The index is checked against the file's size
   * on every use and rebuilt when they differ (another writer, or a torn line after a crash).
   */
  private readonly index = new Map<string, number[]>();

  /** The journal's line ends; on first use (or a size mismatch) a full read, checked, and a torn last append cut off the file. */
  private async lineEnds(bodyId: string, file: string): Promise<number[]> {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const known = this.index.get(bodyId);
    if (known && (known.at(-1) ?? 0) === size) return known;
    const { ends, cutTo } = scanBodyJournal(await readFile(file));
    if (cutTo !== null) await truncate(file, cutTo);
    this.index.set(bodyId, ends);
    return ends;
  }

  async readBody(bodyId: string, from = 0): Promise<BodyEvent[]> {
    const file = this.file(bodyId);
    return this.queue.run(bodyId, async () => {
      const ends = await this.lineEnds(bodyId, file);
      if (from >= ends.length) return [];
      const start = from > 0 ? ends[from - 1]! : 0;
      const length = ends.at(-1)! - start;
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, start);
        return bodyEventsOf(buffer.toString('utf8'), from + 1);
      } finally {
        await handle.close();
      }
    });
  }

  async appendBody(bodyId: string, expectedVersion: number, events: readonly BodyEvent[]): Promise<BodyAppendOutcome> {
    const file = this.file(bodyId);
    return this.queue.run(bodyId, async () => {
      if (this.closed) throw new StoreClosedError();
      const ends = await this.lineEnds(bodyId, file);
      const version = ends.length;
      if (version !== expectedVersion) return { ok: false, version };
      const lines = bodyJournalLines(version, events);
      const handle = await open(file, 'a', FILE_MODE);
      try {
        await handle.writeFile(lines.join(''), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      // A new journal's directory entry must survive a crash too.
      if (version === 0) await fsyncDirectory(this.dir, this.disk);
      let at = ends.at(-1) ?? 0;
      const next = [...ends];
      for (const line of lines) next.push((at += Buffer.byteLength(line, 'utf8')));
      this.index.set(bodyId, next);
      return { ok: true, version: version + events.length };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
