import { SECTOR_IDS } from '@mirsad/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeIncident, minutesAfterBase } from '../../test/fixtures.js';
import { countPicture, visibleIncidents } from './selectors.js';
import { nextTimeWindow } from './timeWindow.js';
import {
  hideSectors,
  setOpenPicker,
  setTimeWindow,
  isSectorShown,
  selectIncident,
  showAllSectors,
  toggleSector,
  useIncidentViewStore,
} from './store.js';

beforeEach(() => {
  useIncidentViewStore.setState({
    hiddenSectors: new Set(),
    selectedId: null,
    timeWindow: 'all',
    openPicker: null,
  });
});

describe('the sector filter', () => {
  it('shows every sector at first', () => {
    const state = useIncidentViewStore.getState();
    expect(SECTOR_IDS.every((sector) => isSectorShown(state, sector))).toBe(true);
  });

  it('hides a sector on the first toggle and shows it again on the second', () => {
    toggleSector('traffic');
    expect(isSectorShown(useIncidentViewStore.getState(), 'traffic')).toBe(false);
    expect(isSectorShown(useIncidentViewStore.getState(), 'civil-defence')).toBe(true);

    toggleSector('traffic');
    expect(isSectorShown(useIncidentViewStore.getState(), 'traffic')).toBe(true);
  });

  it('gives a new set on each change, so subscribers see the change', () => {
    const before = useIncidentViewStore.getState().hiddenSectors;
    toggleSector('residency');
    expect(useIncidentViewStore.getState().hiddenSectors).not.toBe(before);
    expect(before.has('residency')).toBe(false);
  });

  it('hides all sectors and shows them all again', () => {
    hideSectors(SECTOR_IDS);
    expect(SECTOR_IDS.some((sector) => isSectorShown(useIncidentViewStore.getState(), sector))).toBe(false);
    showAllSectors();
    expect(useIncidentViewStore.getState().hiddenSectors.size).toBe(0);
  });

  it('keeps the selection apart from the filter', () => {
    selectIncident('abc');
    toggleSector('traffic');
    expect(useIncidentViewStore.getState().selectedId).toBe('abc');
    selectIncident(null);
    expect(useIncidentViewStore.getState().selectedId).toBeNull();
  });
});

describe('the visible incidents', () => {
  const traffic = makeIncident(1, { reportedAt: minutesAfterBase(10) });
  const flood = makeIncident(2, {
    sector: 'civil-defence',
    category: 'flooding',
    severity: 5,
    reportedAt: minutesAfterBase(30),
  });
  const fire = makeIncident(3, {
    sector: 'fire-marine-rescue',
    category: 'building-fire',
    reportedAt: minutesAfterBase(20),
  });
  const closed = makeIncident(4, { status: 'closed', reportedAt: minutesAfterBase(40) });
  const picture = { seq: 4, incidents: [traffic, flood, fire, closed] };

  it('are the active ones, newest report first', () => {
    expect(visibleIncidents(picture, new Set()).map((i) => i.id)).toEqual([flood.id, fire.id, traffic.id]);
  });

  it('leave out the hidden sectors', () => {
    expect(visibleIncidents(picture, new Set(['civil-defence'])).map((i) => i.id)).toEqual([
      fire.id,
      traffic.id,
    ]);
  });

  it('keep only the governorates shown, leaving out incidents of no governorate', () => {
    const jahra = makeIncident(7, { governorate: 'jahra', reportedAt: minutesAfterBase(50) });
    const offshore = makeIncident(8, { governorate: null, reportedAt: minutesAfterBase(60) });
    const withMore = { seq: 8, incidents: [...picture.incidents, jahra, offshore] };
    expect(
      visibleIncidents(withMore, new Set(), { governorates: new Set(['jahra']) }).map((i) => i.id),
    ).toEqual([jahra.id]);
    expect(visibleIncidents(withMore, new Set(), { governorates: null })).toHaveLength(5);
  });

  it('order by time, not by the text of the timestamp', () => {
    const precise = makeIncident(5, { reportedAt: '2025-11-20T06:00:00.500Z' });
    const plain = makeIncident(6, { reportedAt: '2025-11-20T06:00:00Z' });
    expect(visibleIncidents({ incidents: [plain, precise] }, new Set()).map((i) => i.id)).toEqual([
      precise.id,
      plain.id,
    ]);
  });

  it('are counted per sector with the critical ones apart, whatever the filter', () => {
    const counts = countPicture(picture);
    expect(counts).toMatchObject({ active: 3, critical: 1 });
    expect(counts.bySector.get('traffic')).toBe(1);
    expect(counts.bySector.get('civil-defence')).toBe(1);
  });
});

describe('the quick time filter', () => {
  const now = Date.parse(minutesAfterBase(24 * 60));
  const recent = makeIncident(1, { reportedAt: minutesAfterBase(24 * 60 - 30) });
  const morning = makeIncident(2, { reportedAt: minutesAfterBase(24 * 60 - 5 * 60) });
  const yesterday = makeIncident(3, { reportedAt: minutesAfterBase(-60) });
  const picture = { seq: 3, incidents: [recent, morning, yesterday] };
  const shown = (timeWindow: '1h' | '6h' | '24h' | 'all') =>
    visibleIncidents(picture, new Set(), { timeWindow, nowMs: now }).map((i) => i.id);

  it('keeps only incidents reported within the window', () => {
    expect(shown('1h')).toEqual([recent.id]);
    expect(shown('6h')).toEqual([recent.id, morning.id]);
    expect(shown('24h')).toEqual([recent.id, morning.id]);
    expect(shown('all')).toEqual([recent.id, morning.id, yesterday.id]);
  });

  it('is UI state in the store, stepped through by the shortcut', () => {
    setTimeWindow('6h');
    expect(useIncidentViewStore.getState().timeWindow).toBe('6h');
    expect(nextTimeWindow('6h')).toBe('24h');
    expect(nextTimeWindow('all')).toBe('1h');
  });

  it('leaves out incidents the person no longer sees (reassigned away)', () => {
    const ids = visibleIncidents(picture, new Set(), { canSee: (i) => i.id !== morning.id }).map((i) => i.id);
    expect(ids).toEqual([recent.id, yesterday.id]);
  });
});

describe('the panel’s pickers', () => {
  it('close when another incident is selected', () => {
    selectIncident('a');
    setOpenPicker('units');
    selectIncident('a');
    expect(useIncidentViewStore.getState().openPicker).toBe('units');
    selectIncident('b');
    expect(useIncidentViewStore.getState().openPicker).toBeNull();
  });
});
