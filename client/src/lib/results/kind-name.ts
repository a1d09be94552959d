import type { BallotKind } from '../../../../shared/domain/ballots/kinds';
import type { BodyKind } from '../../../../shared/domain/quorum';
import { t } from '../i18n.svelte';

/** The kind of ballot in words; a street congress 票选 projects to recommend them (R6.1). */
export function kindName(kind: BallotKind, bodyKind: BodyKind): string {
  if (kind === 'slate' && bodyKind === 'street_congress') return t('kind.slateStreet');
  return t(`kind.${kind}`);
}
