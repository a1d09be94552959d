/**
 * Prints where a CPU profile's time went: the functions with the most self time, and the share
 * of garbage collection, idle time and the program. For a `.heapprofile` (bench/profiler.ts), the
 * bytes allocated in the phase by layer and by function (sampled; collected objects included).
 *
 *   npx tsx bench/profile-summary.ts FILE.cpuprofile [FILE.heapprofile ...] [--top=30] [--max-gap-us=1000]
 *
 * --max-gap-us leaves out the samples taken more than that long after the one before: on a
 * shared VM the main thread is often off the CPU, and the whole gap is then charged to whatever
 * function it was in (half of a burst's samples on 2026-12-05, docs/BENCHMARKS.md). The summary
 * says how much it left out.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The repository root as profiles name it (file:// URLs). */
const REPO_URL = new URL('..', import.meta.url).href;

function shortUrl(url: string): string {
  const at = url.indexOf('/node_modules/');
  if (at >= 0) return url.slice(at + '/node_modules/'.length);
  return url.startsWith(REPO_URL) ? url.slice(REPO_URL.length) : url.replace(/^file:\/\//, '');
}

function summarize(profile: Profile, top: number, maxGapUs: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let leftOutUs = 0;
  // Sample 0's delta is the time since the profiler was asked to start (spent starting it): not work.
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    if (i === 0) return;
    if (delta > maxGapUs) leftOutUs += delta;
    else selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'}  ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
  const idle = byFunction.get('(idle)  ') ?? 0;
  const lines = [`total ${(total / 1000).toFixed(0)} ms sampled, idle ${((100 * idle) / total).toFixed(1)} %, busy ${((total - idle) / 1000).toFixed(0)} ms`];
  if (Number.isFinite(maxGapUs)) lines.push(`left out: ${(leftOutUs / 1000).toFixed(0)} ms in samples more than ${maxGapUs} µs after the one before`);
  // Self time by package or folder: which layer the busy time is in.
  const byLayer = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { url, functionName } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const short = shortUrl(url);
    const layer = url === '' ? functionName : short.includes('/') ? short.split('/').slice(0, url.includes('/node_modules/') ? 1 : 2).join('/') : short;
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + us);
  }
  const busy = total - idle;
  lines.push('', 'busy time by layer:');
  for (const [layer, us] of [...byLayer].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    lines.push(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${layer}`);
  }
  lines.push('', 'self time by function (% of busy):');
  for (const [key, us] of rows) {
    if (key.startsWith('(idle)')) continue;
    lines.push(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(1).padStart(7)} ms  ${key}`);
  }
  return lines.join('\n');
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** Bytes allocated per function (self) and per layer, from a sampling heap profile's tree. */
function summarizeAllocations(root: HeapNode, top: number): string {
  const byFunction = new Map<string, number>();
  const byLayer = new Map<string, number>();
  const walk = (node: HeapNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      const short = shortUrl(url);
      const key = `${functionName || '(anonymous)'}  ${short}${url ? `:${lineNumber + 1}` : ''}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
      const layer = url === '' ? functionName : short.includes('/') ? short.split('/').slice(0, url.includes('/node_modules/') ? 1 : 2).join('/') : short;
      byLayer.set(layer, (byLayer.get(layer) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child);
  };
  walk(root);
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const lines = [`allocated ${mb(total)} MiB (sampled)`, '', 'by layer:'];
  for (const [layer, bytes] of [...byLayer].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    lines.push(`  ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${mb(bytes).padStart(6)} MiB  ${layer}`);
  }
  lines.push('', 'by function:');
  for (const [key, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${mb(bytes).padStart(6)} MiB  ${key}`);
  }
  return lines.join('\n');
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, 'max-gap-us': { type: 'string' } } });
const maxGapUs = values['max-gap-us'] === undefined ? Infinity : Number(values['max-gap-us']);
for (const file of positionals) {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const text = file.endsWith('.heapprofile')
    ? summarizeAllocations((parsed as { head: HeapNode }).head, Number(values.top))
    : summarize(parsed as Profile, Number(values.top), maxGapUs);
  process.stdout.write(`== ${file}\n${text}\n\n`);
}
