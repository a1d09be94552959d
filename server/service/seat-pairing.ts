import type { MeetingCommand } from '../../shared/domain/decide';
import type { Actor } from '../../shared/domain/meeting';
import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import { generatePairingCode, hashPairingCode } from '../pairing-codes';
import type { CommandService } from './command-service';
import { PairingIndex } from './pairing-index';
import { SeatMapGenerations } from './seat-map-generations';
import type { MeetingReplica } from './replica';

const PAIRING_ACTOR: Actor = { role: 'delegate', name: 'pairing' };

/**
 * Seat cards and devices: issues pairing codes (as commands), redeems a code for a device
 * (finding the meeting from the code alone, through an index the replica's loads and folds
 * keep), and tells whether a device is still its seat's.
 */
export class SeatPairing {
  private readonly index = new PairingIndex();
  private readonly seatMaps = new SeatMapGenerations();

  constructor(
    private readonly replica: MeetingReplica,
    private readonly commands: CommandService,
  ) {
    replica.loaded.add((state) => this.index.update(state));
    replica.advanced.add(({ before, after, events }) => {
      if (events.some((e) => e.type === 'PairingCodeIssued' || e.type === 'DevicePaired' || e.type === 'PairingCodeRevoked')) {
        this.index.follow(before, after, events);
      }
    });
    replica.withdrawn.add((meetingId) => this.seatMaps.forget(meetingId));
  }

  /** Issues a fresh code for each seat (all seats when `seatIds` is omitted); returns the codes once. */
  async issuePairingCodes(
    meetingId: string,
    seatIds: readonly string[] | undefined,
    actor: Actor,
  ): Promise<{ ok: true; codes: { seatId: string; code: string }[]; pendingRequestIds: string[] } | ErrorAck> {
    const state = await this.replica.stateOf(meetingId);
    if (!state) return errorAck('MEETING_NOT_FOUND', `no meeting ${meetingId}`);
    const seats = [...new Set(seatIds ?? state.spec.delegates.map((d) => d.seatId))];
    const codes = seats.map((seatId) => ({ seatId, code: generatePairingCode() }));
    const commands = codes.map(({ seatId, code }): MeetingCommand => ({ type: 'IssuePairingCode', seatId, codeHash: hashPairingCode(code) }));
    const outcome = await this.commands.execute(meetingId, commands, actor);
    if (!outcome.ok) return outcome;
    // Two-person rule: while a ballot is open the codes work only once a chair approves them.
    const pendingRequestIds = outcome.events.flatMap((e) => (e.type === 'ChangeRequested' ? [e.requestId] : []));
    return { ok: true, codes, pendingRequestIds };
  }

  /** Redeems a seat card's code for `deviceId`; the meeting is found from the code alone. */
  async pairDevice(code: string, deviceId: string): Promise<{ ok: true; meetingId: string; seatId: string } | ErrorAck> {
    const codeHash = hashPairingCode(code);
    let meetingId = this.index.meetingFor(codeHash);
    if (!meetingId) {
      // Another node may have issued the code a moment ago (cluster mode): read the logs once.
      await this.replica.catchUpAll();
      meetingId = this.index.meetingFor(codeHash);
    }
    if (!meetingId) return errorAck('PAIRING_CODE_INVALID', 'this pairing code is unknown or has already been used');
    const outcome = await this.commands.execute(meetingId, [{ type: 'PairDevice', codeHash, deviceId }], PAIRING_ACTOR);
    if (!outcome.ok) return outcome;
    const paired = outcome.events.find((e) => e.type === 'DevicePaired');
    if (!paired) throw new Error('PairDevice was accepted without a DevicePaired event');
    return { ok: true, meetingId, seatId: paired.seatId };
  }

  /** Whether `deviceId` is the seat's paired device. On a mismatch the log is read once more: the pairing may have happened on another node. */
  async isCurrentDevice(meetingId: string, seatId: string, deviceId: string): Promise<boolean> {
    const cached = await this.replica.stateOf(meetingId);
    if (cached?.seats.get(seatId)?.deviceId === deviceId) return true;
    const fresh = await this.replica.catchUp(meetingId);
    return fresh?.seats.get(seatId)?.deviceId === deviceId;
  }

  /** Same as isCurrentDevice, from the copy only: the per-event check on a live socket. */
  isCurrentDeviceCached(meetingId: string, seatId: string, deviceId: string): boolean {
    // The seats only, which no vote changes: not a fold of the votes waiting for the burst's end.
    return this.replica.copyWithoutPendingVotes(meetingId)?.seats.get(seatId)?.deviceId === deviceId;
  }

  /**
   * The generation of the copy's seat map (seat-map-generations.ts); undefined when this node
   * holds no copy. While it stands, isCurrentDeviceCached gives every seat the same answer.
   */
  seatMapGeneration(meetingId: string): number | undefined {
    // Every event of a tablet asks: read without folding the pending votes (as isCurrentDeviceCached).
    const state = this.replica.copyWithoutPendingVotes(meetingId);
    return state && this.seatMaps.of(meetingId, state);
  }
}
