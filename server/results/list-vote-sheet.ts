/** R3.10 list votes: one 赞成/反对/弃权 on a whole list, carried by 赞成 > half of all seats. */
import type { ListVoteResult } from '../../shared/domain/ballots/list-vote';
import type { BodyKind } from '../../shared/domain/quorum';
import { motionCounts, motionRule } from './motion-sheet';
import type { KindSection } from './sheet-model';

export function listVoteOutcome(result: ListVoteResult): string {
  return result.motion.outcome === 'passed'
    ? `通过，名单所列${result.members.length}人当选`
    : '未通过，名单所列人员均未当选';
}

export function listVoteSection(result: ListVoteResult, bodyKind: BodyKind): KindSection {
  const m = result.motion;
  const outcome = listVoteOutcome(result);
  const elected = new Set(result.elected);
  return {
    heading: '名单表决结果',
    figures: [
      { label: '名单人数', value: `${result.members.length}人` },
      { label: '应到', value: `${m.total}人` },
      { label: '实到', value: `${m.present}人` },
      { label: '参加表决', value: `${m.voted}人` },
      { label: '赞成', value: `${m.yes}票` },
      { label: '反对', value: `${m.no}票` },
      { label: '弃权', value: `${m.abstain}票` },
      { label: '未表决', value: `${m.notVoted}人` },
    ],
    tables: [
      {
        caption: '名单（对整个名单一次表决）',
        columns: ['序号', '姓名', '结果'],
        numericFrom: -1,
        rows: result.members.map((name, index) => ({
          cells: [String(index + 1), name, elected.has(name) ? '当选' : '未当选'],
          mark: elected.has(name) ? 'elected' : null,
        })),
      },
    ],
    outcome,
    rule: ['对整个名单进行一次表决。', ...motionRule(m, bodyKind)],
    notes: [],
    announcement:
      `应到${m.total}人，实到${m.present}人，参加表决${m.voted}人。对名单所列${result.members.length}人，` +
      `${motionCounts(m)}。${outcome}。`,
  };
}
