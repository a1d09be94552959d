import { describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../domain/test-fixtures';
import { readMotionCast } from './fast-payloads';
import { ClientEvents } from './socket';
import { holdReaderToSchema } from '../../tests/support/reader-vs-schema';
import { pick } from '../../tests/support/seeded-random';

const castSchema = ClientEvents['ballot:cast'];

const IDS: unknown[] = ['ballot-2f1c9a7e-0b1d-4e8a-9a51-0f3c2d1e4b5a', 'b1', 'a'.repeat(64), 'a'.repeat(65), '', 'a b', 'a:b', '座位', ...HOSTILE_IDS, 7, null, ['b1'], { id: 'b1' }];
const KEYS: unknown[] = ['k'.repeat(7), 'k'.repeat(8), 'cast-key-s0001-round-1', 'k'.repeat(64), 'k'.repeat(65), '键'.repeat(8), '', 12345678, null, ['cast-key-1']];
const OPTIONS: unknown[] = ['yes', 'no', 'abstain', 'YES', 'maybe', '', null, 1, ['yes'], { option: 'yes' }, 'constructor', '__proto__'];
/** Other kinds' papers and broken ones: none of these may take the fast road. */
const OTHER_CHOICES: unknown[] = [
  { combined: 'yes' },
  { combined: null },
  { chosen: ['c1'] },
  { marks: { p1: 'yes' } },
  { marks: { p1: 'satisfied' } },
  {},
  null,
  'yes',
  ['yes'],
  { option: 'yes', extra: 1 },
  { option: 'yes', combined: 'yes' },
  JSON.parse('{"__proto__": {"option": "yes"}}'),
  JSON.parse('{"option": "yes", "__proto__": null}'),
  Object.assign(Object.create(null), { option: 'yes' }),
];

/** A payload near the motion cast: each part valid most of the time, anything else sometimes. */
function payloadNearMotionCast(random: () => number): unknown {
  const payload: Record<string, unknown> = {};
  if (random() < 0.95) payload['ballotId'] = random() < 0.6 ? IDS[0] : pick(random, IDS);
  if (random() < 0.95) payload['idempotencyKey'] = random() < 0.6 ? KEYS[2] : pick(random, KEYS);
  if (random() < 0.95) {
    payload['choice'] = random() < 0.3 ? pick(random, OTHER_CHOICES) : { option: random() < 0.6 ? pick(random, ['yes', 'no', 'abstain']) : pick(random, OPTIONS) };
  }
  const extra = random();
  if (extra < 0.05) payload['extra'] = 1;
  else if (extra < 0.08) payload['constructor'] = 'x';
  // As the network delivers it: parsed from JSON (a "__proto__" key is then an own key).
  let text = JSON.stringify(payload);
  if (extra > 0.97) text = text.replace(/^\{/, '{"__proto__":{"polluted":true},');
  const parsed = JSON.parse(text) as unknown;
  const shape = random();
  if (shape < 0.02) return [parsed];
  if (shape < 0.04) return Object.assign(Object.create(null), parsed);
  if (shape < 0.05) return null;
  return parsed;
}

describe('readMotionCast (shared/protocol/fast-payloads.ts)', () => {
  it('reads a motion vote as the schema does, in fresh objects', () => {
    const payload = JSON.parse('{"ballotId":"ballot-1","idempotencyKey":"cast-key-s0001","choice":{"option":"abstain"}}') as { choice: object };
    const read = readMotionCast(payload);
    expect(read).toEqual(castSchema.parse(payload));
    expect(read).not.toBe(payload);
    expect(read?.choice).not.toBe(payload.choice);
  });

  it('never accepts what the schema refuses, and gives what the schema gives (20,000 generated payloads)', () => {
    const { taken, refusedBoth } = holdReaderToSchema({
      seed: 20261205,
      cases: 20_000,
      generate: payloadNearMotionCast,
      read: readMotionCast,
      safeParse: (payload) => castSchema.safeParse(payload),
    });
    // The generator reaches both sides: many motion votes take the fast road, many payloads are refused.
    expect(taken).toBeGreaterThan(4_000);
    expect(refusedBoth).toBeGreaterThan(3_000);
  });

  it('leaves every other paper and every malformed payload to the schema', () => {
    for (const choice of OTHER_CHOICES) {
      expect(readMotionCast({ ballotId: 'b1', idempotencyKey: 'cast-key-1', choice }), JSON.stringify(choice)).toBeNull();
    }
    for (const ballotId of ['__proto__', '', 'a'.repeat(65), 'a:b', 1]) {
      expect(readMotionCast({ ballotId, idempotencyKey: 'cast-key-1', choice: { option: 'yes' } })).toBeNull();
    }
    for (const idempotencyKey of ['k'.repeat(7), 'k'.repeat(65), 12345678]) {
      expect(readMotionCast({ ballotId: 'b1', idempotencyKey, choice: { option: 'yes' } })).toBeNull();
    }
    class Cast {
      ballotId = 'b1';
      idempotencyKey = 'cast-key-1';
      choice = { option: 'yes' };
    }
    expect(readMotionCast(new Cast())).toBeNull();
    expect(readMotionCast(JSON.parse('{"ballotId":"b1","idempotencyKey":"cast-key-1","choice":{"option":"yes"},"__proto__":{}}'))).toBeNull();
  });
});
