import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket as TcpSocket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pairSampleTablet, startMain, stopWithin, type ChildServer } from '../support/child-server';
import { openRawPeer, WEBSOCKET_UPGRADE } from '../support/raw-peer';
import { connect } from '../support/sockets';
import { TEST_JWT_SECRET } from '../support/test-config';

/**
 * An operator's SIGTERM must end the server even when some peers never answer its goodbye: a
 * tablet that left the Wi-Fi (its WebSocket never returns the close frame; ws alone would wait
 * 30 s) or a client that never finished sending its request (server.close() alone waits for ever).
 * They are cut after the grace (server/http/open-connections.ts); a peer that answers is not.
 * The only time bound is a guard that tells "cut after the grace" from "waited 30 s or for ever";
 * no speed is asserted.
 */
const HANG_GUARD_MS = 25_000;
const CUT_LINE = 'stop: cut the connections still open after the grace';

const open: { server: ChildServer; dataDir: string; peers: TcpSocket[] }[] = [];

afterEach(async () => {
  for (const { server, dataDir, peers } of open.splice(0)) {
    for (const peer of peers) peer.destroy();
    server.process.kill('SIGKILL');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function startServer() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-stop-'));
  const server = await startMain({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET });
  const entry = { server, dataDir, peers: [] as TcpSocket[] };
  open.push(entry);
  return entry;
}

/** Writes `request`, waits for a first answer if `expectReply`, then stops reading for good. */
async function silentPeer(port: number, request: string, expectReply: boolean): Promise<TcpSocket> {
  const peer = await openRawPeer(port, { request });
  if (expectReply) await new Promise((resolve) => peer.socket.once('data', resolve));
  peer.socket.pause();
  return peer.socket;
}

describe('SIGTERM with peers that never answer', () => {
  it('cuts a silent WebSocket and an unfinished request after the grace, and exits 0', async () => {
    const { server, peers } = await startServer();
    peers.push(await silentPeer(server.port, WEBSOCKET_UPGRADE, true));
    // Headers sent, the blank line that ends them never: a request in progress.
    peers.push(await silentPeer(server.port, 'GET /api/health HTTP/1.1\r\nHost: hall\r\n', false));

    const exit = await stopWithin(server, HANG_GUARD_MS);
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    const cut = server
      .output()
      .split('\n')
      .filter((line) => line.includes(CUT_LINE))
      .map((line) => JSON.parse(line) as { count: number });
    expect(cut).toEqual([expect.objectContaining({ count: 2 })]);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('cuts nothing when every peer answers: a paired tablet is told goodbye and closes', async () => {
    const { server } = await startServer();
    const token = await pairSampleTablet(server, 'stop-test-tablet');
    const tablet = await connect(server.baseUrl, { token });
    const goodbye = new Promise<string>((resolve) => tablet.once('disconnect', resolve));

    const exit = await stopWithin(server, HANG_GUARD_MS);
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    expect(await goodbye).toBe('io server disconnect');
    expect(server.output()).not.toContain(CUT_LINE);
  });
});
