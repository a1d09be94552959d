import { describe, expect, it } from 'vitest';
import { frameLine, frameLines, unframeLine } from '../../server/store/file/line-frame';

const RECORDS: unknown[] = [
  { s: 1, k: 'p', p: { ballotId: 'b-1', seatId: 's001', idempotencyKey: 'k-1', receiptId: 'r-1', at: 1_700_000_000_000, choiceKey: null } },
  { s: 1, k: 'x', b: 'b-1', x: 'AAECAwQFBgcICQoLDA0ODw==' },
  { s: 1, k: 'e', e: { type: 'MeetingCreated', title: '第十八届人民代表大会第三次会议', note: 'emoji 🗳 and "quotes" \\ backslash' } },
  { s: 1, k: 'c', n: 3 },
];

describe('frameLines: a batch of journal lines written straight into bytes', () => {
  it('gives the same bytes as framing each line and joining them, Chinese and astral characters included', () => {
    expect(frameLines(RECORDS).equals(Buffer.from(RECORDS.map(frameLine).join(''), 'utf8'))).toBe(true);
  });

  it('writes lines the reader takes back whole, each with its checksum', () => {
    const lines = frameLines(RECORDS).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map(unframeLine)).toEqual(RECORDS.map((value) => ({ ok: true, value })));
  });

  it('writes nothing for no records', () => {
    expect(frameLines([]).length).toBe(0);
  });
});
