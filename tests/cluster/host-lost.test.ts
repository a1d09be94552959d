// docs/OPERATIONS.md's three hosts, each a network namespace of its own (netns-hosts.ts):
//   A and B: HAProxy and keepalived (deploy/haproxy.cfg, deploy/keepalived.conf), an app node
//            (server/main.ts), a Redis data node and a Sentinel;
//   C:       a Redis data node and a Sentinel.
// The hall's devices (this process) reach the cluster through the address A and B share. Host A
// holds that address and the Redis primary, and is lost in the middle of a vote burst as a host
// that loses power: its link goes down, then every process on it is SIGKILLed. B takes the
// address, the Sentinels on B and C promote a replica, B's node follows it, and the tablets
// reconnect through B and send again what has no ack, with the same key. No vote is lost or
// counted twice.
import { afterAll, describe, expect, it } from 'vitest';
import { parsePrimaryReplication } from '../../server/store/redis/replication-info';
import type { MeetingArchive } from '../../server/store/types';
import { startMain, type ChildServer } from '../support/child-server';
import { tally } from '../support/hall';
import { haproxyAvailable, startHaproxy, type Haproxy } from '../support/haproxy';
import { DATA_PORT, SENTINEL_PORT, sentinelPrimary, startHostDataNode, startHostSentinel, type HostProcess } from '../support/host-redis';
import { HttpClient } from '../support/http-client';
import { keepalivedAvailable, startKeepalived, type Keepalived } from '../support/keepalived';
import { makeHostNetwork, netnsHostsAvailable, type Host, type HostNetwork } from '../support/netns-hosts';
import { MASTER_NAME, redisCommand, sentinelsKnowTheSet } from '../support/redis-sentinel';
import { redisServerAvailable } from '../support/redis-server';
import { connect, emitOk } from '../support/sockets';
import { TEST_BALLOT_KEY, TEST_JWT_SECRET } from '../support/test-config';
import { until } from '../support/until';
import { burstWithLoss, hallThrough } from './hall-under-loss';
import { expectReceiptsInRegister } from './receipts-in-register';

const runs = redisServerAvailable() && haproxyAvailable() && keepalivedAvailable() && netnsHostsAvailable();

const DELEGATES = 60;
/** Host A is lost once this many casts have their receipt. */
const LOSE_AFTER_ACKS = 15;

describe.skipIf(!runs)('three hosts as docs/OPERATIONS.md lays them out', () => {
  let network: HostNetwork | null = null;
  const redis = new Map<string, HostProcess>();
  const proxies: Haproxy[] = [];
  const keepaliveds: Keepalived[] = [];
  const closers: { close(): void }[] = [];

  afterAll(async () => {
    for (const c of closers) c.close();
    await Promise.all(keepaliveds.map((k) => k.stop()));
    await Promise.all(proxies.map((p) => p.stop()));
    await network?.remove();
  });

  const output = () =>
    [...redis].map(([name, p]) => `--- ${name}\n${p.output().slice(-3000)}`).join('\n') +
    keepaliveds.map((k) => `\n--- keepalived\n${k.output().slice(-3000)}`).join('');

  it('loses no vote and counts none twice when the host with the hall’s address, the Redis primary, a Sentinel and an app node is lost mid-burst', async () => {
    network = makeHostNetwork(3);
    const [a, b, c] = network.hosts as [Host, Host, Host];
    const shared = network.spareAddress;

    // Redis: the primary on A, a replica on B and on C, a Sentinel on each.
    redis.set('redis A', await startHostDataNode(a));
    for (const host of [b, c]) redis.set(`redis ${host.address}`, await startHostDataNode(host, a.address));
    await until(
      'both replicas online',
      async () => parsePrimaryReplication(String(await redisCommand(DATA_PORT, ['INFO', 'replication'], undefined, a.address))).replicas.filter((r) => r.state === 'online').length === 2,
      { output },
    );
    for (const host of [a, b, c]) redis.set(`sentinel ${host.address}`, await startHostSentinel(host, a.address));
    const sentinelAddresses = [a, b, c].map((h) => ({ host: h.address, port: SENTINEL_PORT }));
    await until('the Sentinels to know both replicas and each other', () => sentinelsKnowTheSet(sentinelAddresses, 2), { output });

    // The app nodes on A and B, through the three Sentinels as compose has them.
    const sentinels = sentinelAddresses.map(({ host, port }) => `${host}:${port}`).join(',');
    const env = {
      REDIS_URL: `redis-sentinel://${sentinels}/${MASTER_NAME}?ackReplicas=1&ackTimeoutMs=1000`,
      JWT_SECRET: TEST_JWT_SECRET,
      BALLOT_KEY: TEST_BALLOT_KEY,
      TRUST_PROXY: `${a.address},${b.address}`,
    };
    const [nodeA, nodeB] = (await Promise.all([startMain(env, a), startMain(env, b)])) as [ChildServer, ChildServer];
    const servers = [`${a.address}:${nodeA.port}`, `${b.address}:${nodeB.port}`];
    for (const host of [a, b]) proxies.push(await startHaproxy(servers, { host }));
    // A's keepalived first, so that A holds the address (and, with the primary, is the host to lose).
    keepaliveds.push(await startKeepalived(a, { self: a.address, peer: b.address, shared, prefix: network.prefix }));
    await until('A holding the shared address', async () => a.addresses().includes(shared), { output });
    keepaliveds.push(await startKeepalived(b, { self: b.address, peer: a.address, shared, prefix: network.prefix }));

    const { secretariat, presidiumToken, meetingId, tablets } = await hallThrough(`http://${shared}:8080`, DELEGATES);
    closers.push(...tablets);
    // The presidium's console on B's node directly (the secretariat's own network).
    const presidium = await connect(nodeB.baseUrl, { token: presidiumToken, meetingId });
    closers.push(presidium);
    const { ballotId, choices, answers } = await burstWithLoss(presidium, tablets, LOSE_AFTER_ACKS, () => a.lose());
    expect(nodeA.process.signalCode).toBe('SIGKILL');
    // B holds the hall's address, and B's or C's data node is the primary.
    expect(b.addresses()).toContain(shared);
    const promoted = await until('a primary other than A named by B’s and C’s Sentinels', async () => {
      const [onB, onC] = await Promise.all([sentinelPrimary(b), sentinelPrimary(c)]);
      return onB && onB === onC && onB !== a.address ? onB : null;
    }, { output });
    expect([b.address, c.address]).toContain(promoted);
    expect(tablets.filter((t) => t.failovers > 0).length).toBeGreaterThan(0);

    for (const t of tablets) expect(answers.get(t.seatId)).toMatchObject({ ok: true, receipt: { ballotId, seatId: t.seatId } });
    await emitOk(presidium, 'presidium:closeBallot', { ballotId });
    const exported = await new HttpClient(nodeB.baseUrl).request<MeetingArchive>('GET', `/api/meetings/${meetingId}/export`, undefined, secretariat);
    expectReceiptsInRegister(exported.body, ballotId, answers, DELEGATES);
    expect(exported.body.votes.boxes[ballotId]).toMatchObject(tally(choices.values()));
    // B's node is ready on the promoted primary (store, notice channel and adapter).
    await until('B’s node ready again', async () => (await fetch(`${nodeB.baseUrl}/api/health`)).status === 200, { output });
  }, 240_000);
});
