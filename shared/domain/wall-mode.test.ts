import { describe, expect, it } from 'vitest';
import { publicView } from './views';
import { attempt, createMeeting, motionSpec, replay, run, SECRETARIAT, sittingWith, T0 } from './test-fixtures';
import { shownWallMode, wallOf, type WallInputs } from './wall-mode';

describe('wall modes: the console chooses, every wall follows (WallModeSet in the log)', () => {
  it('a new meeting, and a log written before walls had modes, shows auto', () => {
    const m = createMeeting('congress', 5);
    expect(wallOf(m.state)).toEqual({ mode: 'auto', notice: null });
    expect(publicView(m.state).wall).toEqual({ mode: 'auto', notice: null, hideUnsatisfiedNames: false });
  });

  it('one WallModeSet per change; the fold of the log gives the same wall on every node', () => {
    let m = createMeeting('congress', 5);
    m = run(m, { type: 'SetWallMode', mode: 'emblem' }, T0 + 1, SECRETARIAT);
    m = run(m, { type: 'SetWallMode', mode: 'notice', notice: '  请代表们于14:30前回到会场  ' }, T0 + 2);
    expect(m.events.slice(-2).map((e) => e.type)).toEqual(['WallModeSet', 'WallModeSet']);
    expect(publicView(m.state).wall).toMatchObject({ mode: 'notice', notice: '请代表们于14:30前回到会场' });
    expect(publicView(replay(m.events)).wall).toEqual(publicView(m.state).wall);
    // Another mode keeps the notice, so the notice button shows it again without retyping.
    m = run(m, { type: 'SetWallMode', mode: 'agenda' }, T0 + 3);
    expect(wallOf(m.state)).toEqual({ mode: 'agenda', notice: '请代表们于14:30前回到会场' });
    m = run(m, { type: 'SetWallMode', mode: 'notice', notice: null }, T0 + 4);
    expect(wallOf(m.state).mode).toBe('notice');
  });

  it('hideUnsatisfiedNamesOnWall from the meeting settings reaches the wall (R8, default false)', () => {
    const m = createMeeting('congress', 5);
    const spec = { ...m.state.spec, settings: { hideUnsatisfiedNamesOnWall: true } };
    expect(publicView({ ...m.state, spec }).wall.hideUnsatisfiedNames).toBe(true);
  });

  it('choosing the shown setting again appends nothing', () => {
    let m = run(createMeeting('congress', 5), { type: 'SetWallMode', mode: 'blank' }, T0 + 1);
    const version = m.state.version;
    m = run(m, { type: 'SetWallMode', mode: 'blank' }, T0 + 2);
    expect(m.state.version).toBe(version);
  });

  it('the notice mode needs a text; a bad mode or a 201-character notice is refused and changes nothing', () => {
    const m = createMeeting('congress', 5);
    expect(attempt(m, { type: 'SetWallMode', mode: 'notice' }, T0)).toMatchObject({ ok: false, code: 'INVALID_WALL_MODE' });
    expect(attempt(m, { type: 'SetWallMode', mode: 'notice', notice: '   ' }, T0)).toMatchObject({ ok: false, code: 'INVALID_WALL_MODE' });
    expect(attempt(m, { type: 'SetWallMode', mode: 'notice', notice: '字'.repeat(201) }, T0)).toMatchObject({ ok: false });
    expect(attempt(m, { type: 'SetWallMode', mode: 'constructor' as never }, T0)).toMatchObject({ ok: false, code: 'INVALID_WALL_MODE' });
    expect(attempt(m, { type: 'SetWallMode', mode: 'notice', notice: '字'.repeat(200) }, T0)).toMatchObject({ ok: true });
  });
});

describe('shownWallMode: auto follows the ballot of the current item', () => {
  const base: WallInputs = { phase: 'in_session', currentItemId: 'item-1', ballot: null, wall: { mode: 'auto' } };
  it('sign-in figures between ballots, voting while open or counting, the result once published or voided, the 会标 after closing', () => {
    expect(shownWallMode(base)).toBe('attendance');
    expect(shownWallMode({ ...base, phase: 'prepared' })).toBe('attendance');
    expect(shownWallMode({ ...base, ballot: { itemId: 'item-1', status: 'open' } })).toBe('voting');
    expect(shownWallMode({ ...base, ballot: { itemId: 'item-1', status: 'closed' } })).toBe('voting');
    expect(shownWallMode({ ...base, ballot: { itemId: 'item-1', status: 'published' } })).toBe('result');
    // A voided ballot is announced as void until the re-run opens (R2.9).
    expect(shownWallMode({ ...base, ballot: { itemId: 'item-1', status: 'void' } })).toBe('result');
    // The chair moved on to the next item: the old result leaves the wall.
    expect(shownWallMode({ ...base, currentItemId: 'item-2', ballot: { itemId: 'item-1', status: 'published' } })).toBe('attendance');
    expect(shownWallMode({ ...base, phase: 'closed' })).toBe('emblem');
  });

  it('a chosen mode wins over the ballot; a view without a wall field is auto', () => {
    expect(shownWallMode({ ...base, ballot: { itemId: 'item-1', status: 'open' }, wall: { mode: 'agenda' } })).toBe('agenda');
    const { wall: _wall, ...old } = base;
    expect(shownWallMode(old)).toBe('attendance');
  });

  it('the real fold: opening a motion turns an auto wall to voting', () => {
    const m = run(sittingWith('congress', 10, 8), { type: 'OpenBallot', spec: motionSpec('b-1'), quorumOverrideReason: null }, T0 + 5);
    expect(shownWallMode(publicView(m.state))).toBe('voting');
  });
});
