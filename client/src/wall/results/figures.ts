import type { BallotResult } from '../../../../shared/domain/ballots/kinds';
import { t } from '../../lib/i18n.svelte';
import { baseFigures } from '../../lib/results/result-words';

export interface WallFigure {
  label: string;
  n: number;
  /** 人 for people (应到, 实到, 参加表决), 张 for ballot papers (发出, 收回, 有效, 无效). */
  unit: string;
}

/** The figures read out before the counts, each with its unit: papers are counted in 张, people in 人. */
export function wallFigures(result: BallotResult): WallFigure[] {
  const papers = new Set([t('result.issued'), t('result.returned'), t('result.valid'), t('result.void')]);
  return baseFigures(result).map((figure) => ({
    ...figure,
    unit: papers.has(figure.label) ? t('screens.wall.papers') : t('screens.wall.people'),
  }));
}
