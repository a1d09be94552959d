import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairSampleTablet, startMain, type ChildServer } from '../support/child-server';
import { openRawPeer, WEBSOCKET_UPGRADE, type RawPeer } from '../support/raw-peer';
import { connect, emitOk } from '../support/sockets';
import { TEST_JWT_SECRET } from '../support/test-config';
import { LATE, settledWithin, until } from '../support/until';
import { CLOSE_FRAME_WAIT_MS } from '../../server/gateway/websocket-engine';

/**
 * One device must not hold the node's connections (docs/SECURITY.md): what the HTTP server
 * admits at the TCP level, before any token is read (server/http/open-connections.ts). Each
 * 127.x.y.z address stands for a device of its own. Time bounds are guards that tell the new
 * limits from the old behaviour (held for ever, or 45 s); no speed is asserted.
 */
const PER_ADDRESS = 20;
const FLOODER = '127.0.0.2';
const PROXY = '127.0.0.3';
/** The first byte within 10 s, the namespace within 10 s: a guard well under the old 45 s. */
const CLOSED_WITHIN_MS = 20_000;

/** A WebSocket close frame from the server (FIN + opcode 8) anywhere in what the peer received. */
const sawCloseFrame = (peer: RawPeer) => peer.received().includes(0x88);

describe('connections one address may hold', () => {
  let server: ChildServer;
  let dataDir = '';
  const peers: RawPeer[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-admission-'));
    server = await startMain({ DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, SOCKET_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS), TRUST_PROXY: PROXY });
  });

  afterAll(async () => {
    for (const peer of peers) peer.socket.destroy();
    server?.process.kill('SIGKILL');
    await server?.exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  const open = async (localAddress: string, request?: string, mayBeRefused = false) => {
    const peer = await openRawPeer(server.port, { localAddress, mayBeRefused, ...(request ? { request } : {}) });
    peers.push(peer);
    return peer;
  };

  it('closes a connection past the cap at once, logs the address, and lets the hall’s tablet in and vote-ready', async () => {
    const held: RawPeer[] = [];
    for (let i = 0; i < PER_ADDRESS; i++) held.push(await open(FLOODER, WEBSOCKET_UPGRADE));
    // Every one of them got its transport open (the server's Engine.IO open packet).
    await until('the held connections upgraded', async () => held.every((p) => p.received().includes('"sid"')));

    const extra = await open(FLOODER, WEBSOCKET_UPGRADE, true);
    await extra.closed;
    expect(extra.received().length).toBe(0);
    await until('the refusal in the log', async () => server.output().includes('"connections refused: too many from one address"'));
    const line = server
      .output()
      .split('\n')
      .find((l) => l.includes('connections refused'));
    expect(JSON.parse(line!)).toMatchObject({ address: FLOODER, perAddress: PER_ADDRESS, refused: 1 });

    // A tablet on its own address is not affected.
    const token = await pairSampleTablet(server, 'admission-tablet');
    const tablet = await connect(server.baseUrl, { token });
    await emitOk(tablet, 'clock:sync', {});
    tablet.close();

    // A held connection that ends frees its place.
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const again = await until('a place free again', async () => {
      const peer = await open(FLOODER, WEBSOCKET_UPGRADE, true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return peer.socket.destroyed ? null : peer;
    });
    expect(again.socket.destroyed).toBe(false);
    for (const peer of held) peer.socket.destroy();
  });

  it('does not count the trusted proxy, which carries everyone', async () => {
    const through: RawPeer[] = [];
    for (let i = 0; i < PER_ADDRESS + 5; i++) through.push(await open(PROXY, 'GET /api/health HTTP/1.1\r\nHost: hall\r\n\r\n'));
    await until('every request through the proxy answered', async () => through.every((p) => p.received().includes('HTTP/1.1 200')));
    for (const peer of through) peer.socket.destroy();
  });

  it('closes a connection that sends nothing, and a transport whose handshake never comes, within seconds', async () => {
    const silent = await open('127.0.0.4');
    const noHandshake = await open('127.0.0.5', WEBSOCKET_UPGRADE);
    await until('the silent connection closed', async () => silent.socket.destroyed || silent.socket.readableEnded, { withinMs: CLOSED_WITHIN_MS });
    expect(silent.received().length).toBe(0);
    // The server gives up on the transport and says so with a WebSocket close frame.
    await until('the handshake-less transport closed by the server', async () => sawCloseFrame(noHandshake), { withinMs: CLOSED_WITHIN_MS });
  });

  it('cuts a closed transport whose peer never answers the close frame, instead of holding it 30 s', async () => {
    // The peer reads, and never answers anything: not the handshake, not the close frame.
    const mute = await open('127.0.0.6', WEBSOCKET_UPGRADE);
    await until('the server closing the transport', async () => sawCloseFrame(mute), { withinMs: CLOSED_WITHIN_MS });
    // ws would wait 30 s for the answer; the gateway waits CLOSE_FRAME_WAIT_MS (5 s). Guard between.
    expect(await settledWithin(mute.closed, CLOSE_FRAME_WAIT_MS + 10_000)).not.toBe(LATE);
  });
});
