/**
 * R6.3: a street congress's members by type, against the quota per type set by the standing
 * committee's decision. Over a quota is refused (the decision fixes the number); under it is a
 * vacancy, shown but allowed.
 */
import type { BodyMember, QuotaDecision } from './body';

export interface QuotaRow {
  category: string;
  quota: number;
  actual: number;
  /** actual − quota: negative = vacancies, positive = over the quota. */
  difference: number;
}

export interface QuotaCheck {
  rows: QuotaRow[];
  /** Members whose type the decision does not name (or who have none). */
  unlisted: string[];
  /** Refusals: a type over its quota, or a member of an unlisted type. */
  problems: string[];
  /** Seats the decision provides that are not filled. */
  vacancies: number;
}

export function checkQuotas(members: readonly BodyMember[], decision: QuotaDecision): QuotaCheck {
  const counts = new Map<string, number>();
  const unlisted: string[] = [];
  const known = new Set(decision.quotas.map((q) => q.category));
  for (const m of members) {
    if (m.category === null || !known.has(m.category)) unlisted.push(m.memberId);
    else counts.set(m.category, (counts.get(m.category) ?? 0) + 1);
  }
  const rows = decision.quotas.map((q) => {
    const actual = counts.get(q.category) ?? 0;
    return { category: q.category, quota: q.count, actual, difference: actual - q.count };
  });
  const problems: string[] = [];
  for (const row of rows) {
    if (row.difference > 0) problems.push(`${row.category}${row.actual}人，超过名额${row.quota}人`);
  }
  if (unlisted.length > 0) problems.push(`${unlisted.length}名成员的类别不在名额决定中：${unlisted.slice(0, 5).join('、')}`);
  const vacancies = rows.reduce((sum, r) => sum + Math.max(0, -r.difference), 0);
  return { rows, unlisted, problems, vacancies };
}
