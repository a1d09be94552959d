import { expect } from 'vitest';
import type { MeetingArchive } from '../../server/store/types';
import type { Ack } from '../support/sockets';

/**
 * The record after a burst in which something failed: one register entry per delegate, each
 * holding the receipt that delegate was given (a cast sent again got its first one back), and
 * a box of exactly that many papers. None lost, none counted twice.
 */
export function expectReceiptsInRegister(archive: MeetingArchive, ballotId: string, answers: ReadonlyMap<string, Ack>, delegates: number): void {
  const register = archive.votes.participations.filter((p) => p.ballotId === ballotId);
  expect(register).toHaveLength(delegates);
  expect(new Set(register.map((p) => p.seatId)).size).toBe(delegates);
  for (const p of register) {
    const answer = answers.get(p.seatId);
    expect(answer?.ok && (answer.receipt as { receiptId: string }).receiptId).toBe(p.receiptId);
  }
  const box = archive.votes.boxes[ballotId] ?? {};
  expect(Object.values(box).reduce((a, b) => a + b, 0)).toBe(delegates);
}
