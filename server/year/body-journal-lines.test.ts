import { describe, expect, it } from 'vitest';
import type { BodyEvent } from '../../shared/domain/year/body';
import { BodyJournalDamagedError, bodyEventsOf, bodyJournalLines, scanBodyJournal } from './body-journal-lines';

const event = (n: number): BodyEvent => ({ type: 'FundSet', at: n, by: { role: 'secretariat', name: '秘书处 王芳' }, year: 2026 + n, fundFen: n });

/** A journal of appends of the given sizes, as FileBodyStore writes it: the text and each line. */
function journal(...sizes: number[]): { text: string; lines: string[] } {
  const lines: string[] = [];
  let version = 0;
  for (const size of sizes) {
    const events = Array.from({ length: size }, (_, i) => event(version + i + 1));
    lines.push(...bodyJournalLines(version, events));
    version += size;
  }
  return { text: lines.join(''), lines };
}

const bytes = (text: string) => Buffer.from(text, 'utf8');
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

describe('body journal lines (server/year/body-journal-lines.ts)', () => {
  it('reads back every event of complete appends, at byte offsets (Chinese text included)', () => {
    const { text, lines } = journal(1, 3, 2);
    const scanned = scanBodyJournal(bytes(text));
    expect(scanned.cutTo).toBeNull();
    expect(scanned.ends).toHaveLength(6);
    expect(scanned.ends.at(-1)).toBe(byteLength(text));
    expect(scanned.ends[0]).toBe(byteLength(lines[0]!));
    expect(bodyEventsOf(text, 1)).toEqual([1, 2, 3, 4, 5, 6].map(event));
  });

  it('cuts an append whose last lines never reached the disk (2 of 3 lines written)', () => {
    const { text, lines } = journal(1, 3);
    const torn = lines.slice(0, 3).join('');
    const scanned = scanBodyJournal(bytes(torn));
    expect(scanned.ends).toEqual([byteLength(lines[0]!)]);
    expect(scanned.cutTo).toBe(byteLength(lines[0]!));
    expect(byteLength(text)).toBeGreaterThan(byteLength(torn));
  });

  it('cuts a torn append with a half line, and one whose middle is zeros (pages written out of order)', () => {
    const { lines } = journal(2, 3);
    const complete = byteLength(lines[0]! + lines[1]!);
    const half = lines[0]! + lines[1]! + lines[2]! + lines[3]!.slice(0, 20);
    expect(scanBodyJournal(bytes(half))).toEqual({ ends: scanBodyJournal(bytes(lines[0]! + lines[1]!)).ends, cutTo: complete });
    const zeros = lines[0]! + lines[1]! + lines[2]! + '\0'.repeat(100) + lines[3]!.slice(40) + lines[4]!;
    expect(scanBodyJournal(bytes(zeros)).cutTo).toBe(complete);
  });

  it('refuses a damaged line that a later append follows: acknowledged data, never cut', () => {
    const { lines } = journal(1, 2, 1);
    const flipped = lines[1]!.replace('"fundFen":2', '"fundFen":9');
    const damaged = [lines[0], flipped, lines[2], lines[3]].join('');
    expect(() => scanBodyJournal(bytes(damaged))).toThrow(BodyJournalDamagedError);
    expect(() => scanBodyJournal(bytes(damaged))).toThrow(/line 2 \(checksum mismatch\)/);
    expect(() => bodyEventsOf(damaged, 1)).toThrow(/line 2/);
  });

  it('cuts a damaged line in the last append (its fsync had not returned)', () => {
    const { lines } = journal(1, 2);
    const flipped = lines[2]!.replace('"fundFen":3', '"fundFen":7');
    const scanned = scanBodyJournal(bytes(lines[0]! + lines[1]! + flipped));
    expect(scanned).toEqual({ ends: [byteLength(lines[0]!)], cutTo: byteLength(lines[0]!) });
  });

  it('refuses a line that does not belong where it is (a line of another append, a repeated line)', () => {
    const { lines } = journal(1, 1, 1);
    expect(() => scanBodyJournal(bytes(lines[0]! + lines[1]! + lines[1]! + lines[2]!))).toThrow(/line 3 \(a line out of its append\)/);
  });

  it('reads journals written before the framing (plain JSON lines) and goes on framed after them', () => {
    const old = [event(1), event(2)].map((e) => JSON.stringify(e) + '\n').join('');
    const text = old + bodyJournalLines(2, [event(3), event(4)]).join('');
    const scanned = scanBodyJournal(bytes(text));
    expect(scanned).toEqual({ ends: expect.any(Array), cutTo: null });
    expect(scanned.ends).toHaveLength(4);
    expect(bodyEventsOf(text, 1)).toEqual([1, 2, 3, 4].map(event));
    // An old journal's torn last line (no newline) is cut as before.
    expect(scanBodyJournal(bytes(old + '{"type":"FundSet","at":')).cutTo).toBe(byteLength(old));
  });
});
