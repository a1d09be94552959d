import { describe, expect, it } from 'vitest';
import { BallotKeyring, SealError, sealedLength } from './ballot-keys';

const keyring = BallotKeyring.random();
const { key } = keyring.newBallotKey('m-1', 'b-1', 16);

describe('BallotKey: runs of papers sealed as one', () => {
  it('opens a run back into its papers, in the order sealed, Chinese and empty keys included', () => {
    const papers = ['yes', 'no', '', '赞成', 'abstain', 'yes'];
    const sealed = key.sealPapers(papers);
    expect(key.openPapers(sealed, papers.length)).toEqual(papers);
  });

  it('gives every run of n papers one length, whatever they say', () => {
    const a = key.sealPapers(['yes', 'yes', 'yes']);
    const b = key.sealPapers(['abstain', 'no', '赞成']);
    expect(a).toHaveLength(sealedLength(16, 3));
    expect(b).toHaveLength(sealedLength(16, 3));
    // 12-byte nonce + 3 × 16 bytes + 16-byte tag = 76 bytes → 104 base64 characters.
    expect(sealedLength(16, 3)).toBe(104);
    expect(key.seal('yes')).toHaveLength(sealedLength(16));
  });

  it('seals the same papers differently each time (a fresh nonce per run)', () => {
    expect(key.sealPapers(['yes', 'no'])).not.toBe(key.sealPapers(['yes', 'no']));
  });

  it('refuses a run opened with the wrong count, another ballot\'s key, a single paper as a run, or a run as a paper', () => {
    const sealed = key.sealPapers(['yes', 'no']);
    expect(() => key.openPapers(sealed, 3)).toThrow(SealError);
    expect(() => key.openPapers(sealed, 1)).toThrow(SealError);
    const other = keyring.newBallotKey('m-1', 'b-2', 16).key;
    expect(() => other.openPapers(sealed, 2)).toThrow(SealError);
    expect(() => key.openPapers(key.seal('yes'), 1)).toThrow(SealError);
    expect(() => key.open(key.sealPapers(['yes']))).toThrow(SealError);
  });

  it('refuses a paper too long for the ballot\'s size, sealing nothing', () => {
    expect(() => key.sealPapers(['yes', 'x'.repeat(13)])).toThrow(SealError);
    expect(key.openPapers(key.sealPapers(['x'.repeat(12)]), 1)).toEqual(['x'.repeat(12)]);
  });

  it('refuses an altered run', () => {
    const sealed = Buffer.from(key.sealPapers(['yes', 'no']), 'base64');
    sealed[20] = (sealed[20] ?? 0) ^ 1;
    expect(() => key.openPapers(sealed.toString('base64'), 2)).toThrow(SealError);
  });
});
