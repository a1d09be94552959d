import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { silentLogger } from '../../server/logger';
import { Metrics } from '../../server/metrics';
import { FileStore } from '../../server/store/file/file-store';
import { fileStoreKeyring } from '../../server/store/index';
import { openBallot, openHall, startSitting, type Hall } from '../support/hall';
import { emitOk } from '../support/sockets';
import { testConfig } from '../support/test-config';

const DELEGATES = 12;

/** The value of one sample line `name{labels} value` in the Prometheus text, or null. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => inside.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('/metrics on its own port', () => {
  let dataDir: string;
  let store: FileStore;
  let app: App;
  let hall: Hall;
  let metricsServer: { port: number; close(): Promise<void> };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-metrics-'));
    const config = testConfig({ dataDir });
    const metrics = new Metrics('test-node');
    store = await FileStore.open(dataDir, { logger: silentLogger, observer: metrics.storeObserver(), ...fileStoreKeyring(config) });
    app = createApp({ config, store, logger: silentLogger, metrics });
    const { port } = await app.listen(0);
    metricsServer = await metrics.serve(0, '127.0.0.1', silentLogger);
    hall = await openHall(`http://127.0.0.1:${port}`, DELEGATES);
  });

  afterAll(async () => {
    hall?.closeSockets();
    await metricsServer?.close();
    await app?.close();
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('counts casts by outcome, journal batches and connected tablets, and names no seat or choice', async () => {
    await startSitting(hall);
    const ballotId = await openBallot(hall.presidium, { itemId: 'item-1', title: '关于年度预算的决议', secrecy: 'anonymous' });
    await Promise.all(
      hall.tablets.map((t) => emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `metrics-${t.seatId}`, choice: { option: 'yes' } })),
    );
    const first = hall.tablets[0]!;
    // A retry of the same vote is a duplicate, not a second count.
    await emitOk(first.socket, 'ballot:cast', { ballotId, idempotencyKey: `metrics-${first.seatId}`, choice: { option: 'yes' } });

    const res = await fetch(`http://127.0.0.1:${metricsServer.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'biaojue_casts_total', { outcome: 'recorded' })).toBe(DELEGATES);
    expect(sample(text, 'biaojue_casts_total', { outcome: 'duplicate' })).toBe(1);
    expect(sample(text, 'biaojue_cast_ack_seconds_count', { outcome: 'recorded' })).toBe(DELEGATES);
    expect(sample(text, 'biaojue_connections', { meeting: hall.meetingId, role: 'delegate' })).toBe(DELEGATES);
    expect(sample(text, 'biaojue_journal_batch_requests_count', { node: 'test-node' })).toBeGreaterThan(0);
    expect(sample(text, 'biaojue_journal_sync_seconds_count', { node: 'test-node' })).toBe(sample(text, 'biaojue_journal_batch_requests_count', { node: 'test-node' }));
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    for (const t of hall.tablets) expect(text).not.toContain(t.seatId);
    expect(text).not.toMatch(/"yes"|option/);

    expect((await fetch(`http://127.0.0.1:${metricsServer.port}/other`)).status).toBe(404);
  });
});
