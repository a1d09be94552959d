// The body store contract on the file journal and on a real redis-server (issue 12), and what
// only the file journal has to show: private modes, fsync'd checksummed lines, a torn append cut off.
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { unframeLine } from '../../server/store/file/line-frame';
import { BODIES_DIR, FileBodyStore } from '../../server/year/file-body-store';
import { BODY_KEYS, RedisBodyStore } from '../../server/year/redis-body-store';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { bodyCreated, describeBodyStoreContract, fundSet } from './body-store-contract';

/** The records of a journal's framed lines. */
function unframed(text: string): unknown[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const result = unframeLine(line);
      if (!result.ok) throw new Error(result.reason);
      return result.value;
    });
}

describeBodyStoreContract('file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'biaojue-bodies-'));
  return { open: () => FileBodyStore.open(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('file body store on disk', () => {
  it('0700 directory, 0600 journal of JSON lines; a torn last line (never acknowledged) is cut off', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biaojue-bodies-'));
    try {
      const store = await FileBodyStore.open(dir);
      await store.appendBody('county', 0, [bodyCreated('county')]);
      const journal = path.join(dir, BODIES_DIR, 'county.jsonl');
      expect((await stat(path.join(dir, BODIES_DIR))).mode & 0o777).toBe(0o700);
      expect((await stat(journal)).mode & 0o777).toBe(0o600);
      // One checksummed JSON line per event (server/year/body-journal-lines.ts).
      expect(unframed(await readFile(journal, 'utf8'))).toEqual([{ v: 0, b: 1, e: bodyCreated('county') }]);
      await appendFile(journal, '{"c":"0123456789abcdef","r":{"v":1,"b":1,"e":{"type":"FundSet","at":2,');
      const reopened = await FileBodyStore.open(dir);
      expect(await reopened.readBody('county')).toHaveLength(1);
      expect(await reopened.appendBody('county', 1, [fundSet(2027)])).toEqual({ ok: true, version: 2 });
      expect(unframed(await readFile(journal, 'utf8')).map((r) => (r as { e: { type: string } }).e.type)).toEqual(['BodyCreated', 'FundSet']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('cuts an append torn by a crash (its first lines without its last), and refuses a body damaged before an acknowledged append', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biaojue-bodies-'));
    try {
      const store = await FileBodyStore.open(dir);
      await store.appendBody('county', 0, [bodyCreated('county')]);
      await store.appendBody('street', 0, [bodyCreated('street')]);
      const county = path.join(dir, BODIES_DIR, 'county.jsonl');
      const acknowledged = await readFile(county, 'utf8');
      // An append of three events of which two lines reached the disk before the crash.
      await store.appendBody('county', 1, [fundSet(2026), fundSet(2027), fundSet(2028)]);
      const lines = (await readFile(county, 'utf8')).split(/(?<=\n)/);
      await writeFile(county, lines.slice(0, 3).join(''));
      const reopened = await FileBodyStore.open(dir);
      expect(await reopened.readBody('county')).toEqual([bodyCreated('county')]);
      expect(await readFile(county, 'utf8')).toBe(acknowledged);
      expect(await reopened.appendBody('county', 1, [fundSet(2029)])).toEqual({ ok: true, version: 2 });

      // A bit flipped in the first line, which the next append proves was acknowledged: refused, not cut.
      const text = await readFile(county, 'utf8');
      await writeFile(county, text.replace('沿河县', '沿江县'));
      const afterDamage = await FileBodyStore.open(dir);
      await expect(afterDamage.readBody('county')).rejects.toThrow(/line 1 \(checksum mismatch\)/);
      expect((await readFile(county, 'utf8')).length).toBe(text.length);
      // The other bodies are served.
      expect(await afterDamage.readBody('street')).toEqual([bodyCreated('street')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads from its line index, and rebuilds it when the file changed under it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'biaojue-bodies-'));
    try {
      const store = await FileBodyStore.open(dir);
      await store.appendBody('county', 0, [bodyCreated('county'), fundSet(2026)]);
      expect(await store.readBody('county', 1)).toEqual([fundSet(2026)]);
      // Another writer (a restored backup, say) appends behind this store's back.
      const other = await FileBodyStore.open(dir);
      expect(await other.appendBody('county', 2, [fundSet(2027), fundSet(2028)])).toEqual({ ok: true, version: 4 });
      expect(await store.readBody('county', 2)).toEqual([fundSet(2027), fundSet(2028)]);
      expect(await store.appendBody('county', 2, [fundSet(2029)])).toEqual({ ok: false, version: 4 });
      expect(await store.appendBody('county', 4, [fundSet(2029)])).toEqual({ ok: true, version: 5 });
      expect((await other.readBody('county')).map((e) => (e.type === 'FundSet' ? e.year : e.type))).toEqual(['BodyCreated', 2026, 2027, 2028, 2029]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const available = redisServerAvailable();

describe.skipIf(!available)('Redis body store', () => {
  let server: RedisServer | undefined;
  const redis = async () => (server ??= await startRedis({ appendonly: true }));
  let n = 0;

  afterAll(async () => {
    await server?.stop();
  });

  describeBodyStoreContract('redis', async () => {
    const s = await redis();
    // Each contract case gets its own logical database, so cases start empty.
    const db = ++n;
    const url = `${s.url}/${db}`;
    return {
      open: () => RedisBodyStore.connect(url, silentLogger),
      cleanup: async () => {
        const client = createClient({ url });
        await client.connect();
        await client.flushDb();
        await client.quit();
      },
    };
  });

  it('keeps each body as a list of JSON events under its own key', async () => {
    const s = await redis();
    const url = `${s.url}/15`;
    const store = await RedisBodyStore.connect(url, silentLogger);
    await store.appendBody('street', 0, [bodyCreated('street')]);
    const client = createClient({ url });
    await client.connect();
    expect((await client.lRange(BODY_KEYS.log('street'), 0, -1)).map((l) => JSON.parse(l))).toEqual([bodyCreated('street')]);
    expect(await client.sMembers(BODY_KEYS.bodies)).toEqual(['street']);
    await client.quit();
    await store.close();
  });
});
