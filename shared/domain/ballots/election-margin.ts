/**
 * R3.9 差额 margins (ZZF 第二十七条, 第三十条; XJF 第三十一条 for direct elections).
 * The margin is how many more candidates than seats. Breaking it is warned, never blocked:
 * the 选举办法 adopted by the congress is what binds, and it may set its own numbers.
 */
import { minAtLeastFraction } from '../arithmetic';

/**
 * head: 正职 (常委会主任/秘书长, 乡镇人大主席, 政府正职, 监察委主任, 院长, 检察长): one extra
 *   candidate, or 等额 when only one person is nominated.
 * deputy: 副职 (常委会副主任, 乡镇人大副主席, 政府副职): one to three extra.
 * committee: 常委会委员: one tenth to one fifth extra.
 * other: no statutory margin (e.g. the presidium, elected 等额, R3.10).
 */
export type ElectionPostType = 'head' | 'deputy' | 'committee' | 'other';

/** Extra candidates allowed, both ends included (ZZF 27 "至" and "多一人"); max null = no upper limit. */
export interface MarginRange {
  min: number;
  max: number | null;
}

export interface MarginRules {
  postType: ElectionPostType;
  /** 补选 (ZZF 第三十条): 等额 or any 差额 is lawful. */
  byElection: boolean;
  /** XJF 第三十一条: direct elections of deputies use one third to one times extra. */
  direct: boolean;
  /** The 选举办法's own margin, which replaces the statutory one when set. */
  override: MarginRange | null;
}

/** The lawful margin for `seats`; null when the law sets none. */
export function lawfulMargin(seats: number, rules: MarginRules): MarginRange | null {
  if (rules.override) return rules.override;
  if (rules.byElection) return { min: 0, max: null };
  if (rules.direct) return { min: minAtLeastFraction(seats, 1, 3), max: seats };
  switch (rules.postType) {
    case 'head':
      return { min: 0, max: 1 };
    case 'deputy':
      return { min: 1, max: 3 };
    case 'committee':
      // 多十分之一至五分之一: extra·10 ≥ seats and extra·5 ≤ seats.
      return { min: minAtLeastFraction(seats, 1, 10), max: Math.floor(seats / 5) };
    case 'other':
      return null;
  }
}

/** 等额: as many candidates as seats; 差额: more; short: fewer. */
export type Contest = 'equal' | 'competitive' | 'short';

export type MarginWarningCode =
  | 'FEWER_CANDIDATES_THAN_SEATS'
  | 'MARGIN_BELOW_MINIMUM'
  | 'MARGIN_ABOVE_MAXIMUM'
  | 'NO_WHOLE_MARGIN';

export interface MarginWarning {
  code: MarginWarningCode;
  message: string;
}

export interface MarginCheck {
  contest: Contest;
  /** candidates − seats */
  extra: number;
  range: MarginRange | null;
  warnings: MarginWarning[];
}

export function checkElectionMargin(seats: number, candidates: number, rules: MarginRules): MarginCheck {
  const extra = candidates - seats;
  const contest: Contest = extra === 0 ? 'equal' : extra > 0 ? 'competitive' : 'short';
  const range = lawfulMargin(seats, rules);
  const warnings: MarginWarning[] = [];
  if (extra < 0) {
    warnings.push({
      code: 'FEWER_CANDIDATES_THAN_SEATS',
      message: `候选人${candidates}名，少于应选${seats}名`,
    });
  } else if (range) {
    if (range.max !== null && range.min > range.max) {
      warnings.push({
        code: 'NO_WHOLE_MARGIN',
        message: `应选${seats}名时没有符合法定比例的整数差额，须在选举办法中规定具体差额数`,
      });
    } else if (extra < range.min) {
      warnings.push({
        code: 'MARGIN_BELOW_MINIMUM',
        message: `差额${extra}名，少于法定最少差额${range.min}名`,
      });
    } else if (range.max !== null && extra > range.max) {
      warnings.push({
        code: 'MARGIN_ABOVE_MAXIMUM',
        message: `差额${extra}名，多于法定最多差额${range.max}名，应先进行预选`,
      });
    }
  }
  return { contest, extra, range, warnings };
}

/**
 * Fewest extra candidates for a further election (另行选举, R3.7) of `seats` seats: still 差额
 * for every post type (ZZF 第二十九条 requires it for deputies and committee members; for one
 * seat XJF 第四十五条 asks for two candidates), at least one.
 */
export function followUpMargin(seats: number, rules: MarginRules): number {
  const range = lawfulMargin(seats, { ...rules, byElection: false });
  return Math.max(1, range?.min ?? 1);
}
