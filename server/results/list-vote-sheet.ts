/** R3.10 list votes: one 赞成/反对/弃权 on a whole list, carried by 赞成 > half of all seats. */
import type { ListVoteResult } from '../../shared/domain/ballots/list-vote';
import type { BodyKind } from '../../shared/domain/quorum';
import { failedWord, listVoteOutcome, passedWord, people, resultAnnouncement } from '../../shared/domain/wording/index';
import { motionRule, motionSection } from './motion-sheet';
import type { KindSection } from './sheet-model';

export { listVoteOutcome };

export function listVoteSection(result: ListVoteResult, bodyKind: BodyKind): KindSection {
  const m = result.motion;
  const passed = m.outcome === 'passed';
  return {
    heading: '名单表决结果',
    figures: [{ label: '名单人数', value: people(result.members.length) }, ...motionSection(m, bodyKind).figures],
    tables: [
      {
        caption: '名单（对整个名单一次表决）',
        columns: ['序号', '姓名', '结果'],
        numericFrom: -1,
        rows: result.members.map((name, index) => ({
          // R3.10: the list is carried (通过) as a whole; nobody is 当选 by a list vote.
          cells: [String(index + 1), name, passed ? passedWord(bodyKind) : failedWord()],
          mark: passed ? 'passed' : null,
        })),
      },
    ],
    outcome: listVoteOutcome(result, bodyKind),
    rule: ['对整个名单进行一次表决。', ...motionRule(m, bodyKind)],
    notes: [],
    announcement: resultAnnouncement(result, bodyKind),
  };
}
