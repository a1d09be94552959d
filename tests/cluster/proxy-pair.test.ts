// The proxy without a single point of failure: two proxy hosts share the hall's address by VRRP
// (deploy/keepalived.conf, with deploy/haproxy.cfg on each), and each host runs an app node too,
// as docs/OPERATIONS.md's three-host layout has it. Real keepalived, HAProxy and server/main.ts
// processes, each host a network namespace of its own on a bridge (netns-hosts.ts); the hall's
// devices are this process, reaching everything through the shared address. Redis is one server
// outside the two hosts, standing for the Redis set (the loss of its primary:
// sentinel-failover.test.ts).
//
// 1. HAProxy dies on the host holding the address, its keepalived lives: the address moves, and
//    does not come back when HAProxy does (nopreempt: the hall is not moved twice).
// 2. The host holding the address (HAProxy, keepalived and an app node) is lost in the middle of
//    a vote burst, as a host losing power: no FIN, no RST. The other host takes the address; the
//    tablets reconnect through it and send again what has no ack, with the same key; every vote
//    is counted once, and every receipt is in the register.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { MeetingArchive } from '../../server/store/types';
import { startMain, type ChildServer } from '../support/child-server';
import { tally } from '../support/hall';
import { haproxyAvailable, startHaproxy, type Haproxy } from '../support/haproxy';
import { HttpClient } from '../support/http-client';
import { keepalivedAvailable, startKeepalived, type Keepalived } from '../support/keepalived';
import { makeHostNetwork, netnsHostsAvailable, type Host, type HostNetwork } from '../support/netns-hosts';
import { redisServerAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { connect, emitOk } from '../support/sockets';
import { TEST_BALLOT_KEY, TEST_JWT_SECRET } from '../support/test-config';
import { until } from '../support/until';
import { burstWithLoss, hallThrough } from './hall-under-loss';
import { expectReceiptsInRegister } from './receipts-in-register';

const runs = redisServerAvailable() && haproxyAvailable() && keepalivedAvailable() && netnsHostsAvailable();

const DELEGATES = 60;
/** The host is lost once this many casts have their receipt. */
const LOSE_AFTER_ACKS = 15;
/** Guards against a hang; never an assertion about speed. */
const MOVE_WITHIN_MS = 30_000;
/** deploy/keepalived.conf's advert_int. */
const ADVERT_INTERVAL_MS = 1000;

describe.skipIf(!runs)('two proxy hosts sharing the hall’s address (deploy/keepalived.conf)', () => {
  let network: HostNetwork | null = null;
  let redis: RedisServer | null = null;
  const nodes = new Map<Host, ChildServer>();
  const proxies = new Map<Host, Haproxy>();
  const keepaliveds = new Map<Host, Keepalived>();
  const closers: { close(): void }[] = [];

  afterAll(async () => {
    for (const c of closers) c.close();
    await Promise.all([...keepaliveds.values()].map((k) => k.stop()));
    await Promise.all([...proxies.values()].map((p) => p.stop()));
    await network?.remove();
    await redis?.stop();
  });

  const output = () =>
    [...keepaliveds].map(([host, k]) => `--- keepalived on ${host.address}\n${k.output()}`).join('\n') +
    [...proxies].map(([host, p]) => `\n--- haproxy on ${host.address}\n${p.output()}`).join('');

  /** The host that holds the shared address, once exactly one does (and it is not `away`, when given). */
  const holder = (away?: Host) =>
    until(
      away ? `the shared address moved away from ${away.address}` : 'exactly one host holding the shared address',
      async () => {
        const holding = network!.hosts.filter((h) => !h.lost && h.addresses().includes(network!.spareAddress));
        return holding.length === 1 && holding[0] !== away ? holding[0]! : null;
      },
      { withinMs: MOVE_WITHIN_MS, output },
    );

  it('moves the address when HAProxy dies on its host, and keeps it where it is when HAProxy comes back; then loses no vote when that host is lost mid-burst', async () => {
    network = makeHostNetwork(2);
    const [hostA, hostB] = network.hosts as [Host, Host];
    const shared = network.spareAddress;
    redis = await startRedis({ args: ['--bind', '127.0.0.1', network.bridgeAddress, '--protected-mode', 'no'] });
    const env = {
      REDIS_URL: `redis://${network.bridgeAddress}:${redis.port}`,
      JWT_SECRET: TEST_JWT_SECRET,
      BALLOT_KEY: TEST_BALLOT_KEY,
      // The nodes believe X-Forwarded-For from the two proxies alone, as compose has it for its one.
      TRUST_PROXY: `${hostA.address},${hostB.address}`,
    };
    const [nodeA, nodeB] = await Promise.all([startMain(env, hostA), startMain(env, hostB)]);
    nodes.set(hostA, nodeA).set(hostB, nodeB);
    const servers = [`${hostA.address}:${nodeA.port}`, `${hostB.address}:${nodeB.port}`];
    for (const host of [hostA, hostB]) proxies.set(host, await startHaproxy(servers, { host }));
    for (const [self, peer] of [
      [hostA, hostB],
      [hostB, hostA],
    ] as const) {
      keepaliveds.set(self, await startKeepalived(self, { self: self.address, peer: peer.address, shared, prefix: network.prefix }));
    }
    const first = await holder();
    const other = first === hostA ? hostB : hostA;

    // The hall reaches the cluster through the shared address alone.
    const { secretariat, presidiumToken, meetingId, tablets } = await hallThrough(`http://${shared}:8080`, DELEGATES);
    closers.push(...tablets);

    // 1. HAProxy killed on the holder; its keepalived's check fails and it gives the address up.
    const cut = tablets.map((t) => new Promise<void>((resolve) => t.socket!.once('disconnect', () => resolve())));
    proxies.get(first)!.process.kill('SIGKILL');
    expect(await holder(first)).toBe(other);
    // Its host is up, so its kernel reset the tablets' connections: every one of them noticed.
    await Promise.all(cut);
    // HAProxy back on the first host: its check passes again, and the address stays.
    await proxies.get(first)!.stop();
    proxies.set(first, await startHaproxy(servers, { host: first }));
    await until(
      'the first host’s check passing again, and the host a backup',
      async () => {
        const sinceFault = keepaliveds.get(first)!.output().split('Entering FAULT STATE');
        return sinceFault.length > 1 && sinceFault.at(-1)!.includes('Entering BACKUP STATE');
      },
      { output },
    );
    // A few adverts later the address is still where it went. Equal priorities keep it there
    // (VRRP), and nopreempt would with unequal ones too.
    await sleep(3 * ADVERT_INTERVAL_MS);
    expect(await holder()).toBe(other);
    // The hall goes on through the other host's proxy.
    await Promise.all(tablets.map((t) => t.connect()));

    // 2. The other host, now holding the address, is lost in the middle of a vote burst. The
    // presidium's console is on the surviving host's node directly (the secretariat's network).
    const survivor = nodes.get(first)!;
    const presidium = await connect(survivor.baseUrl, { token: presidiumToken, meetingId });
    closers.push(presidium);
    const { ballotId, choices, answers } = await burstWithLoss(presidium, tablets, LOSE_AFTER_ACKS, () => other.lose());
    expect(nodes.get(other)!.process.signalCode).toBe('SIGKILL');
    expect(await holder(other)).toBe(first);
    // The loss landed mid-burst: tablets had to reconnect through the address's new holder.
    const moved = tablets.filter((t) => t.failovers > 0).length;
    expect(moved).toBeGreaterThan(0);

    // Every delegate has a receipt (a cast sent again after the loss got its first one back).
    for (const t of tablets) expect(answers.get(t.seatId)).toMatchObject({ ok: true, receipt: { ballotId, seatId: t.seatId } });
    await emitOk(presidium, 'presidium:closeBallot', { ballotId });
    const exported = await new HttpClient(survivor.baseUrl).request<MeetingArchive>('GET', `/api/meetings/${meetingId}/export`, undefined, secretariat);
    expectReceiptsInRegister(exported.body, ballotId, answers, DELEGATES);
    expect(exported.body.votes.boxes[ballotId]).toMatchObject(tally(choices.values()));
  }, 180_000);
});
