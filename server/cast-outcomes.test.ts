import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CastOutcomes } from './cast-outcomes';

const BOUNDS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const NAMES = ['biaojue_casts_total', 'Casts answered', 'biaojue_cast_ack_seconds', 'From a cast to its ack'] as const;

/** The same observations through prom-client's own Counter and Histogram, for comparison. */
function promClientPair(registry: Registry) {
  const count = new Counter({ name: NAMES[0], help: NAMES[1], labelNames: ['outcome'], registers: [registry] });
  const latency = new Histogram({ name: NAMES[2], help: NAMES[3], labelNames: ['outcome'], buckets: BOUNDS, registers: [registry] });
  return (outcome: string, seconds: number) => {
    count.inc({ outcome });
    latency.observe({ outcome }, seconds);
  };
}

describe('CastOutcomes (server/cast-outcomes.ts)', () => {
  it("prints what prom-client's Counter and Histogram print for the same casts, text and JSON", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    for (const registry of [ours, theirs]) registry.setDefaultLabels({ node: 'host:1' });
    const outcomes = new CastOutcomes(...NAMES, BOUNDS);
    outcomes.registerIn(ours);
    const observe = promClientPair(theirs);
    // Every bucket, its edges, above the last bound, and several outcomes in a fixed order of arrival.
    const latencies = [0, 0.001, 0.002, 0.0021, 0.005, 0.04, 0.1, 0.3, 1, 2.5, 4.99, 5, 5.01, 12];
    const kinds = ['recorded', 'duplicate', 'ALREADY_VOTED', 'recorded', 'BALLOT_NOT_OPEN'];
    for (let i = 0; i < 500; i++) {
      const outcome = kinds[i % kinds.length]!;
      // Each latency exactly, then just above: a bound itself belongs to its own bucket (le).
      const seconds = latencies[i % latencies.length]! + (Math.floor(i / latencies.length) % 2) * 1e-4;
      outcomes.observe(outcome, seconds);
      observe(outcome, seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('starts empty, and a reset of the registry empties it again', async () => {
    const registry = new Registry();
    const outcomes = new CastOutcomes(...NAMES, BOUNDS);
    outcomes.registerIn(registry);
    expect(await registry.metrics()).not.toMatch(/outcome=/);
    outcomes.observe('recorded', 0.003);
    expect(await registry.metrics()).toMatch(/biaojue_casts_total\{outcome="recorded"\} 1/);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toMatch(/outcome=/);
  });
});
