/** Every number read out before the counts (应到 … 无效), labelled, with its unit (人/张). */
import type { BallotResult } from '../ballots/kinds';
import { pick, type WordingLang } from './lang';
import { readout } from './readout';
import { papers, people, unitWord } from './units';

export type FigureKey = 'total' | 'present' | 'voted' | 'notVoted' | 'issued' | 'returned' | 'valid' | 'void';

export interface Figure {
  key: FigureKey;
  label: string;
  n: number;
  /** The number with its unit: "38 人", "40 张". */
  text: string;
  /** The unit alone: 人 or 张 ('' in English). */
  unit: string;
}

const LABELS: Record<FigureKey, [string, string]> = {
  total: ['应到', 'Seats'],
  present: ['实到', 'Present'],
  voted: ['参加表决', 'Voting'],
  notVoted: ['未表决', 'Did not vote'],
  issued: ['发出', 'Issued'],
  returned: ['收回', 'Returned'],
  valid: ['有效', 'Valid'],
  void: ['无效', 'Void'],
};

export function figureLabel(key: FigureKey, lang: WordingLang = 'zh'): string {
  const [zh, en] = LABELS[key];
  return pick(lang, zh, en);
}

function figure(key: FigureKey, n: number, unit: 'people' | 'papers', lang: WordingLang): Figure {
  return { key, label: figureLabel(key, lang), n, text: unit === 'people' ? people(n, lang) : papers(n, lang), unit: unitWord(unit, lang) };
}

/**
 * The figures in the order they are read: 应到, 实到, 参加表决, 未表决 (R2.6: 参加表决 + 未表决 =
 * 实到), then for paper kinds 发出 (where read), 收回, 有效, 无效 (R3.4, R4.6).
 */
export function resultFigures(result: BallotResult, lang: WordingLang = 'zh'): Figure[] {
  const r = readout(result);
  const a = r.attendance;
  const out: Figure[] = [figure('total', a.total, 'people', lang), figure('present', a.present, 'people', lang)];
  if (!r.papers) {
    out.push(figure('voted', a.voted, 'people', lang), figure('notVoted', a.notVoted, 'people', lang));
    return out;
  }
  out.push(figure('voted', a.voted, 'people', lang), figure('notVoted', a.notVoted, 'people', lang));
  if (r.papers.issued !== null) out.push(figure('issued', r.papers.issued, 'papers', lang));
  out.push(
    figure('returned', r.papers.returned, 'papers', lang),
    figure('valid', r.papers.valid, 'papers', lang),
    figure('void', r.papers.void, 'papers', lang),
  );
  return out;
}
