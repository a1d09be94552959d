import { TurnBatches } from '../turn-batches';
import type { Logger } from '../logger';
import type { ClientEventName } from '../../shared/protocol/socket';
import type { GatewaySocket } from './connection';

/**
 * Events answered together at most this many at a time: a burst read in one long turn of the
 * loop is answered in slices as it is read, and the first votes of it do not wait for the last
 * to be read (the journal's batches close at the same size: store/file/group-commit.ts).
 */
export const INTAKE_SLICE = 256;

/** A client event the event rate admitted, waiting for the end of the loop's turn. */
export interface ArrivedEvent {
  socket: GatewaySocket;
  /** The event's name, then its arguments: the payload (if any), then the ack callback. */
  packet: readonly unknown[];
  /** The event's name as the protocol spells it (event-rate.ts: quicker to look up than the packet's). */
  name: ClientEventName;
  /** When it reached the gateway (performance.now()), for the operator's ack latency; 0 if nobody measures. */
  arrivedMs: number;
}

/**
 * The tablets' events read in one turn of the event loop, answered together at its end
 * (turn-end.ts: the check phase, after every socket that was ready has been read), a meeting's
 * events in the order they arrived.
 *
 * Why not each event as it is read: in a burst the server then alternated, socket by socket,
 * between the transport's code (WebSocket frame, Engine.IO and Socket.IO packets) and
 * Biaojue's (validation, the copy's judgement, the store's index and journal), and each evicted
 * the other's code and data from the CPU's caches. Answered a turn at a time, each stays warm
 * for the whole turn: 7–13 % less server CPU per vote in a 3,000-vote burst (docs/BENCHMARKS.md,
 * "A turn's events answered together"). What it costs is the wait for the rest of the turn,
 * which the vote's journal batch already had.
 *
 * A connection's events keep their order: they share their meeting's batch, and a slice is
 * answered whole before the next event joins.
 */
export class EventIntake {
  private readonly turn: TurnBatches<ArrivedEvent>;

  constructor(
    answer: (event: ArrivedEvent) => void,
    private readonly logger: Logger,
  ) {
    this.turn = new TurnBatches<ArrivedEvent>(INTAKE_SLICE, (_meetingId, events) => {
      for (const event of events) {
        try {
          answer(event);
        } catch (err) {
          // Never out of the turn's callback (it would end the process); `answer` answers its own failures.
          this.logger.error('a client event could not be answered', { err });
        }
      }
    });
  }

  add(event: ArrivedEvent): void {
    this.turn.add(event.socket.data.meetingId, event);
  }

  /** Answers every waiting event now (the gateway is closing: they were read before it did). */
  flush(): void {
    this.turn.flushAll();
  }
}
