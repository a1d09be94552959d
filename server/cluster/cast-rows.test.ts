import { describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import { holdReaderToSchema } from '../../tests/support/reader-vs-schema';
import { pick } from '../../tests/support/seeded-random';
import { MAX_CASTS_PER_NOTICE, readCastRowsNotice } from './cast-rows';
import { NoticeSchema } from './notices';

const IDS: unknown[] = ['s0001', 'ballot-2f1c9a7e-0b1d-4e8a-9a51-0f3c2d1e4b5a', 'a'.repeat(200), 'a'.repeat(201), '', '座位', ...HOSTILE_IDS, 7, null, ['s1'], { id: 's1' }];
const NUMBERS: unknown[] = [0, 1, 2, 255, 256, -1, 0.5, 1733443200000, Number.MAX_SAFE_INTEGER, 2 ** 53, '1', null, true];
const CHOICES: unknown[] = [null, 'yes', 'no', '', 'x'.repeat(64 * 1024), 'x'.repeat(64 * 1024 + 1), 1, ['yes'], { option: 'yes' }];

/** A row near a well-formed one: each cell valid most of the time, anything else sometimes. */
function rowNear(random: () => number, ballots: number): unknown {
  const cell = (valid: unknown, others: unknown[]) => (random() < 0.93 ? valid : pick(random, others));
  const row: unknown[] = [
    cell(Math.floor(random() * ballots), NUMBERS),
    cell(`s${Math.floor(random() * 3000)}`, IDS),
    cell('cast-key-s0001-round-1', IDS),
    cell('4b0e1c6a-9f3d-4c2e-8a71-2d5f0e9b1c3a', IDS),
    cell(1733443200000, NUMBERS),
    cell(1 + Math.floor(random() * 3000), NUMBERS),
    cell(random() < 0.8 ? null : 'yes', CHOICES),
  ];
  const shape = random();
  if (shape < 0.02) return row.slice(0, 6);
  if (shape < 0.04) return [...row, null];
  if (shape < 0.05) return { ...row };
  return row;
}

/** A notice near a well-formed castRows notice, as JSON.parse gives it. */
function noticeNear(random: () => number): unknown {
  const ballotCount = random() < 0.9 ? 1 : pick(random, [0, 2, 3]);
  const notice: Record<string, unknown> = { t: random() < 0.97 ? 'castRows' : pick(random, ['casts', 'cast', 'moved', '']) };
  if (random() < 0.98) notice['from'] = random() < 0.95 ? 'node-7c1f' : pick(random, IDS);
  if (random() < 0.98) notice['meetingId'] = random() < 0.95 ? 'm-2026-1' : pick(random, IDS);
  if (random() < 0.98) {
    notice['ballots'] = random() < 0.95 ? Array.from({ length: ballotCount }, (_, i) => `ballot-${i}`) : pick(random, [[], 'ballot-1', [pick(random, IDS)], Array.from({ length: 257 }, () => 'b')]);
  }
  if (random() < 0.98) {
    const length = random() < 0.9 ? 1 + Math.floor(random() * 8) : pick(random, [0, MAX_CASTS_PER_NOTICE, MAX_CASTS_PER_NOTICE + 1]);
    // Most notices wholly well formed: a bad cell in any of many rows spoils it.
    const clean = random() < 0.5;
    notice['rows'] = Array.from({ length }, () => (clean ? rowNear(() => 0.5, ballotCount) : rowNear(random, Math.max(ballotCount, 1))));
  }
  const extra = random();
  if (extra < 0.03) notice['extra'] = 1;
  let text = JSON.stringify(notice);
  if (extra > 0.98) text = text.replace(/^\{/, '{"__proto__":{"polluted":true},');
  const parsed = JSON.parse(text) as unknown;
  const shape = random();
  if (shape < 0.02) return [parsed];
  if (shape < 0.03) return Object.assign(Object.create(null), parsed);
  if (shape < 0.04) return null;
  return parsed;
}

describe('readCastRowsNotice (server/cluster/cast-rows.ts)', () => {
  it('never accepts what the notice schema refuses, and gives what the schema gives (20,000 generated notices)', () => {
    // Where the reader refuses, the notice goes to the schema, whose verdict stands (another kind
    // of notice, or an object JSON.parse never makes).
    const { taken, refusedBoth } = holdReaderToSchema({
      seed: 20261206,
      cases: 20_000,
      generate: noticeNear,
      read: readCastRowsNotice,
      safeParse: (notice) => NoticeSchema.safeParse(notice),
    });
    // The generator reaches both sides.
    expect(taken).toBeGreaterThan(4_000);
    expect(refusedBoth).toBeGreaterThan(4_000);
  });

  it('refuses a row that names a ballot the notice does not list', () => {
    const notice = { t: 'castRows', from: 'n', meetingId: 'm', ballots: ['b1'], rows: [[1, 's01', 'key-1', 'r-1', 1, 1, null]] };
    expect(readCastRowsNotice(notice)).toBeNull();
    expect(NoticeSchema.safeParse(notice).success).toBe(false);
  });
});
