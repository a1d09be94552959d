/**
 * What the chair reads aloud when announcing a result (R2.8, R3.4, R3.12, R4.6, R5.3): the
 * attendance figures, the validity of a paper vote, every line's counts, then the outcome. The
 * printed sheet carries the same text, and the chair's script (script.ts) shows it.
 */
import { chineseOrdinal } from '../ballots/slate-decision';
import type { BallotResult } from '../ballots/kinds';
import type { BodyKind } from '../quorum';
import { countsLine, participationLine, validityLine, validVoidLine } from './lines';
import { electionOutcome, listVoteOutcome, motionOutcome, slateOutcome, tierWord } from './outcome';
import { ratingQuorum } from './rules';
import { readout } from './readout';
import { people, votes } from './units';

export function resultAnnouncement(result: BallotResult, bodyKind: BodyKind): string {
  const r = readout(result);
  const attendance = `${participationLine(r.attendance)}。`;
  switch (result.kind) {
    case 'motion':
      return `${attendance}${countsLine(result)}。${motionOutcome(result, bodyKind)}。`;
    case 'list_vote':
      return `${attendance}对名单所列 ${people(result.members.length)}，${countsLine(result.motion)}。${listVoteOutcome(result, bodyKind)}。`;
    case 'batch': {
      const p = r.papers!;
      return [
        attendance,
        `收回表决票 ${p.returned} 张，${validVoidLine(p)}。`,
        ...result.items.map((item, index) => `第${chineseOrdinal(index + 1)}项，${item.title}：${countsLine(item.motion)}，${motionOutcome(item.motion, bodyKind)}。`),
      ].join('');
    }
    case 'slate': {
      const p = r.papers!;
      const head = `${attendance}${validityLine(p, '表决票', '表决')}。`;
      if (result.outcome === 'invalid') return `${head}${slateOutcome(result, bodyKind)}。`;
      return [
        head,
        `${validVoidLine(p)}。`,
        ...result.projects.map((project) =>
          result.form === 'choose_up_to_k' ? `${project.title}，得票 ${votes(project.yes)}。` : `${project.title}，${countsLine(project)}。`,
        ),
        `${slateOutcome(result, bodyKind)}。`,
      ].join('');
    }
    case 'election': {
      const p = r.papers!;
      const head = `${attendance}${validityLine(p, '选票', '选举')}。`;
      if (result.outcome === 'invalid') return `${head}${electionOutcome(result)}。`;
      return [
        head,
        `${validVoidLine(p)}。`,
        ...result.candidates.map((c) => `${c.name}，${countsLine(c)}。`),
        ...result.writeIns.map((w) => `另选他人${w.name}，${votes(w.votes)}。`),
        `${electionOutcome(result)}。`,
      ].join('');
    }
    case 'rating': {
      const p = r.papers!;
      return [
        `${ratingQuorum(result, bodyKind)}。收回测评票 ${p.returned} 张，${validVoidLine(p)}。`,
        ...result.subjects.map(
          (s) =>
            `${s.post ? `${s.post}${s.name}` : s.name}：满意 ${votes(s.satisfied)}，基本满意 ${votes(s.basically_satisfied)}，不满意 ${votes(s.unsatisfied)}，` +
            `满意率 ${s.satisfiedRate.percent ?? '—'}，满意+基本满意率 ${s.satisfiedOrBasicRate.percent ?? '—'}，测评等次为${tierWord(s.tier)}。`,
        ),
      ].join('');
    }
  }
}
