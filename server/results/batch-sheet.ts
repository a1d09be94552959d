/** R2.7 batch ballots: one row per item, each decided on its own by the motion rule. */
import type { BatchResult } from '../../shared/domain/ballots/batch';
import type { BodyKind } from '../../shared/domain/quorum';
import { failedWord, passedWord, people, papers, resultAnnouncement, resultFigures, unmarkedNote } from '../../shared/domain/wording/index';
import { motionOutcome, motionRule } from './motion-sheet';
import type { KindSection } from './sheet-model';

export function batchSection(result: BatchResult, bodyKind: BodyKind): KindSection {
  const passed = result.items.filter((i) => i.motion.outcome === 'passed').length;
  const failed = result.items.length - passed;
  const first = result.items[0]?.motion;
  const notes = result.combined ? ['合并表决：每张表决票的一个选择适用于全部事项（经出席会议的人员同意）。'] : [];
  const notVoted = resultFigures(result).find((f) => f.key === 'notVoted')?.n ?? 0;
  return {
    figures: [
      { label: '应到', value: people(result.total) },
      { label: '实到', value: people(result.present) },
      { label: '参加表决（收回）', value: papers(result.returned) },
      { label: '未表决', value: people(notVoted) },
      { label: '有效票', value: papers(result.valid) },
      { label: '无效票', value: papers(result.void) },
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
    outcome: `共 ${result.items.length} 项，${passedWord(bodyKind)} ${passed} 项，${failedWord()} ${failed} 项`,
    rule: first ? ['每项单独计票，均按以下规则确定结果：', ...motionRule(first, bodyKind), unmarkedNote()] : [],
    notes,
    announcement: resultAnnouncement(result, bodyKind),
  };
}
