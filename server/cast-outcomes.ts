import type { Registry } from 'prom-client';

/** One outcome's figures: how many casts, and their ack latencies by bucket. */
interface OutcomeSeries {
  /** Casts whose latency fell at or below `bounds[i]` and above the bound before it; the last slot is above every bound. */
  readonly inBucket: Float64Array;
  sum: number;
  count: number;
}

/** One exported line: a sample's value with its labels (and, for a histogram, the suffixed name). */
interface ExportedValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  sharedLabels?: Record<string, string>;
  /** prom-client's histogram buckets carry one (null: none); its exposition prints it only in OpenMetrics. */
  exemplar?: null;
}

/** What a metric's get() gives the registry (as prom-client's own metrics do). */
interface ExportedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: ExportedValue[];
}

/** What prom-client's registry asks of a metric (registry.js: name, help, type, aggregator, get, reset; getForPromString if any). */
interface RegistryMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  get(): Promise<ExportedMetric>;
  getForPromString?(): Promise<ExportedMetric>;
  reset(): void;
}

/** A histogram line as prom-client makes it for the text format: its own labels, then the series' labels. */
type HistogramLine = ExportedValue & { sharedLabels: Record<string, string> };

/**
 * Casts answered, by outcome: a counter (`biaojue_casts_total`) and an ack-latency histogram
 * (`biaojue_cast_ack_seconds`), kept in plain numbers and handed to prom-client's registry at
 * scrape time, which prints them as its own Counter and Histogram would (cast-outcomes.test.ts
 * compares the two texts). A vote costs a bucket search and three additions: prom-client's
 * labelled children build a key string from their labels and allocate on every observe (about
 * 0.4 µs a vote in a loop on the 2-core machine, against 0.02 µs here; docs/BENCHMARKS.md,
 * "Metrics in the benchmark, as in production").
 */
export class CastOutcomes {
  private readonly series = new Map<string, OutcomeSeries>();

  constructor(
    private readonly counterName: string,
    private readonly counterHelp: string,
    private readonly histogramName: string,
    private readonly histogramHelp: string,
    /** Upper bounds of the histogram's buckets, ascending. */
    private readonly bounds: readonly number[],
  ) {}

  observe(outcome: string, seconds: number): void {
    let series = this.series.get(outcome);
    if (!series) {
      // Outcomes are 'recorded', 'duplicate' and the protocol's error codes: a small, fixed set.
      series = { inBucket: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.series.set(outcome, series);
    }
    let bucket = 0;
    while (bucket < this.bounds.length && seconds > this.bounds[bucket]!) bucket++;
    series.inBucket[bucket]!++;
    series.sum += seconds;
    series.count++;
  }

  /** Adds both metrics to `registry` (prom-client's own counter and histogram types on the wire). */
  registerIn(registry: Registry): void {
    const reset = () => this.series.clear();
    const counter: RegistryMetric = {
      name: this.counterName,
      help: this.counterHelp,
      type: 'counter',
      aggregator: 'sum',
      reset,
      get: () => Promise.resolve(this.counterValues()),
    };
    const histogram: RegistryMetric = {
      name: this.histogramName,
      help: this.histogramHelp,
      type: 'histogram',
      aggregator: 'sum',
      reset,
      // As prom-client's Histogram: the text lists `le` before the series' labels; JSON has them in one object.
      getForPromString: () => Promise.resolve(this.histogramValues((line) => line)),
      get: () => Promise.resolve(this.histogramValues(({ sharedLabels, ...line }) => ({ ...line, labels: { ...line.labels, ...sharedLabels } }))),
    };
    // The registry takes any object with these members (it reads them, never checks the class).
    registry.registerMetric(counter as unknown as Parameters<Registry['registerMetric']>[0]);
    registry.registerMetric(histogram as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  private counterValues(): ExportedMetric {
    const values = [...this.series].map(([outcome, series]) => ({ labels: { outcome }, value: series.count }));
    return { name: this.counterName, help: this.counterHelp, type: 'counter', aggregator: 'sum', values };
  }

  /** As prom-client's Histogram exports one: cumulative buckets with `le`, then +Inf, _sum and _count, per outcome. */
  private histogramValues(shape: (line: HistogramLine) => ExportedValue): ExportedMetric {
    const values: ExportedValue[] = [];
    const line = (suffix: 'bucket' | 'sum' | 'count', labels: Record<string, string | number>, outcome: string, value: number) =>
      values.push(shape({ metricName: `${this.histogramName}_${suffix}`, labels, sharedLabels: { outcome }, value, ...(suffix === 'bucket' ? { exemplar: null } : {}) }));
    for (const [outcome, series] of this.series) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.inBucket[i]!;
        line('bucket', { le: bound }, outcome, cumulative);
      });
      line('bucket', { le: '+Inf' }, outcome, series.count);
      line('sum', {}, outcome, series.sum);
      line('count', {}, outcome, series.count);
    }
    return { name: this.histogramName, help: this.histogramHelp, type: 'histogram', aggregator: 'sum', values };
  }
}
