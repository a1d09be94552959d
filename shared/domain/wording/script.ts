/**
 * The chair's script (宣布稿): the text for the step the sitting is at, from the same functions
 * as every screen and sheet (P-ZCC chair scripts; R1.5 attendance, R2.8 the result on the spot,
 * R3.4 validity before the count, R4.6, R5.3). Pure: it reads the console view only.
 */
import { minAtLeastFraction, minMoreThanHalf } from '../arithmetic';
import { methodOf, type BallotSpec } from '../ballots/kinds';
import type { ConsoleBallotView, ConsoleView } from '../views';
import type { BodyKind } from '../quorum';
import { announce } from './announce-step';
import { allMembers, isStreet, kindLabel, methodLabel, secrecyLabel } from './body';
import { attendanceLine, validityLine, validVoidLine } from './lines';
import { readout } from './readout';
import { people, votes } from './units';

export type ScriptStep = 'attendance' | 'opening' | 'voting' | 'validity' | 'result' | 'closing';

export interface ChairScript {
  step: ScriptStep;
  /** e.g. "报告出席情况", "宣布表决办法", "宣布表决结果" */
  heading: string;
  /** The text to read, one paragraph per entry. */
  paragraphs: string[];
}

/** The pass rule of a ballot before it is counted, with 应到 (R0.2, R2.2, R3.5, R4.5, R5.4). */
export function passRuleBeforeCount(spec: BallotSpec, bodyKind: BodyKind, total: number): string {
  const all = `${allMembers(bodyKind)}（应到 ${people(total)}）`;
  const half = votes(minMoreThanHalf(total));
  const passed = isStreet(bodyKind) ? '为通过（作为建议）' : '为通过';
  switch (spec.kind) {
    case 'motion':
      return spec.settings.threshold === 'two_thirds_of_all'
        ? `赞成票达到${all}的三分之二以上，即不少于 ${votes(minAtLeastFraction(total, 2, 3))}，${passed}`
        : `赞成票超过${all}的半数，即不少于 ${half}，${passed}`;
    case 'list_vote':
      return `对整个名单表决一次，赞成票超过${all}的半数，即不少于 ${half}，名单${passed}`;
    case 'batch':
      return spec.batch.settings.combined
        ? `合并表决，每项赞成票超过${all}的半数，即不少于 ${half}，${passed}`
        : `逐人逐项表决，每项赞成票超过${all}的半数，即不少于 ${half}，${passed}`;
    case 'slate': {
      const word = isStreet(bodyKind) ? '推荐' : '入选';
      return spec.slate.settings.rule === 'top_k_with_majority'
        ? `按赞成票多少排序，在赞成票超过${all}半数，即不少于 ${half}的项目中取前 ${spec.slate.places} 个${word}；每张表决票赞成不得超过 ${spec.slate.places} 个，未作标记的项目按弃权计`
        : `按赞成票多少排序，取前 ${spec.slate.places} 个${word}`;
    }
    case 'election':
      return spec.election.settings.round === 'tie_revote'
        ? '在票数相等的人中再次投票，以得票多的当选'
        : `应选 ${spec.election.seats} 名，获得赞成票超过${all}的半数，即不少于 ${half}，始得当选；所选人数多于应选名额的选票无效，未作标记的候选人按弃权计`;
    case 'rating':
      return `对每个测评对象选择满意、基本满意或不满意，测评结果供参考`;
  }
}

/** R2.4: how the delegates vote on this ballot. */
function howToVote(spec: BallotSpec): string {
  if (methodOf(spec) === 'manual') {
    return spec.kind === 'motion' || spec.kind === 'list_vote' || spec.kind === 'batch'
      ? '采用举手方式表决，请按赞成、反对、弃权的顺序举手（R2.10）'
      : '采用纸质票，由监票人、计票人计票';
  }
  return `采用${secrecyLabel(spec.secrecy)}方式，使用${methodLabel('electronic')}`;
}

export function openingScript(spec: BallotSpec, bodyKind: BodyKind, total: number): string[] {
  const kind = kindLabel(spec.kind, bodyKind);
  return [
    `现在进行${spec.title}（${kind}）。`,
    `本次${kind}${howToVote(spec)}。${passRuleBeforeCount(spec, bodyKind, total)}。`,
    methodOf(spec) === 'manual' ? '现在开始表决。' : '请各位代表在平板上选择后确认提交。现在开始表决。',
  ];
}

function validityScript(ballot: ConsoleBallotView): string[] {
  const result = ballot.pendingResult ?? ballot.result;
  if (!result) return [];
  const r = readout(result);
  if (!r.papers || r.papers.issued === null) return [];
  const paper = result.kind === 'election' ? '选票' : '表决票';
  const act = result.kind === 'election' ? '选举' : '表决';
  return [`根据总监票人报告：${validityLine(r.papers, paper, act)}。${validVoidLine(r.papers)}。`];
}

/** The script for where the console view stands now. */
export function chairScript(view: ConsoleView): ChairScript {
  const bodyKind = view.body.kind;
  const a = view.attendance;
  const attendance = attendanceLine({ total: a.total, present: a.present, onLeave: a.onLeave, quorumMet: a.quorum.met });
  const latest = view.ballots[view.ballots.length - 1];
  if (view.phase === 'closed') {
    return { step: 'closing', heading: '宣布闭会', paragraphs: [`${view.title}已完成各项议程。现在宣布闭会。`] };
  }
  if (latest && latest.status === 'open') {
    return { step: 'voting', heading: '宣布表决办法', paragraphs: openingScript(latest.spec, bodyKind, a.total) };
  }
  if (latest && latest.status === 'closed') {
    const validity = validityScript(latest);
    const pending = latest.pendingResult;
    return {
      step: validity.length > 0 ? 'validity' : 'result',
      heading: '宣布表决结果（待宣布）',
      paragraphs: [...validity, ...(pending ? [announce(latest.title, pending, bodyKind)] : ['计票结果尚未录入。'])],
    };
  }
  const item = view.agenda.find((i) => i.itemId === view.currentItemId);
  // A result stays on the script while its item is current; the next item's prepared ballot follows.
  if (latest && latest.status === 'published' && latest.result && (latest.itemId === view.currentItemId || !item?.ballot)) {
    return { step: 'result', heading: '宣布表决结果', paragraphs: [announce(latest.title, latest.result, bodyKind)] };
  }
  if (latest && latest.status === 'void' && latest.itemId === view.currentItemId) {
    // R2.9: the void is announced with its reason before any re-run.
    return { step: 'result', heading: '宣布表决作废', paragraphs: [`${latest.title}的表决作废，理由：${latest.voidReason ?? ''}。`] };
  }
  if (item?.ballot && view.phase === 'in_session') {
    return {
      step: 'opening',
      heading: '宣布表决办法',
      paragraphs: openingScript({ ...item.ballot, ballotId: '', itemId: item.itemId, rerunOf: null } as BallotSpec, bodyKind, a.total),
    };
  }
  return {
    step: 'attendance',
    heading: '报告出席情况',
    paragraphs: [`${attendance}${a.quorum.met ? '，可以开会' : `（至少须 ${people(a.quorum.required)}）`}。`],
  };
}
