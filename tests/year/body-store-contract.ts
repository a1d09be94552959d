// One contract for every BodyStore (issue 12): the file journal and Redis both pass it.
import { describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../../shared/domain/test-fixtures';
import { MAX_PROGRESS_ATTACHMENT_BYTES } from '../../shared/domain/year/attachments';
import type { BodyEvent } from '../../shared/domain/year/body';
import type { BodyStore } from '../../server/year/body-store';

const ACTOR = { role: 'secretariat' as const, name: '秘书处' };

export function bodyCreated(bodyId: string): BodyEvent {
  return {
    type: 'BodyCreated',
    at: 1,
    by: ACTOR,
    info: { bodyId, name: '沿河县人民代表大会', kind: 'congress', level: 'county', term: 18, convener: null, parentBodyId: null },
    settings: { regularMeetingsPerYear: 1, followUpDays: 60, rehandleDays: 60 },
  };
}

export function fundSet(year: number): BodyEvent {
  return { type: 'FundSet', at: 2, by: ACTOR, year, fundFen: 300_000_000 };
}

/**
 * `open` gives a store over the same backing data each time it is called (a restart);
 * `fresh` gives a store over empty data.
 */
export function describeBodyStoreContract(name: string, fresh: () => Promise<{ open(): Promise<BodyStore>; cleanup(): Promise<void> }>): void {
  describe(`${name}: body store contract`, () => {
    it('appends at the expected version, reads back in order, from an offset, and lists the body', async () => {
      const backing = await fresh();
      const store = await backing.open();
      try {
        expect(await store.listBodies()).toEqual([]);
        expect(await store.readBody('county')).toEqual([]);
        expect(await store.appendBody('county', 0, [bodyCreated('county')])).toEqual({ ok: true, version: 1 });
        expect(await store.appendBody('county', 1, [fundSet(2026), fundSet(2027)])).toEqual({ ok: true, version: 3 });
        expect((await store.readBody('county')).map((e) => e.type)).toEqual(['BodyCreated', 'FundSet', 'FundSet']);
        expect(await store.readBody('county', 2)).toEqual([fundSet(2027)]);
        expect(await store.listBodies()).toEqual(['county']);
      } finally {
        await store.close();
        await backing.cleanup();
      }
    });

    it('a stale expected version writes nothing and returns the current length', async () => {
      const backing = await fresh();
      const store = await backing.open();
      try {
        await store.appendBody('b', 0, [bodyCreated('b')]);
        expect(await store.appendBody('b', 0, [bodyCreated('b')])).toEqual({ ok: false, version: 1 });
        expect(await store.appendBody('b', 5, [fundSet(2027)])).toEqual({ ok: false, version: 1 });
        expect(await store.readBody('b')).toHaveLength(1);
      } finally {
        await store.close();
        await backing.cleanup();
      }
    });

    it('concurrent appends at the same version: exactly one lands', async () => {
      const backing = await fresh();
      const store = await backing.open();
      try {
        await store.appendBody('b', 0, [bodyCreated('b')]);
        const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => store.appendBody('b', 1, [fundSet(2000 + i)])));
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
        expect(await store.readBody('b')).toHaveLength(2);
      } finally {
        await store.close();
        await backing.cleanup();
      }
    });

    it('what was acknowledged is there after a restart', async () => {
      const backing = await fresh();
      const first = await backing.open();
      await first.appendBody('street', 0, [bodyCreated('street'), fundSet(2027)]);
      await first.close();
      const second = await backing.open();
      try {
        expect(await second.readBody('street')).toEqual([bodyCreated('street'), fundSet(2027)]);
        expect(await second.appendBody('street', 2, [fundSet(2028)])).toEqual({ ok: true, version: 3 });
      } finally {
        await second.close();
        await backing.cleanup();
      }
    });

    it('a progress attachment of the largest size (8 MiB, base64 in the event) is there after a restart, byte for byte', async () => {
      const backing = await fresh();
      const first = await backing.open();
      const file = Buffer.alloc(MAX_PROGRESS_ATTACHMENT_BYTES, 0x5a);
      file.set([0xff, 0xd8, 0xff, 0xe0]);
      const attached: BodyEvent = {
        type: 'ProgressAttachmentAdded',
        at: 3,
        by: ACTOR,
        projectId: 'p-water',
        reportId: 'q1',
        attachment: { docId: 'pd-1', title: '现场照片', kind: 'jpeg', fileName: '现场.jpg', bytes: file.length, at: 3, by: ACTOR.name },
        content: file.toString('base64'),
      };
      expect(await first.appendBody('county', 0, [bodyCreated('county'), attached])).toEqual({ ok: true, version: 2 });
      await first.close();
      const second = await backing.open();
      try {
        const [, read] = await second.readBody('county');
        expect(read?.type === 'ProgressAttachmentAdded' && Buffer.from(read.content, 'base64').equals(file)).toBe(true);
        expect(await second.appendBody('county', 2, [fundSet(2027)])).toEqual({ ok: true, version: 3 });
      } finally {
        await second.close();
        await backing.cleanup();
      }
    });

    it('ids that are not protocol ids are refused and write nothing (invariant 6)', async () => {
      const backing = await fresh();
      const store = await backing.open();
      try {
        for (const bad of ['__proto__', '../etc', 'a/b', '', 'x'.repeat(65)]) {
          await expect(store.appendBody(bad, 0, [bodyCreated('x')])).rejects.toThrow();
        }
        // Other hostile names are ordinary ids: a body called "constructor" is a body like any other.
        for (const id of HOSTILE_IDS.filter((h) => h !== '__proto__' && /^[A-Za-z0-9_-]+$/.test(h))) {
          expect(await store.readBody(id)).toEqual([]);
        }
        expect(await store.listBodies()).toEqual([]);
      } finally {
        await store.close();
        await backing.cleanup();
      }
    });
  });
}
