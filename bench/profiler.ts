/**
 * CPU profiles of a benchmark server, one per phase (`--profile=DIR` of bench/run.ts): the
 * runner asks the child to start the V8 profiler before a phase (sign-in, a burst, close →
 * wall) and to stop it after, and the child writes `<DIR>/<target>-<pid>-<phase>.cpuprofile`
 * (open it in Chrome DevTools, or summarise it with `tsx bench/profile-summary.ts FILE`).
 * Phases apart, because sign-in takes seconds and the burst half of one: a whole-run profile
 * would show mostly sign-in.
 *
 * With `--heap-profile` too, beside each CPU profile `<name>.heapprofile`: V8's sampling heap
 * profiler over the same phase (it slows the server down a lot: read the CPU shares of such a run
 * with care), counting objects the GC has since collected too, so it tells which code made the garbage the
 * CPU profile shows as "(garbage collector)" (`tsx bench/profile-summary.ts FILE.heapprofile`).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import path from 'node:path';

export class PhaseProfiler {
  private session: Session | null = null;

  private post<T>(method: string, params?: object): Promise<T> {
    const session = (this.session ??= (() => {
      const s = new Session();
      s.connect();
      return s;
    })());
    return new Promise((resolve, reject) =>
      session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
    );
  }

  private allocations = false;

  async start(allocations: boolean): Promise<void> {
    this.allocations = allocations;
    await this.post('Profiler.enable');
    // 200 µs: fine enough for a 500 ms burst, coarse enough not to slow it much.
    await this.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.post('Profiler.start');
    if (!allocations) return;
    await this.post('HeapProfiler.enable');
    await this.post('HeapProfiler.startSampling', {
      samplingInterval: 8192,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }

  /** Stops and writes the profile; returns its path. */
  async stop(dir: string, name: string): Promise<string> {
    const { profile } = await this.post<{ profile: unknown }>('Profiler.stop');
    const file = path.join(dir, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    if (this.allocations) {
      const allocations = await this.post<{ profile: unknown }>('HeapProfiler.stopSampling');
      await writeFile(path.join(dir, `${name}.heapprofile`), JSON.stringify(allocations.profile));
    }
    return file;
  }
}
