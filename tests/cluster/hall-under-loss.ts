import type { Socket } from 'socket.io-client';
import { congressSpec, openBallot, pairAll, randomOption, type Option } from '../support/hall';
import { HttpClient } from '../support/http-client';
import { emitOk, type Ack } from '../support/sockets';
import { RoamingTablet } from './roaming-tablet';

/** Casts spread over this window so that the loss lands in the middle of the burst (load shape, not an assertion). */
const BURST_SPREAD_MS = 1500;

/**
 * A congress of `delegates` made through `hallUrl` (the proxies' shared address), every seat
 * paired and its tablet connected and signed in through it: a hall that reaches the cluster
 * through that address alone, its tablets reconnecting there when they lose it.
 */
export async function hallThrough(hallUrl: string, delegates: number) {
  const http = new HttpClient(hallUrl);
  const secretariat = await http.staffToken('secretariat');
  const presidiumToken = await http.staffToken('presidium');
  const meetingId = await http.createMeeting(secretariat, congressSpec(delegates));
  const paired = await pairAll(http, secretariat, meetingId);
  const tablets = paired.map((p) => new RoamingTablet([hallUrl], p, 0));
  try {
    await Promise.all(tablets.map((t) => t.connect()));
    await Promise.all(tablets.map((t) => emitOk(t.socket!, 'delegate:signIn')));
  } catch (error) {
    for (const t of tablets) t.close();
    throw error;
  }
  return { secretariat, presidiumToken, meetingId, tablets };
}

/**
 * The presidium opens a ballot on item-1 (the session opened and the item started first); once
 * every tablet shows it open, every tablet casts a random option within BURST_SPREAD_MS, each
 * until it is answered (RoamingTablet: the same key every time), and `lose` runs once
 * `loseAfterAcks` casts have their receipt. Returns the ballot, each seat's choice and answer.
 */
export async function burstWithLoss(
  presidium: Socket,
  tablets: readonly RoamingTablet[],
  loseAfterAcks: number,
  lose: () => Promise<void>,
): Promise<{ ballotId: string; choices: Map<string, Option>; answers: Map<string, Ack> }> {
  await emitOk(presidium, 'presidium:openSession');
  await emitOk(presidium, 'presidium:startItem', { itemId: 'item-1' });
  const ballotId = await openBallot(presidium, { itemId: 'item-1', title: '关于民生实事项目的决议' });
  await Promise.all(tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open')));

  const choices = new Map<string, Option>(tablets.map((t) => [t.seatId, randomOption()]));
  const answers = new Map<string, Ack>();
  let acked = 0;
  let lost: Promise<void> | null = null;
  await Promise.all(
    tablets.map(async (t) => {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * BURST_SPREAD_MS)));
      const answer = await t.castUntilAnswered({ ballotId, idempotencyKey: `cast-key-${t.seatId}`, choice: { option: choices.get(t.seatId) } });
      answers.set(t.seatId, answer);
      if (answer.ok && ++acked === loseAfterAcks && !lost) lost = lose();
    }),
  );
  await lost;
  return { ballotId, choices, answers };
}
