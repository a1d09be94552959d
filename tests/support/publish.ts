import type { Socket } from 'socket.io-client';
import type { Tablet } from './hall';
import { emitOk } from './sockets';

/** Each group of tablets casts its paper on the ballot (one idempotency key per seat and ballot). */
export async function castAll(ballotId: string, papers: Array<[Tablet[], unknown]>): Promise<void> {
  await Promise.all(
    papers.flatMap(([tablets, choice]) =>
      tablets.map((t) => emitOk(t.socket, 'ballot:cast', { ballotId, idempotencyKey: `key-${ballotId}-${t.seatId}`, choice })),
    ),
  );
}

export async function closeAndPublish(presidium: Socket, ballotId: string): Promise<void> {
  await emitOk(presidium, 'presidium:closeBallot', { ballotId });
  await emitOk(presidium, 'presidium:publishResult', { ballotId });
}
