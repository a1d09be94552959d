// deploy/haproxy.cfg on a real HAProxy in front of two cluster nodes (each `server/main.ts` in a
// process of its own, on one Redis): the tablets' WebSocket passes through it, and when a node
// stops answering (SIGSTOP: alive, frozen, its sockets open) HAProxy's health checks take it out
// of rotation and cut its WebSockets (shutdown-sessions), so the tablet reconnects through the
// proxy to the other node at once instead of waiting for the ping timeout (20 s, shared/protocol/socket.ts).
import { Agent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startMain, type ChildServer } from '../support/child-server';
import { congressSpec, connectTablet, newDeviceId, pairAll, type Tablet } from '../support/hall';
import { haproxyAvailable, startHaproxy, type Haproxy } from '../support/haproxy';
import { HttpClient } from '../support/http-client';
import { connectionClosed, postOver } from '../support/post-over';
import { openRawPeer, type RawPeer } from '../support/raw-peer';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { emitOk } from '../support/sockets';
import { TEST_BALLOT_KEY, TEST_JWT_SECRET } from '../support/test-config';
import { LATE, settledWithin, until } from '../support/until';

const runs = redisServerAvailable() && haproxyAvailable();
/**
 * The proxy's cap per source address, set as a deployment sets it (deploy/haproxy.cfg reads
 * SOCKET_CONNECTIONS_PER_ADDRESS; deploy-config.test.ts holds its default to the nodes'): small,
 * so the flood below is quick and far from any file-descriptor limit.
 */
const PROXY_PER_ADDRESS = 40;

describe.skipIf(!runs)('deploy/haproxy.cfg on a real HAProxy in front of two nodes', () => {
  let redis: RedisServer | null = null;
  const nodes: ChildServer[] = [];
  let proxy: Haproxy | null = null;
  const tablets: Tablet[] = [];
  afterAll(async () => {
    for (const t of tablets) t.socket.close();
    await proxy?.stop();
    for (const node of nodes) {
      node.process.kill('SIGCONT');
      node.process.kill('SIGKILL');
      await node.exited;
    }
    await redis?.stop();
  });

  it('passes the WebSocket through, and moves a frozen node’s tablet to the other node by cutting its connection', async () => {
    redis = await startRedis({ appendonly: false });
    const env = { REDIS_URL: redis.url, JWT_SECRET: TEST_JWT_SECRET, BALLOT_KEY: TEST_BALLOT_KEY };
    nodes.push(...(await Promise.all([startMain(env), startMain(env)])));
    proxy = await startHaproxy(
      nodes.map((n) => `127.0.0.1:${n.port}`),
      { env: { SOCKET_CONNECTIONS_PER_ADDRESS: String(PROXY_PER_ADDRESS) } },
    );

    // Everything through the proxy, as the hall's devices reach the cluster.
    const http = new HttpClient(proxy.url);
    const secretariat = await http.staffToken('secretariat');
    const meetingId = await http.createMeeting(secretariat, congressSpec(2));
    const [paired] = await pairAll(http, secretariat, meetingId);
    const tablet = await connectTablet(proxy.url, paired!);
    tablets.push(tablet);
    await emitOk(tablet.socket, 'delegate:signIn');

    // The node holding the tablet's WebSocket, as HAProxy counts its sessions.
    const holding = await until('one node holding the tablet', async () => {
      const servers = await proxy!.servers();
      const busy = [...servers].filter(([, s]) => s.sessions > 0).map(([name]) => name);
      return busy.length === 1 ? busy[0]! : null;
    });
    const frozen = nodes[Number(holding.replace('app', '')) - 1]!;
    const cut = new Promise<string>((resolve) => tablet.socket.once('disconnect', (reason) => resolve(reason)));
    frozen.process.kill('SIGSTOP');

    // HAProxy marks it down and closes its sessions: the client sees its transport closed, not
    // a ping timeout (the frozen node could not close anything itself).
    await until('the frozen node marked down', async () => ((await proxy!.servers()).get(holding)?.status.startsWith('DOWN') ? true : null));
    expect(await cut).toBe('transport close');

    // The tablet comes back through the proxy, to the other node, signed in as Redis has it.
    const again = await until('the tablet reconnected through the proxy', () => connectTablet(proxy!.url, paired!));
    tablets.push(again);
    const sync = await emitOk(again.socket, 'meeting:sync');
    expect(sync['view']).toMatchObject({ seat: { seatId: paired!.seatId, attendance: 'present' } });
    const servers = await proxy.servers();
    expect(servers.get(holding)?.sessions).toBe(0);
    expect([...servers].filter(([name, s]) => name !== holding && s.sessions > 0)).toHaveLength(1);
  }, 90_000);

  // The nodes do not count HAProxy's own address against their per-address cap (it carries
  // everyone), so the file keeps that cap per source, and closes what sends no request.
  it('refuses a device’s connections past its cap at once and closes one that sends nothing, while the hall goes on', async () => {
    const port = Number(new URL(proxy!.url).port);
    const flood: RawPeer[] = [];
    try {
      for (let i = 0; i < PROXY_PER_ADDRESS; i++) flood.push(await openRawPeer(port, { localAddress: '127.0.0.2' }));
      // A client's connect completes in the kernel, before HAProxy takes the connection in; its
      // threads take them in any order. Only once it counts them all is the next one past the cap.
      await until('HAProxy counting the flood', async () => (await proxy!.connectionsFrom('::ffff:127.0.0.2')) === PROXY_PER_ADDRESS);
      const extra = await openRawPeer(port, { localAddress: '127.0.0.2', mayBeRefused: true });
      flood.push(extra);
      await extra.closed;
      expect(extra.received().length).toBe(0);
      // Another device, and the hall's tablet, are served meanwhile.
      expect((await new HttpClient(proxy!.url).request('GET', '/api/health')).status).toBe(200);
      await emitOk(tablets.at(-1)!.socket, 'clock:sync', {});
      // The flood's connections sent nothing: HAProxy closes them (timeout http-request).
      await until('the silent connections closed', async () => flood.every((p) => p.socket.destroyed), { withinMs: 20_000 });
    } finally {
      for (const peer of flood) peer.socket.destroy();
    }
  }, 60_000);

  it('closes a tablet’s connection with its pairing answer, as the nodes do, and keeps a refused one open', async () => {
    const http = new HttpClient(proxy!.url);
    const secretariat = await http.staffToken('secretariat');
    const meetingId = await http.createMeeting(secretariat, congressSpec(1));
    const [[, code]] = [...(await http.issueCodes(secretariat, meetingId))] as [[string, string]];
    // One tablet, one connection through the proxy, kept alive as a browser keeps it.
    const tablet = new Agent({ keepAlive: true, maxSockets: 1 });
    const pair = (body: unknown) => postOver(tablet, `${proxy!.url}/api/pair`, body);
    try {
      const deviceId = newDeviceId();
      const mistyped = await pair({ code: 'ZZZZZ-ZZZZZ', deviceId });
      expect(mistyped.status).toBe(400);
      expect(mistyped.headers.connection).not.toBe('close');
      const paired = await pair({ code, deviceId });
      expect(paired.status).toBe(200);
      expect(paired.socket).toBe(mistyped.socket);
      expect(paired.headers.connection).toBe('close');
      // Closed by the proxy now, not after its keep-alive timeout (timeout http-request, 10 s).
      expect(await settledWithin(connectionClosed(paired.socket), 2_000)).not.toBe(LATE);
    } finally {
      tablet.destroy();
    }
  }, 60_000);
});
