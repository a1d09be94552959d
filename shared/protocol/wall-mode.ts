import { z } from 'zod';
import { MAX_WALL_NOTICE_LENGTH, WALL_MODES } from '../domain/wall-mode';

/** The wall's modes (shared/domain/wall-mode.ts); 'auto' follows the ballot. */
export const WallModeSchema = z.enum(WALL_MODES);

/** PublicView.wall: what every wall of the meeting shows. */
export const WallSettingSchema = z
  .strictObject({
    mode: WallModeSchema,
    notice: z.string().nullable().describe('the notice mode’s text, kept while other modes are shown'),
    hideUnsatisfiedNames: z.boolean().describe('setting hideUnsatisfiedNamesOnWall: a rating’s 不满意 subjects without names'),
  })
  .describe('the wall’s mode, chosen on the console (presidium:setWallMode)');

/** presidium:setWallMode — the notice mode needs a text, given here or set before. */
export const SetWallModeSchema = z
  .object({
    mode: WallModeSchema,
    notice: z.string().trim().max(MAX_WALL_NOTICE_LENGTH).nullable().optional().describe('omitted or null: keep the notice already set'),
  })
  .strict();
