// A year body's journal damaged on disk after it was written (a bit flipped in an acknowledged
// line): that body answers 503 BODY_UNAVAILABLE over HTTP, nothing is cut from the file, and
// the other bodies are served as before (server/year/body-journal-lines.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BODIES_DIR } from '../../server/year/file-body-store';
import { HttpClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

type Reply = { ok: boolean; code?: string; message?: string };

describe('a damaged year-body journal', () => {
  const servers: TestServer[] = [];
  let dataDir = '';

  afterAll(async () => {
    for (const server of servers) await server.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function serve(): Promise<{ http: HttpClient; token: string }> {
    const server = await startTestServer({ dataDir });
    servers.push(server);
    const http = new HttpClient(server.baseUrl);
    return { http, token: await http.staffToken('secretariat') };
  }

  it('answers 503 BODY_UNAVAILABLE for that body only, and keeps the file as it is', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-body-damage-'));
    const first = await serve();
    for (const [bodyId, name] of [
      ['county', '沿河县人民代表大会'],
      ['town', '沿河镇人民代表大会'],
    ]) {
      const created = await first.http.request<Reply>('POST', '/api/bodies', { bodyId, name, kind: 'congress', level: 'county', term: 18 }, first.token);
      expect(created.status).toBe(201);
    }
    // A second acknowledged append after the line that will be damaged.
    const fund = await first.http.request<Reply>('PUT', '/api/bodies/county/funds/2027', { fundFen: 300_000_000 }, first.token);
    expect(fund.body.ok).toBe(true);
    await servers.pop()!.close();

    const journal = path.join(dataDir, BODIES_DIR, 'county.jsonl');
    const written = await readFile(journal, 'utf8');
    expect(written).toContain('沿河县');
    await writeFile(journal, written.replace('沿河县', '沿江县'));

    const second = await serve();
    const county = await second.http.request<Reply>('GET', '/api/bodies/county', undefined, second.token);
    expect(county.status).toBe(503);
    expect(county.body).toMatchObject({ ok: false, code: 'BODY_UNAVAILABLE', message: expect.stringContaining('line 1') });
    const town = await second.http.request<Reply>('GET', '/api/bodies/town', undefined, second.token);
    expect(town.status).toBe(200);
    const list = await second.http.request<{ ok: boolean; bodies: { bodyId: string }[] }>('GET', '/api/bodies', undefined, second.token);
    expect(list.body.bodies.map((b) => b.bodyId)).toEqual(['town']);
    // Nothing was cut: the damaged file is there for the operator to restore.
    expect((await readFile(journal, 'utf8')).length).toBe(written.length);
  });
});
