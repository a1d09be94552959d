/** R2.7 batch ballots: one row per item, each decided on its own by the motion rule. */
import type { BatchResult } from '../../shared/domain/ballots/batch';
import { chineseOrdinal } from '../../shared/domain/ballots/slate-decision';
import type { BodyKind } from '../../shared/domain/quorum';
import { motionCounts, motionOutcome, motionRule } from './motion-sheet';
import type { KindSection } from './sheet-model';
import { passedWord } from './wording';

export function batchSection(result: BatchResult, bodyKind: BodyKind): KindSection {
  const passed = result.items.filter((i) => i.motion.outcome === 'passed').length;
  const failed = result.items.length - passed;
  const first = result.items[0]?.motion;
  const notes = result.combined ? ['合并表决：每张表决票的一个选择适用于全部事项（经出席会议的人员同意）。'] : [];
  const outcome = `共${result.items.length}项，${passedWord(bodyKind)}${passed}项，未通过${failed}项`;
  return {
    figures: [
      { label: '应到', value: `${result.total}人` },
      { label: '实到', value: `${result.present}人` },
      { label: '参加表决（收回）', value: `${result.returned}张` },
      { label: '有效票', value: `${result.valid}张` },
      { label: '无效票', value: `${result.void}张` },
    ],
    tables: [
      {
        caption: '逐项表决结果',
        columns: ['序号', '表决事项', '赞成', '反对', '弃权', '未表决', '结果'],
        numericFrom: 2,
        rows: result.items.map((item, index) => ({
          cells: [
            String(index + 1),
            item.title,
            String(item.motion.yes),
            String(item.motion.no),
            String(item.motion.abstain),
            String(item.motion.notVoted),
            motionOutcome(item.motion, bodyKind),
          ],
          mark: item.motion.outcome === 'passed' ? 'passed' : 'failed',
        })),
      },
    ],
    outcome,
    rule: first ? ['每项单独计票，均按以下规则确定结果：', ...motionRule(first, bodyKind)] : [],
    notes,
    announcement: [
      `应到${result.total}人，实到${result.present}人，参加表决${result.returned}人。`,
      ...result.items.map(
        (item, index) =>
          `第${chineseOrdinal(index + 1)}项，${item.title}：${motionCounts(item.motion)}，${motionOutcome(item.motion, bodyKind)}。`,
      ),
    ].join(''),
  };
}
