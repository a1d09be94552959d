/**
 * The special fund for 代表建议 projects (issue 12; about 3,000,000 yuan a year in the source):
 * the standing committee selects suggestion projects and amounts within the year's fund.
 * Budget check: the sum of all allocations of the year never exceeds the fund. Integer fen only (R0.1).
 */
import type { FundYear } from './body';

export interface FundCheck {
  ok: boolean;
  fundFen: number;
  allocatedFen: number;
  requestedFen: number;
  /** fund − (allocated + requested); negative when over. */
  remainingFen: number;
  message: string | null;
}

export function checkFundAllocation(fund: FundYear, amountsFen: readonly number[]): FundCheck {
  const allocatedFen = fund.allocations.reduce((sum, a) => sum + a.amountFen, 0);
  const requestedFen = amountsFen.reduce((sum, a) => sum + a, 0);
  const remainingFen = fund.fundFen - allocatedFen - requestedFen;
  const bad = amountsFen.find((a) => !Number.isSafeInteger(a) || a <= 0);
  if (bad !== undefined) {
    return { ok: false, fundFen: fund.fundFen, allocatedFen, requestedFen, remainingFen, message: '每个项目的金额须为正整数（分）' };
  }
  return {
    ok: remainingFen >= 0,
    fundFen: fund.fundFen,
    allocatedFen,
    requestedFen,
    remainingFen,
    message: remainingFen >= 0 ? null : `超出专项资金${-remainingFen}分：已安排${allocatedFen}分，本次${requestedFen}分，全年${fund.fundFen}分`,
  };
}
