import type { RegisterEntry } from '../../shared/domain/meeting';
import type { MeetingStore } from './types';

/**
 * A ballot's turnout in the store, for each of `ballotIds`: the store's own cheap read when it
 * has one (Redis: HLEN per register), else counted from readVotes (the file store, which only
 * ever has one node and so is asked only in tests).
 */
export async function readTurnout(store: MeetingStore, meetingId: string, ballotIds: readonly string[]): Promise<number[]> {
  if (ballotIds.length === 0) return [];
  if (store.readTurnout) return store.readTurnout(meetingId, ballotIds);
  const { register: entries } = await store.readVotes(meetingId, ballotIds);
  const counts = new Map<string, number>();
  for (const p of entries) counts.set(p.ballotId, (counts.get(p.ballotId) ?? 0) + 1);
  return ballotIds.map((ballotId) => counts.get(ballotId) ?? 0);
}

/** One ballot's register, in recording order: the store's own read when it has one, else from readVotes. */
export async function readRegister(store: MeetingStore, meetingId: string, ballotId: string): Promise<RegisterEntry[]> {
  if (store.readRegister) return store.readRegister(meetingId, ballotId);
  return (await store.readVotes(meetingId, [ballotId])).register;
}
