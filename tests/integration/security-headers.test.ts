import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { congressSpec } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

const APPS = ['console.html', 'tablet.html', 'wall.html'] as const;

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  expect(header).toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectCommonHeaders(res: Response, what: string): void {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('x-powered-by'), what).toBeNull();
  const csp = directives(res.headers.get('content-security-policy'));
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  for (const values of csp.values()) {
    expect(values, what).not.toContain("'unsafe-inline'");
    expect(values, what).not.toContain("'unsafe-eval'");
    expect(values, what).not.toContain('*');
  }
  // The hall often runs on plain http: upgrading requests would break it.
  expect(csp.has('upgrade-insecure-requests'), what).toBe(false);
}

describe('security headers', () => {
  let server: TestServer;
  let clientDir: string;

  beforeAll(async () => {
    // The served files' content does not matter to the headers; the real build runs under this
    // policy in tests/browser/csp.test.ts.
    clientDir = await mkdtemp(path.join(tmpdir(), 'biaojue-client-'));
    for (const app of APPS) await writeFile(path.join(clientDir, app), `<!doctype html><title>${app}</title>`);
    server = await startTestServer({ config: { clientDir } });
  });

  afterAll(async () => {
    await server?.close();
    await rm(clientDir, { recursive: true, force: true });
  });

  it('the three apps: CSP with scripts and styles from the server only, no framing, nosniff, no referrer', async () => {
    for (const app of APPS) {
      const res = await fetch(`${server.baseUrl}/${app}`);
      expect(res.status, app).toBe(200);
      expectCommonHeaders(res, app);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), app).toEqual(["'self'"]);
      expect(csp.get('script-src'), app).toEqual(["'self'"]);
      expect(csp.get('style-src'), app).toEqual(["'self'"]);
      expect(csp.get('connect-src'), app).toEqual(["'self'"]);
      expect(csp.get('object-src'), app).toEqual(["'none'"]);
      expect(csp.get('base-uri'), app).toEqual(["'none'"]);
    }
  });

  it('the API, its errors, the health check and Socket.IO over HTTP carry them too', async () => {
    for (const [route, status] of [
      ['/api/health', 200],
      ['/api/meetings', 401],
      ['/api/no-such-endpoint', 404],
      ['/socket.io/?EIO=4&transport=polling', 200],
    ] as const) {
      const res = await fetch(server.baseUrl + route);
      expect(res.status, route).toBe(status);
      expectCommonHeaders(res, route);
    }
  });

  it('a printable page admits exactly its own inline style, by hash, and no script', async () => {
    const http = new HttpClient(server.baseUrl);
    const secretariat = await http.staffToken('secretariat');
    const meetingId = await http.createMeeting(secretariat, congressSpec(2));
    const minted = await http.request<{ url: string }>('POST', `/api/meetings/${meetingId}/link-tickets`, { purpose: 'seat-cards' }, secretariat);
    const res = await fetch(server.baseUrl + minted.body.url);
    expect(res.status).toBe(200);
    expectCommonHeaders(res, 'seat cards');
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'none'"]);
    const html = await res.text();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]!, 'utf8').digest('base64');
    expect(csp.get('style-src')).toEqual([`'sha256-${hash}'`]);
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('the app pages load their code as files, with no inline script for the policy to refuse', async () => {
    for (const app of APPS) {
      const html = await readFile(fileURLToPath(new URL(`../../client/${app}`, import.meta.url)), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length, app).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes, app).toMatch(/\bsrc=/);
        expect(body!.trim(), app).toBe('');
      }
      expect(html, app).not.toMatch(/\son[a-z]+=|style=/i);
    }
  });
});
