import { gateChanges, type BallotGate } from '../../shared/domain/gate';
import type { BallotBox } from '../../shared/domain/ballots/kinds';
import type { MeetingEvent, Participation } from '../../shared/domain/meeting';
import type {
  AppendResult,
  CastOutcome,
  CastRequest,
  MeetingArchive,
  MeetingStore,
  VoteRecords,
} from '../../server/store/types';

interface MeetingRecord {
  events: MeetingEvent[];
  gates: Map<string, BallotGate>;
  participations: Participation[];
  /** ballotId → seatId → participation */
  register: Map<string, Map<string, Participation>>;
  boxes: Record<string, BallotBox>;
}

/**
 * Test-only MeetingStore kept in memory, honouring the interface's semantics: conditional
 * append, gates derived with gateChanges, and an atomic, idempotent cast. Not durable.
 */
export class MemoryStore implements MeetingStore {
  private readonly meetings = new Map<string, MeetingRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  async listMeetings(): Promise<string[]> {
    return [...this.meetings.keys()];
  }

  async append(meetingId: string, expectedVersion: number, events: MeetingEvent[]): Promise<AppendResult> {
    const record = this.meetings.get(meetingId);
    const version = record?.events.length ?? 0;
    if (version !== expectedVersion) return { ok: false, reason: 'conflict', version };
    const target = record ?? this.emptyRecord();
    target.events.push(...structuredClone(events));
    for (const change of gateChanges(events)) {
      if (change.type === 'open') target.gates.set(change.ballotId, { deadline: change.deadline, named: change.named });
      else target.gates.delete(change.ballotId);
    }
    this.meetings.set(meetingId, target);
    return { ok: true, version: target.events.length };
  }

  async readEvents(meetingId: string, afterVersion: number): Promise<MeetingEvent[]> {
    return structuredClone(this.meetings.get(meetingId)?.events.slice(afterVersion) ?? []);
  }

  async cast(meetingId: string, request: CastRequest): Promise<CastOutcome> {
    const record = this.meetings.get(meetingId);
    if (!record) return { status: 'rejected', code: 'UNKNOWN_MEETING', message: `no meeting ${meetingId}` };
    const register = record.register.get(request.ballotId) ?? new Map<string, Participation>();
    const earlier = register.get(request.seatId);
    if (earlier) {
      if (earlier.idempotencyKey === request.idempotencyKey) {
        return { status: 'duplicate', participation: { ...earlier }, voted: register.size };
      }
      return { status: 'rejected', code: 'ALREADY_VOTED', message: 'already voted' };
    }
    const gate = record.gates.get(request.ballotId);
    const at = this.now();
    if (!gate || (gate.deadline !== null && at >= gate.deadline)) {
      return { status: 'rejected', code: 'BALLOT_NOT_OPEN', message: 'the ballot is not open' };
    }
    const participation: Participation = {
      ballotId: request.ballotId,
      seatId: request.seatId,
      idempotencyKey: request.idempotencyKey,
      receiptId: request.receiptId,
      at,
      choiceKey: gate.named ? request.choiceKey : null,
    };
    register.set(request.seatId, participation);
    record.register.set(request.ballotId, register);
    record.participations.push(participation);
    const box = (record.boxes[request.ballotId] ??= {});
    box[request.choiceKey] = (box[request.choiceKey] ?? 0) + 1;
    return { status: 'recorded', participation: { ...participation }, voted: register.size };
  }

  async readVotes(meetingId: string): Promise<VoteRecords> {
    const record = this.meetings.get(meetingId);
    return structuredClone({ participations: record?.participations ?? [], boxes: record?.boxes ?? {} });
  }

  async importMeeting(archive: MeetingArchive): Promise<{ ok: true } | { ok: false; reason: 'exists' }> {
    if (this.meetings.has(archive.meetingId)) return { ok: false, reason: 'exists' };
    const appended = await this.append(archive.meetingId, 0, archive.events);
    if (!appended.ok) return { ok: false, reason: 'exists' };
    const record = this.meetings.get(archive.meetingId)!;
    for (const p of archive.votes.participations) {
      record.participations.push({ ...p });
      const register = record.register.get(p.ballotId) ?? new Map<string, Participation>();
      register.set(p.seatId, { ...p });
      record.register.set(p.ballotId, register);
    }
    record.boxes = structuredClone(archive.votes.boxes);
    return { ok: true };
  }

  async close(): Promise<void> {}

  private emptyRecord(): MeetingRecord {
    return { events: [], gates: new Map(), participations: [], register: new Map(), boxes: {} };
  }
}
