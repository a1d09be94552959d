import type { BallotResult } from '../ballots/kinds';
import type { BodyKind } from '../quorum';
import { resultAnnouncement } from './announce';

/** "现在宣布{title}的表决结果：…" — the result paragraph of the chair's script. */
export function announce(title: string, result: BallotResult, bodyKind: BodyKind): string {
  return `现在宣布${title}的${result.kind === 'election' ? '选举' : '表决'}结果：${resultAnnouncement(result, bodyKind)}`;
}
