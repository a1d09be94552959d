import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { frameLine, frameLines, unframeLine } from '../../server/store/file/line-frame';

const RECORDS: unknown[] = [
  { s: 1, k: 'p', p: { ballotId: 'b-1', seatId: 's001', idempotencyKey: 'k-1', receiptId: 'r-1', at: 1_700_000_000_000, choiceKey: null } },
  { s: 1, k: 'x', b: 'b-1', x: 'AAECAwQFBgcICQoLDA0ODw==' },
  { s: 1, k: 'e', e: { type: 'MeetingCreated', title: '第十八届人民代表大会第三次会议', note: 'emoji 🗳 and "quotes" \\ backslash' } },
  { s: 1, k: 'c', n: 3 },
];

describe('frameLines: a batch of journal lines written straight into bytes', () => {
  it('writes {"c":<the first 16 hex digits of the payload SHA-256>,"r":<payload>} per line, Chinese and astral characters included', () => {
    const expected = RECORDS.map((value) => {
      const payload = JSON.stringify(value);
      return `{"c":"${createHash('sha256').update(payload, 'utf8').digest('hex').slice(0, 16)}","r":${payload}}\n`;
    }).join('');
    expect(frameLines(RECORDS).toString('utf8')).toBe(expected);
    expect(RECORDS.map(frameLine).join('')).toBe(expected);
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
