/** The sentences the chair reads aloud, each from its numbers (R1.5, R2.6, R2.8, R3.4, R4.6, R5.3). */
import type { MotionCounts } from '../ballots/motion';
import { pick, type WordingLang } from './lang';
import type { Attendance, Papers } from './readout';
import { papers, people, votes } from './units';

/** R2.8: "赞成 30 票，反对 3 票，弃权 2 票". */
export function countsLine(c: MotionCounts, lang: WordingLang = 'zh'): string {
  return pick(
    lang,
    `赞成 ${votes(c.yes)}，反对 ${votes(c.no)}，弃权 ${votes(c.abstain)}`,
    `For ${c.yes}, against ${c.no}, abstain ${c.abstain}`,
  );
}

/** R2.6: the separate, smaller line; a hand count says 未表决 too, never 未按表决器. */
export function notVotedLine(n: number, lang: WordingLang = 'zh'): string {
  return pick(lang, `未表决 ${people(n)}`, `Did not vote: ${n}`);
}

export interface AttendanceFigures {
  total: number;
  present: number;
  onLeave: number;
  quorumMet: boolean;
}

/** R1.5: "应到 40 人，实到 38 人，请假 2 人，已达到法定人数" — what the chair opens a sitting with. */
export function attendanceLine(a: AttendanceFigures, lang: WordingLang = 'zh'): string {
  return pick(
    lang,
    `应到 ${people(a.total)}，实到 ${people(a.present)}，请假 ${people(a.onLeave)}，${a.quorumMet ? '已达到法定人数' : '未达到法定人数'}`,
    `${a.total} members, ${a.present} present, ${a.onLeave} on leave: quorum ${a.quorumMet ? 'met' : 'not met'}`,
  );
}

/** R2.6: "应到 40 人，实到 38 人，参加表决 36 人，未表决 2 人" — 参加表决 + 未表决 = 实到. */
export function participationLine(a: Attendance, lang: WordingLang = 'zh'): string {
  return pick(
    lang,
    `应到 ${people(a.total)}，实到 ${people(a.present)}，参加表决 ${people(a.voted)}，未表决 ${people(a.notVoted)}`,
    `${a.total} members, ${a.present} present, ${a.voted} voted, ${a.notVoted} did not vote`,
  );
}

/**
 * R3.4/R4.6: the chief teller's report the chair declares validity from, before the count:
 * "发出选票 48 张，收回 48 张，收回票数等于或少于发出票数，选举有效".
 */
export function validityLine(p: Papers, paperWord: '选票' | '表决票', act: '选举' | '表决', lang: WordingLang = 'zh'): string {
  const issued = p.issued;
  if (issued === null) return pick(lang, `收回${paperWord} ${papers(p.returned)}`, `${p.returned} returned`);
  return p.returnedExceedsIssued
    ? pick(
        lang,
        `发出${paperWord} ${papers(issued)}，收回 ${papers(p.returned)}，收回票数多于发出票数，${act}无效`,
        `${issued} issued, ${p.returned} returned: more returned than issued, the vote is invalid`,
      )
    : pick(
        lang,
        `发出${paperWord} ${papers(issued)}，收回 ${papers(p.returned)}，收回票数等于或少于发出票数，${act}有效`,
        `${issued} issued, ${p.returned} returned: not more than issued, the vote is valid`,
      );
}

/** "有效票 46 张，无效票 2 张". */
export function validVoidLine(p: Papers, lang: WordingLang = 'zh'): string {
  return pick(lang, `有效票 ${papers(p.valid)}，无效票 ${papers(p.void)}`, `${p.valid} valid, ${p.void} void`);
}
