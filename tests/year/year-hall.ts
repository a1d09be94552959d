// A meeting of a body, run over real sockets (issue 12): every seat paired and connected, a
// presidium console; items started, prepared ballots opened, papers cast, closed and published.
import type { Socket } from 'socket.io-client';
import type { BallotResult } from '../../shared/domain/ballots/kinds';
import type { ConsoleView } from '../../shared/domain/views';
import { HttpClient } from '../support/http-client';
import { connectTablet, pairAll, type Tablet } from '../support/hall';
import { connect, emitAck, emitOk, ViewLog } from '../support/sockets';

export interface YearHall {
  meetingId: string;
  tablets: Tablet[];
  presidium: Socket;
  console: ViewLog<ConsoleView>;
  /** Starts the item, opens its prepared ballot, casts `paperOf(seatId)` from every tablet (null = does not vote), closes and publishes. */
  vote(itemId: string, paperOf: (seatId: string, index: number) => unknown): Promise<{ ballotId: string; result: BallotResult }>;
  /** A tie re-vote of a published ballot, voted the same way. */
  followUp(sourceBallotId: string, paperOf: (seatId: string, index: number) => unknown): Promise<{ ballotId: string; result: BallotResult }>;
  close(): void;
}

export async function openYearHall(baseUrl: string, http: HttpClient, tokens: { secretariat: string; presidium: string }, meetingId: string): Promise<YearHall> {
  const paired = await pairAll(http, tokens.secretariat, meetingId);
  const tablets = await Promise.all(paired.map((p) => connectTablet(baseUrl, p)));
  const consoleViews = new ViewLog<ConsoleView>();
  const presidium = await connect(baseUrl, { token: tokens.presidium, meetingId }, consoleViews);
  await Promise.all(tablets.map((t) => emitOk(t.socket, 'delegate:signIn')));
  await emitOk(presidium, 'presidium:openSession');

  async function castAndPublish(ballotId: string, paperOf: (seatId: string, index: number) => unknown) {
    await Promise.all(tablets.map((t) => t.views.waitFor((v) => v.ballot?.ballotId === ballotId && v.ballot.status === 'open' && v.ballotSpec?.ballotId === ballotId)));
    const acks = await Promise.all(
      tablets.map((t, i) => {
        const choice = paperOf(t.seatId, i);
        return choice === null ? null : emitAck(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `k-${ballotId}-${t.seatId}`, choice });
      }),
    );
    for (const ack of acks) if (ack && !ack.ok) throw new Error(`cast refused: ${ack.code} ${ack.message}`);
    await emitOk(presidium, 'presidium:closeBallot', { ballotId });
    await consoleViews.waitFor((v) => v.ballots.some((b) => b.ballotId === ballotId && b.pendingResult !== null));
    await emitOk(presidium, 'presidium:publishResult', { ballotId });
    const view = await consoleViews.waitFor((v) => v.ballots.some((b) => b.ballotId === ballotId && b.status === 'published'));
    const result = view.ballots.find((b) => b.ballotId === ballotId)?.result;
    if (!result) throw new Error(`no published result for ${ballotId}`);
    return { ballotId, result };
  }

  return {
    meetingId,
    tablets,
    presidium,
    console: consoleViews,
    async vote(itemId, paperOf) {
      await emitOk(presidium, 'presidium:startItem', { itemId });
      const ack = await emitOk(presidium, 'presidium:openPrepared', { itemId });
      return castAndPublish(ack.ballotId as string, paperOf);
    },
    async followUp(sourceBallotId, paperOf) {
      const ack = await emitOk(presidium, 'presidium:openFollowUp', { sourceBallotId, reason: 'tie_revote' });
      return castAndPublish(ack.ballotId as string, paperOf);
    },
    close() {
      for (const s of [presidium, ...tablets.map((t) => t.socket)]) s.close();
    },
  };
}
