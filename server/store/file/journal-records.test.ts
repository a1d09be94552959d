import { describe, expect, it } from 'vitest';
import type { RegisterEntry } from '../../../shared/domain/meeting';
import { asJournalRecord, registerBallotIdsOf, registerEntriesOf, registerRecords, type JournalRecord } from './journal-records';

const entry = (seat: number, at: number, choiceKey: string | null = null): RegisterEntry => ({
  ballotId: 'b-1',
  seatId: `s${seat}`,
  idempotencyKey: `key "${seat}" ]}`,
  receiptId: `r-${seat}`,
  at,
  choiceKey,
});

/** A record as it comes back from its journal line. */
const readBack = (record: unknown) => asJournalRecord(JSON.parse(JSON.stringify(record)));

describe('register records', () => {
  it('writes a batch as rows whose times count from the first entry, and reads the same entries back', () => {
    const entries = [entry(1, 1_765_000_000_123), entry(2, 1_765_000_000_130, 'yes'), entry(3, 1_765_000_000_101)];
    const [record] = registerRecords(7, entries);
    expect(record).toEqual({
      s: 7,
      k: 'pr',
      at: 1_765_000_000_123,
      p: [
        ['b-1', 's1', 'key "1" ]}', 'r-1', 0, null],
        ['b-1', 's2', 'key "2" ]}', 'r-2', 7, 'yes'],
        ['b-1', 's3', 'key "3" ]}', 'r-3', -22, null],
      ],
    });
    const back = readBack(record);
    expect(back).not.toBeNull();
    expect(registerEntriesOf(back!)).toEqual(entries);
  });

  it('writes no record for a batch without entries', () => {
    expect(registerRecords(3, [])).toEqual([]);
  });

  it('keeps field names (`ps`) for a batch whose times are not whole ms, so each comes back exactly', () => {
    const entries = [entry(1, 0.3), entry(2, 0.1)];
    const [record] = registerRecords(2, entries);
    expect(record).toEqual({ s: 2, k: 'ps', p: entries });
    expect(registerEntriesOf(readBack(record)!)).toEqual(entries);
  });

  it('refuses a row that is not six fields of the right kinds, or a record without a whole-ms time', () => {
    const good = ['b-1', 's1', 'k', 'r', 0, null];
    expect(readBack({ s: 1, k: 'pr', at: 5, p: [good] })).not.toBeNull();
    for (const row of [good.slice(0, 5), [...good, 'extra'], ['b-1', 's1', 'k', 'r', 0.5, null], ['b-1', 's1', 'k', 'r', 0, 3], [1, 's1', 'k', 'r', 0, null], { ballotId: 'b-1' }]) {
      expect(readBack({ s: 1, k: 'pr', at: 5, p: [row] })).toBeNull();
    }
    expect(readBack({ s: 1, k: 'pr', at: 5.5, p: [good] })).toBeNull();
    expect(readBack({ s: 1, k: 'pr', at: 5, p: [] })).toBeNull();
  });

  it('names the ballot of every entry a record holds, as its entries do, for each kind of record', () => {
    const other = (seat: number, at: number): RegisterEntry => ({ ...entry(seat, at), ballotId: 'b-2' });
    const records: JournalRecord[] = [
      ...registerRecords(1, [entry(1, 10), other(2, 11), entry(3, 12)]),
      ...registerRecords(2, [other(1, 0.5), entry(2, 0.25)]),
      { s: 3, k: 'p', p: other(4, 20) },
      { s: 4, k: 'c', n: 0 },
    ];
    expect(records.map((r) => r.k)).toEqual(['pr', 'ps', 'p', 'c']);
    for (const record of records) {
      expect([...registerBallotIdsOf(record)]).toEqual(registerEntriesOf(record).map((p) => p.ballotId));
    }
  });
});
