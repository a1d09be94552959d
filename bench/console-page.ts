/**
 * The presidium console's page while a hall signs in, then while it votes: how much of the
 * browser's main thread the console takes (Chromium's own task, script, layout and style times)
 * and its JS heap, for a hall of N seats whose tablets pair and sign in as fast as the server lets
 * them, then every one casts on a ballot the chair opened. The server
 * is the real one (server/main.ts on a data directory of its own), the console the real page in
 * Debian's Chromium, the tablets Socket.IO clients in this process.
 *
 * Not part of `npm run bench` (it needs the browser and measures the client, not the server); a
 * figure to read beside docs/BENCHMARKS.md, "The console's page while the hall signs in". Two
 * lines: the sign-in, then the ballot (from its opening to every seat marked voted, and 1 s).
 *
 *   npx tsx bench/console-page.ts [--seats=3000] [--lanes=60] [--profile=FILE.cpuprofile]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import { ensureClientBuilt } from '../tests/browser/build-client';
import { launchChromium } from '../tests/browser/chromium';
import { openMeetingOnConsole } from '../tests/browser/console-login';
import { CONSOLE_VIEWPORT } from '../tests/browser/viewports';
import { startMain } from '../tests/support/child-server';
import { HttpClient } from '../tests/support/http-client';
import { connect, emitOk } from '../tests/support/sockets';
import { TEST_ADMIN_PASSWORD, TEST_JWT_SECRET } from '../tests/support/test-config';
import { LIMIT_MAX } from '../server/gateway/limits';
import { benchMeetingSpec } from './hall';

const { values } = parseArgs({
  options: {
    seats: { type: 'string', default: '3000' },
    lanes: { type: 'string', default: '60' },
    profile: { type: 'string' },
  },
});
const seats = Number(values.seats);
const lanes = Number(values.lanes);

async function main(): Promise<void> {
  await ensureClientBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'biaojue-console-page-'));
  // Every tablet connects from 127.0.0.1 here: the per-address cap is out of the way, as in `npm run bench`.
  const server = await startMain({ PORT: '0', DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET, ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SOCKET_CONNECTIONS_PER_ADDRESS: String(LIMIT_MAX) });
  const browser = await launchChromium();
  const tablets: Socket[] = [];
  try {
    const http = new HttpClient(server.baseUrl);
    const secretariat = await http.staffToken('secretariat');
    const spec = benchMeetingSpec(seats, `主席台页面测试 ${seats} 名代表`);
    const meetingId = await http.createMeeting(secretariat, spec);
    const codes = [...(await http.issueCodes(secretariat, meetingId)).entries()];

    const page = await (await browser.newContext({ viewport: CONSOLE_VIEWPORT, locale: 'zh-CN' })).newPage();
    await openMeetingOnConsole(page, server.baseUrl, await http.staffAccount('presidium', '陈立新'), spec.title);
    await page.getByTestId('seat-map').waitFor();

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
    if (values.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const report = (phase: string, before: Map<string, number>, after: Map<string, number>) => {
      const ms = (name: string) => Math.round(((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000);
      console.log(
        `${phase}; the console page's main thread: ` +
          `tasks ${ms('TaskDuration')} ms, script ${ms('ScriptDuration')} ms, layout ${ms('LayoutDuration')} ms, style ${ms('RecalcStyleDuration')} ms; ` +
          `JS heap ${((after.get('JSHeapUsedSize') ?? 0) / 2 ** 20).toFixed(1)} MiB`,
      );
    };
    const before = await metrics();
    const started = performance.now();
    let next = 0;
    // Each lane pairs a tablet, connects it and signs it in, then takes the next seat card.
    const lane = async () => {
      while (next < codes.length) {
        const [seatId, code] = codes[next++]!;
        const { body } = await http.pair(code, `console-page-${seatId}`);
        const socket = await connect(server.baseUrl, { token: body.token });
        tablets.push(socket);
        await emitOk(socket, 'delegate:signIn', {});
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    const signInMs = performance.now() - started;
    // The console's last pushes and their rendering.
    await page.getByTestId('seatmap-summary').filter({ hasText: `出席 ${seats}/${seats}` }).waitFor();
    await page.waitForTimeout(1_000);
    const signedIn = await metrics();
    report(`${seats} seats signed in in ${(signInMs / 1000).toFixed(1)} s (and 1 s more)`, before, signedIn);

    // The ballot: the chair opens it, every tablet casts once, the console marks each seat voted.
    const chair = await connect(server.baseUrl, { token: await http.staffToken('presidium', '陈立新'), meetingId });
    tablets.push(chair);
    await emitOk(chair, 'presidium:openSession');
    await emitOk(chair, 'presidium:startItem', { itemId: 'bench' });
    const ballotId = String((await emitOk(chair, 'presidium:openBallot', { itemId: 'bench', title: '主席台页面测试表决' }))['ballotId']);
    const ballotStarted = performance.now();
    const voters = tablets.slice(0, seats);
    await Promise.all(voters.map((socket, i) => emitOk(socket, 'ballot:cast', { ballotId, idempotencyKey: `console-page-vote-${i}`, choice: { option: 'yes' } })));
    const castMs = performance.now() - ballotStarted;
    await page.getByTestId('seatmap-summary').filter({ hasText: `已表决 ${seats}` }).waitFor();
    await page.waitForTimeout(1_000);
    const voted = await metrics();
    report(`${seats} votes cast in ${(castMs / 1000).toFixed(1)} s (and 1 s more)`, signedIn, voted);
    if (values.profile) await writeFile(values.profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  } finally {
    for (const socket of tablets) socket.disconnect();
    await browser.close();
    server.process.kill('SIGTERM');
    await server.exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
