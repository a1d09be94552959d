import { describe, expect, it } from 'vitest';
import { CopyEpochs } from './copy-epochs';

describe('CopyEpochs: a name per copy of a meeting, as read whole', () => {
  it('renews the epoch at every read, and keeps it until the next', () => {
    const epochs = new CopyEpochs();
    expect(epochs.of('m1')).toBeUndefined();
    const first = epochs.renew('m1');
    expect(epochs.of('m1')).toBe(first);
    const reread = epochs.renew('m1');
    expect(reread).not.toBe(first);
    expect(epochs.of('m1')).toBe(reread);
    // Short: it rides in every view.
    expect(reread.length).toBeLessThanOrEqual(32);
  });

  it('never names two nodes’ copies alike, even two replicas in one process', () => {
    const nodeA = new CopyEpochs();
    const nodeB = new CopyEpochs();
    expect(nodeA.renew('m1')).not.toBe(nodeB.renew('m1'));
  });
});
