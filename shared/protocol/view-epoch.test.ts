import { describe, expect, it } from 'vitest';
import { judgeView } from './view-epoch';

describe('judgeView: versions order the views of one epoch only', () => {
  it('takes the first view, whatever it is', () => {
    expect(judgeView(null, { version: 0, epoch: 'a.1' })).toBe('take');
    expect(judgeView(null, { version: 3 })).toBe('take');
  });

  it('within one epoch drops a lower version and takes an equal or higher one', () => {
    const held = { version: 10, epoch: 'a.1' };
    expect(judgeView(held, { version: 9, epoch: 'a.1' })).toBe('drop');
    // Votes do not bump versions: an equal one may carry fresher turnout.
    expect(judgeView(held, { version: 10, epoch: 'a.1' })).toBe('take');
    expect(judgeView(held, { version: 11, epoch: 'a.1' })).toBe('take');
  });

  it('takes a view of another epoch whatever its version, and says to start over', () => {
    const held = { version: 10, epoch: 'a.1' };
    // The copy read again after a failover lost version 10, or another node's copy.
    expect(judgeView(held, { version: 9, epoch: 'a.2' })).toBe('restart');
    expect(judgeView(held, { version: 10, epoch: 'b.1' })).toBe('restart');
    expect(judgeView(held, { version: 12, epoch: 'b.1' })).toBe('restart');
  });

  it('compares by version alone when either view has no epoch (a server before epochs)', () => {
    expect(judgeView({ version: 10 }, { version: 9, epoch: 'a.1' })).toBe('drop');
    expect(judgeView({ version: 10, epoch: 'a.1' }, { version: 9 })).toBe('drop');
    expect(judgeView({ version: 10 }, { version: 10 })).toBe('take');
  });
});
