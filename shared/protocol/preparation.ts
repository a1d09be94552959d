/**
 * HTTP bodies of preparation (issue 10, docs/PROTOCOL.md "Preparation"): revising the prepared
 * meeting, importing a roster file, attaching documents. The domain then checks the rules
 * (shared/domain/preparation/*); these are shapes and sizes only.
 */
import { z } from 'zod';
import { ROSTER_FIELDS } from '../domain/preparation/roster-import';
import { IdSchema, text } from './ids';
import { AgendaItemSchema, DelegateSchema } from './meeting';
import { specExtras } from './preparation-spec';

/** Base64 of at most `bytes` bytes. */
const base64 = (bytes: number) =>
  z
    .string()
    .max(Math.ceil(bytes / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const DocumentMetaSchema = z
  .object({ docId: IdSchema, title: text(200), kind: z.enum(['text', 'pdf']), bytes: z.number().int().min(1) })
  .strict();

/**
 * POST /api/meetings/:meetingId/revision: the whole prepared spec as it should be (the meetingId
 * comes from the path). Attachments are listed by metadata (keep, retitle, drop); new ones are uploaded.
 */
export const RevisionSchema = z
  .object({
    /** The version the editor read; a revision against a newer meeting is refused (someone else edited). */
    expectedVersion: z.number().int().min(1).optional(),
    spec: z
      .object({
        // Fields of the body this schema does not know (e.g. a registry id) are kept from the stored spec.
        body: z.object({ name: text(100), kind: z.enum(['congress', 'standing_committee', 'street_congress']) }),
        title: text(200),
        // Empty while prepared is allowed (the roster comes later); the session cannot open with 0 seats.
        delegates: z.array(DelegateSchema).max(5000),
        presidium: z.array(text(64)).max(100).default([]),
        agenda: z.array(AgendaItemSchema.extend({ documents: z.array(DocumentMetaSchema).max(20).optional() })).max(200).default([]),
        ...specExtras,
      })
      .strip(),
  })
  .strict();
export type RevisionInput = z.input<typeof RevisionSchema>;

const MappingSchema = z.object(Object.fromEntries(ROSTER_FIELDS.map((f) => [f, z.number().int().min(0).max(200).optional()]))).strict();

/**
 * POST /api/meetings/:meetingId/roster/import: a roster file (.xlsx or CSV, base64). `dryRun`
 * answers the headers, the mapping (guessed when omitted) and the row report without changing
 * anything; otherwise the roster is replaced all or nothing.
 */
export const RosterImportSchema = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    content: base64(MAX_UPLOAD_BYTES),
    encoding: z.enum(['auto', 'utf-8', 'gbk']).default('auto'),
    mapping: MappingSchema.optional(),
    /** 代表团 list: rows naming another group are refused. */
    groups: z.array(text(64)).max(500).optional(),
    dryRun: z.boolean().default(false),
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();
export type RosterImportInput = z.input<typeof RosterImportSchema>;

/** POST /api/meetings/:meetingId/documents: an attachment of an agenda item (text or PDF, base64). */
export const DocumentUploadSchema = z
  .object({
    itemId: IdSchema,
    title: text(200),
    kind: z.enum(['text', 'pdf']),
    content: base64(MAX_UPLOAD_BYTES),
  })
  .strict();
export type DocumentUploadInput = z.input<typeof DocumentUploadSchema>;
