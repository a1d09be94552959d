import type { Refusal } from '../lib/protocol';

export interface QuorumShortfall {
  present: number;
  total: number;
  required: number;
}

/** R1.5: below quorum a ballot may still open, with the presidium's reason on record. */
export function quorumShortfall(refusal: Refusal | null): QuorumShortfall | null {
  if (refusal?.code !== 'QUORUM_NOT_MET' || refusal.details?.['overridable'] !== true) return null;
  return refusal.details as unknown as QuorumShortfall;
}
