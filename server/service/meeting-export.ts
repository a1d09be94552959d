import { gateChanges } from '../../shared/domain/gate';
import type { Logger } from '../logger';
import type { MeetingArchive, MeetingStore } from '../store/types';
import { storeCall } from './store-call';

/** A whole meeting as the store holds it (GET …/export), or null if there is no such meeting. */
export async function exportMeeting(store: MeetingStore, logger: Logger, meetingId: string): Promise<MeetingArchive | null> {
  const events = await storeCall(logger, 'read the log', () => store.readEvents(meetingId, 0), meetingId);
  if (events.length === 0) return null;
  const votes = await storeCall(logger, 'read the votes', () => store.readVotes(meetingId), meetingId);
  // Invariant 4: an export never carries an open box. The store returns shut boxes only; the
  // log read before the votes is checked again here, so no store can slip one through.
  const shut = new Set(gateChanges(events).flatMap((change) => (change.type === 'shut' ? [change.ballotId] : [])));
  const boxes = Object.fromEntries(Object.entries(votes.boxes).filter(([ballotId]) => shut.has(ballotId)));
  return { meetingId, events, votes: { participations: votes.register, boxes } };
}
