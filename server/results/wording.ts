/**
 * The Chinese words a printed result uses, in one place. A street deliberative congress has no
 * power to decide (R6.1): its results recommend (推荐/建议) and never say 决定 or 决议.
 */
import type { BodyKind } from '../../shared/domain/quorum';

/** Everyone the pass rules count over (R0.2): 全体代表 / 全体组成人员 / 全体成员. */
export function memberNoun(kind: BodyKind): string {
  if (kind === 'standing_committee') return '组成人员';
  if (kind === 'street_congress') return '成员';
  return '代表';
}

export function allMembers(kind: BodyKind): string {
  return `全体${memberNoun(kind)}`;
}

export function isStreet(kind: BodyKind): boolean {
  return kind === 'street_congress';
}

export const KIND_LABELS: Record<string, string> = {
  motion: '议案表决',
  batch: '逐项表决',
  slate: '民生实事项目票决',
  election: '选举',
  list_vote: '名单表决',
  rating: '满意度测评',
};

export function kindLabel(kind: string, bodyKind: BodyKind): string {
  if (kind === 'slate' && isStreet(bodyKind)) return '民生实事项目票选推荐';
  return KIND_LABELS[kind] ?? kind;
}

export function secrecyLabel(secrecy: 'anonymous' | 'named'): string {
  return secrecy === 'named' ? '记名' : '无记名';
}

export function methodLabel(method: 'electronic' | 'manual'): string {
  return method === 'manual' ? '人工计票（举手或纸质选票）' : '电子表决器';
}

/** "通过" for a congress; a street congress's motion passes as a recommendation. */
export function passedWord(bodyKind: BodyKind): string {
  return isStreet(bodyKind) ? '通过（作为建议）' : '通过';
}


/** Ballot times are printed in China Standard Time, whatever the server's own zone. */
const TIME_FORMAT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Epoch ms → "2026-12-02 17:47:04" (Beijing time). */
export function formatTime(at: number): string {
  const parts = Object.fromEntries(TIME_FORMAT.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const hour = parts['hour'] === '24' ? '00' : parts['hour'];
  return `${parts['year']}-${parts['month']}-${parts['day']} ${hour}:${parts['minute']}:${parts['second']}`;
}

