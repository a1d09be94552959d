import type { ConsoleView } from '../../../../shared/domain/views';
import type { SEATMAP_DELTA_EVENT, SeatMapDelta, SeatMapSnapshot } from '../../../../shared/protocol/seat-map';
import type { LiveMeeting } from '../../lib/live.svelte';

/** The event name, checked against the protocol by type only (a value import would pull zod in). */
const DELTA_EVENT: typeof SEATMAP_DELTA_EVENT = 'seatmap:delta';

/**
 * The seat map's live part: which tablets are connected and who voted on the latest ballot.
 * The whole picture is asked for once per (re)connect; after that the server sends throttled
 * deltas. Plain Sets and Maps (seat ids are data from outside: no object keys), and one
 * `revision` counter the map's derived cells read, so one delta costs one re-render pass.
 */
export class SeatMapLive {
  revision = $state(0);
  readonly online = new Set<string>();
  readonly lastSeen = new Map<string, number>();
  votedBallotId: string | null = null;
  readonly voted = new Set<string>();
  private readonly offOnline: () => void;
  private readonly onDelta = (delta: SeatMapDelta) => this.apply(delta);

  constructor(private readonly live: LiveMeeting<ConsoleView>) {
    live.connection.socket.on(DELTA_EVENT, this.onDelta);
    this.offOnline = live.onOnline(() => void this.refresh());
    if (live.connection.connected) void this.refresh();
  }

  close(): void {
    this.live.connection.socket.off(DELTA_EVENT, this.onDelta);
    this.offOnline();
  }

  /** Seats that voted on `ballotId` (empty while the deltas still speak of an earlier ballot). */
  hasVoted(ballotId: string | null, seatId: string): boolean {
    return ballotId !== null && ballotId === this.votedBallotId && this.voted.has(seatId);
  }

  async refresh(): Promise<void> {
    const answer = await this.live.connection.request('console:seatMap', {});
    if (!answer.ok) return;
    this.takeSnapshot(answer);
  }

  private takeSnapshot(snapshot: SeatMapSnapshot): void {
    this.online.clear();
    for (const seatId of snapshot.online) this.online.add(seatId);
    for (const { seatId, lastSeen } of snapshot.offline) this.lastSeen.set(seatId, lastSeen);
    this.voted.clear();
    this.votedBallotId = snapshot.voted?.ballotId ?? null;
    for (const seatId of snapshot.voted?.seatIds ?? []) this.voted.add(seatId);
    this.revision++;
  }

  private apply(delta: SeatMapDelta): void {
    for (const seatId of delta.online) this.online.add(seatId);
    for (const { seatId, lastSeen } of delta.offline) {
      this.online.delete(seatId);
      this.lastSeen.set(seatId, lastSeen);
    }
    if (delta.voted) {
      if (delta.voted.ballotId !== this.votedBallotId) {
        this.votedBallotId = delta.voted.ballotId;
        this.voted.clear();
      }
      for (const seatId of delta.voted.seatIds) this.voted.add(seatId);
    }
    this.revision++;
  }
}
