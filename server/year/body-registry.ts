import type { Actor } from '../../shared/domain/meeting';
import type { BodyState } from '../../shared/domain/year/body';
import { decideBody, decideCreateBody, type BodyCommand } from '../../shared/domain/year/decide';
import { evolveBody, foldBody } from '../../shared/domain/year/evolve';
import { errorAck, type ErrorAck } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { DocumentCache } from '../preparation/document-content';
import { KeyedQueue } from '../service/keyed-queue';
import type { BodyStore } from './body-store';
import { FileBodyStore } from './file-body-store';

export type BodyOutcome = { ok: true; state: BodyState } | ErrorAck;

/**
 * Another node appended between our read and our append: read again and decide again. Every
 * lost race means another command was committed (progress), so the bound only stops a livelock;
 * it must exceed the commands other nodes may have queued on one body at once (a console burst
 * on two nodes lost 6 races in a row with a bound of 5).
 */
const CONFLICT_RETRIES = 32;

/**
 * The body registry's service: the path of a command is the meeting's (docs/ARCHITECTURE.md)
 * — current state (cached, caught up from the store's tail) → decide → conditional append at
 * the expected version → evolve the cache → answer. Commands on one body run one at a time on
 * this node; across nodes the store's version check settles races.
 */
export class BodyRegistry {
  private readonly cache = new Map<string, BodyState>();
  private readonly queue = new KeyedQueue();
  /** Progress photos and documents by (bodyId, docId): a hall opening one photo reads the log once. */
  private readonly files = new DocumentCache();

  constructor(
    private readonly store: () => Promise<BodyStore>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** The body's state, caught up with the store; null when there is no such body. */
  async state(bodyId: string): Promise<BodyState | null> {
    const store = await this.store();
    const cached = this.cache.get(bodyId);
    const tail = await store.readBody(bodyId, cached?.version ?? 0);
    const state = cached ? tail.reduce(evolveBody, cached) : foldBody(tail);
    if (state) this.cache.set(bodyId, state);
    return state;
  }

  /**
   * The content of a progress attachment from the body's log (ProgressAttachmentAdded), or null.
   * A docId is made once by the server and never reused, so a cached entry never goes stale.
   */
  async attachmentContent(bodyId: string, docId: string): Promise<Buffer | null> {
    return this.files.load(bodyId, docId, async () => {
      for (const event of await (await this.store()).readBody(bodyId)) {
        if (event.type === 'ProgressAttachmentAdded' && event.attachment.docId === docId) return Buffer.from(event.content, 'base64');
      }
      return null;
    });
  }

  async list(): Promise<BodyState[]> {
    const ids = await (await this.store()).listBodies();
    const states = await Promise.all(ids.map((id) => this.state(id).catch(() => null)));
    return states.filter((s): s is BodyState => s !== null);
  }

  async create(command: Extract<BodyCommand, { type: 'CreateBody' }>, actor: Actor): Promise<BodyOutcome> {
    const bodyId = command.info.bodyId;
    return this.queue.run(bodyId, async () => {
      const decided = decideCreateBody(command, { actor, now: this.clock.now() });
      if (!decided.ok) return errorAck(decided.code, decided.message, decided.details);
      const appended = await (await this.store()).appendBody(bodyId, 0, decided.events);
      if (!appended.ok) return errorAck('DUPLICATE_RECORD', `body ${bodyId} exists`, { exists: true });
      const state = foldBody(decided.events);
      if (!state) return errorAck('INTERNAL', 'could not fold the new body');
      this.cache.set(bodyId, state);
      this.logger.info('body created', { bodyId, kind: command.info.kind });
      return { ok: true, state };
    });
  }

  /**
   * Decides `commands` in order against one version of the body and appends all their events
   * at once, or none: a later command refused refuses the whole batch.
   */
  execute(bodyId: string, commands: readonly BodyCommand[], actor: Actor): Promise<BodyOutcome> {
    return this.queue.run(bodyId, async () => {
      for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        const current = await this.state(bodyId);
        if (!current) return errorAck('UNKNOWN_BODY', `no body ${bodyId}`);
        const now = this.clock.now();
        let scratch = current;
        const events = [];
        for (const command of commands) {
          const decided = decideBody(scratch, command, { actor, now });
          if (!decided.ok) return errorAck(decided.code, decided.message, decided.details);
          events.push(...decided.events);
          scratch = decided.events.reduce(evolveBody, scratch);
        }
        if (events.length === 0) return { ok: true, state: current };
        const appended = await (await this.store()).appendBody(bodyId, current.version, events);
        if (appended.ok) {
          this.cache.set(bodyId, scratch);
          return { ok: true, state: scratch };
        }
      }
      return errorAck('BUSY_RETRY', `body ${bodyId} is changing on another node; try again`);
    });
  }
}

/**
 * The app's registry: over the given store (cluster: Redis), or over a journal in the data
 * directory opened on first use (embedded), like the staff accounts.
 */
export function bodyRegistryFor(store: BodyStore | undefined, dataDir: string, clock: Clock, logger: Logger): BodyRegistry {
  let opened: Promise<BodyStore> | null = null;
  const open = () => (opened ??= store ? Promise.resolve(store) : FileBodyStore.open(dataDir));
  return new BodyRegistry(open, clock, logger);
}
