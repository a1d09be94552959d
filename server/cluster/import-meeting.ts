/**
 * `npm run import -- <archive.json>`: writes a meeting exported with
 * GET /api/meetings/:meetingId/export into the store this environment names: Redis when
 * REDIS_URL is set (cluster mode), else the file journal under DATA_DIR. It is how a meeting
 * run in embedded mode moves to a cluster. The store checks the archive by the same replay as
 * a journal read back from disk, and refuses a meeting id that already exists; nothing is
 * written unless the whole archive is accepted. Running nodes load the meeting on first use.
 *
 * Exit codes: 0 imported, 1 bad usage or a refused archive, 2 the meeting already exists.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { InvalidStoreInputError } from '../store/errors';
import { openStore } from '../store/index';
import type { MeetingArchive } from '../store/types';

/** The outer shape; events and votes are checked in depth by the store's replay. */
const ArchiveSchema = z.object({
  meetingId: z.string().min(1).max(200),
  events: z.array(z.record(z.string(), z.unknown())).min(1),
  votes: z.object({
    participations: z.array(z.record(z.string(), z.unknown())),
    boxes: z.record(z.string(), z.record(z.string(), z.number().int().min(0))),
  }),
});

function fail(message: string, code = 1): never {
  process.stderr.write(`import: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) fail('usage: npm run import -- <meeting-archive.json>');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    fail(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = ArchiveSchema.safeParse(json);
  if (!parsed.success) fail(`${file} is not a meeting archive: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);

  const { config } = loadConfig();
  const store = await openStore(config, createLogger('warn'));
  try {
    const result = await store.importMeeting(parsed.data as unknown as MeetingArchive);
    if (!result.ok) fail(`meeting ${parsed.data.meetingId} already exists in the store; nothing was written`, 2);
    const where = config.redisUrl ? 'Redis' : config.dataDir;
    process.stdout.write(`imported meeting ${parsed.data.meetingId} (${parsed.data.events.length} events, ${parsed.data.votes.participations.length} votes) into ${where}\n`);
  } catch (err) {
    if (err instanceof InvalidStoreInputError) fail(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => fail(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
