import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Whether a string is a cons tree is V8's business, seen only through its natives: the check runs
 * in a node of its own with --allow-natives-syntax, flattened() loaded through tsx, first as the
 * interpreter runs it, then optimised (an optimised caller may drop work whose result is unused).
 */
const CHECK = `
const { flattened } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'flattened.ts'))});
const natives = (body) => new Function('a', 'b', body);
const sameMap = natives('return %HaveSameMap(a, b)');
natives('%NeverOptimizeFunction(a)')(consOf);
function consOf(i, head) { return head + ':' + ('meeting-' + (i * 31)) + ':seat:' + ('s' + i); }
const sequential = { oneByte: Buffer.from('abcdefghijklmnopqrstuvwxyz', 'latin1').toString('latin1'), twoByte: Buffer.from('中文abcdefghijklmnopqrstuvwxyz', 'utf8').toString('utf8') };
const report = [];
function keepOne(i) { return flattened(consOf(i, 'm')); }
function keepTwo(i) { return flattened(consOf(i, '\\ud800代表')); }
for (const stage of ['interpreted', 'optimised']) {
  if (stage === 'optimised') {
    for (const f of [keepOne, keepTwo]) natives('%PrepareFunctionForOptimization(a); a(1); a(2); %OptimizeFunctionOnNextCall(a); a(3);')(f);
  }
  const one = keepOne(7), two = keepTwo(8);
  report.push({
    stage,
    inputIsCons: !sameMap(consOf(5, 'm'), sequential.oneByte),
    oneByteSequential: sameMap(one, sequential.oneByte),
    twoByteSequential: sameMap(two, sequential.twoByte),
    same: one === consOf(7, 'm') && two === consOf(8, '\\ud800代表'),
  });
}
console.log(JSON.stringify(report));
`;

describe('flattened', () => {
  it('gives a sequential string of the same characters, in optimised code too', () => {
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', CHECK], { encoding: 'utf8' });
    const report = JSON.parse(out.trim().split('\n').at(-1)!) as Array<Record<string, unknown>>;
    expect(report).toEqual(
      ['interpreted', 'optimised'].map((stage) => ({ stage, inputIsCons: true, oneByteSequential: true, twoByteSequential: true, same: true })),
    );
  });
});
