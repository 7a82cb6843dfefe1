import type { GovernorateFeatureCollection } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { makeEvent, makeIncident, makePrincipal, makeWarning, reportedEvent } from '../../test/fixtures.js';
import { canProposeIncident } from './access.js';
import { applyEventsToWarnings } from './fold.js';
import { groupOf } from './WarningsBoard.js';
import { boundsOf, circleRing, infoFor, toWarningAreaFeatures } from './warningFeatures.js';
import {
  emptyForm,
  formFromIncident,
  formFromWarning,
  toNewWarning,
  type WarningForm,
} from './warningForm.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');

/** A form a person filled in completely, its area given by `area`. */
function filled(area: Partial<WarningForm>): WarningForm {
  return {
    ...emptyForm(NOW),
    event: 'Heavy rain',
    infos: [
      { language: 'ar', headline: 'أمطار', description: 'أمطار غزيرة', instruction: 'ابقَ في البيت' },
      { language: 'en', headline: 'Rain', description: 'Heavy rain', instruction: 'Stay at home' },
    ],
    areaDescription: { ar: 'الكويت', en: 'Kuwait' },
    ...area,
  };
}

describe('the authoring form', () => {
  it('closes a drawn polygon into the ring CAP and GeoJSON want', () => {
    const result = toNewWarning(
      filled({
        areaMode: 'polygon',
        polygon: [
          [48, 29],
          [48.1, 29],
          [48.1, 29.1],
        ],
      }),
      NOW,
    );
    expect(result.body?.area.polygon?.coordinates).toEqual([
      [
        [48, 29],
        [48.1, 29],
        [48.1, 29.1],
        [48, 29],
      ],
    ]);
  });

  it('reads times as Kuwait time and sends them in UTC without fractions', () => {
    const result = toNewWarning(
      filled({ governorates: ['capital'], onset: '2026-12-01T06:30', expires: '2026-12-01T18:00' }),
      NOW,
    );
    expect(result.body?.onset).toBe('2026-12-01T03:30:00Z');
    expect(result.body?.expires).toBe('2026-12-01T15:00:00Z');
  });

  it('refuses an end before the start, and a circle without a centre', () => {
    const result = toNewWarning(
      filled({ areaMode: 'circle', onset: '2026-12-01T18:00', expires: '2026-12-01T06:00' }),
      NOW,
    );
    expect(result.problems?.get('expires')?.key).toBe('warnings.invalid.expiresBeforeOnset');
    expect(result.problems?.get('area')?.key).toBe('warnings.invalid.circle');
  });

  it('drafts from an incident its kind, severity and place, but none of its internal words', () => {
    const incident = makeIncident(1, { severity: 5, title: 'Unit CD-07 stuck', description: 'caller Ahmad' });
    const form = formFromIncident(
      incident,
      { category: { en: 'Flooding', ar: 'سيول' }, governorate: { en: 'Ahmadi', ar: 'الأحمدي' } },
      NOW,
    );
    expect(form).toMatchObject({
      event: 'Flooding',
      severity: 'Extreme',
      areaMode: 'circle',
      incidentId: incident.id,
    });
    expect(form.infos.map((info) => info.headline)).toEqual(['سيول في الأحمدي', 'Flooding in Ahmadi']);
    expect(JSON.stringify(form)).not.toMatch(/CD-07|Ahmad\b/);
  });

  it('starts an Update from the warning it replaces', () => {
    const warning = makeWarning(1);
    const form = formFromWarning(warning, NOW);
    const result = toNewWarning(form, NOW);
    expect(result.body).toMatchObject({
      event: warning.event,
      severity: warning.severity,
      area: { circle: { center: [48.1, 29.1], radiusKm: 5 } },
      info: [{ headline: 'سيول 1' }, { headline: 'Flooding 1' }],
    });
  });
});

describe('the warnings fold', () => {
  it('keeps the higher version, so a replayed event changes nothing, and takes what an update replaced', () => {
    const v1 = makeWarning(1, { state: 'draft', version: 1, sent: null, approvedBy: null });
    const v2 = makeWarning(1);
    const update = makeWarning(2, { msgType: 'Update', replaces: v2.id });
    const replaced = { ...v2, state: 'updated' as const, replacedBy: update.id, version: 3 };
    const events = [
      makeEvent(1, 'warning.issued', { warning: v2, replaced: [] }),
      makeEvent(2, 'warning.drafted', { warning: v1, replaced: [] }),
      makeEvent(3, 'warning.issued', { warning: update, replaced: [replaced] }),
    ];
    // The draft's event read late does not take the issued warning back to a draft.
    expect(applyEventsToWarnings([], events.slice(0, 2)).map((w) => w.state)).toEqual(['issued']);
    const folded = applyEventsToWarnings([], events);
    expect(folded.find((w) => w.id === v1.id)?.state).toBe('updated');
    expect(folded).toHaveLength(2);
    // An event about something else leaves the very same list: nothing re-renders.
    expect(applyEventsToWarnings(folded, [reportedEvent(4, makeIncident(1))])).toBe(folded);
  });

  it('groups drafts, issued, received and ended warnings for the board', () => {
    expect(groupOf(makeWarning(1, { state: 'draft' }), NOW)).toBe('draft');
    expect(groupOf(makeWarning(1), NOW)).toBe('issued');
    expect(groupOf(makeWarning(1, { origin: 'received', state: 'received' }), NOW)).toBe('received');
    expect(groupOf(makeWarning(1, { expires: '2026-11-30T11:00:00.000Z' }), NOW)).toBe('ended');
    expect(groupOf(makeWarning(1, { state: 'cancelled' }), NOW)).toBe('ended');
  });
});

describe('warning areas on a map', () => {
  it('draws a CAP circle as a closed ring of its radius', () => {
    const ring = circleRing({ center: [48, 29], radiusKm: 10 });
    expect(ring).toHaveLength(65);
    expect(ring[0]).toEqual(ring[64]);
    // Ten kilometres north is about 0.09 degrees of latitude.
    const north = Math.max(...ring.map((p) => p[1]));
    expect(north - 29).toBeCloseTo(10 / 111.32, 3);
  });

  it('draws governorates from the gazetteer, most severe on top, and bounds what is asked', () => {
    const gazetteer: GovernorateFeatureCollection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'jahra', name_en: 'Jahra', name_ar: 'الجهراء' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [47, 29],
                [47.5, 29],
                [47.5, 29.5],
                [47, 29],
              ],
            ],
          },
        },
      ],
    };
    const extreme = makeWarning(1, { severity: 'Extreme' });
    const minor = makeWarning(2, {
      severity: 'Minor',
      area: { ...makeWarning(2).area, circles: [], governorates: ['jahra'] },
    });
    const collection = toWarningAreaFeatures([extreme, minor], gazetteer);
    expect(collection.features.map((f) => f.properties.severity)).toEqual(['Minor', 'Extreme']);
    expect(boundsOf(collection, new Set([minor.id]))).toEqual([
      [47, 29],
      [47.5, 29.5],
    ]);
  });

  it('reads a warning in the page’s language, else the other, else the one it has', () => {
    const urdu = { language: 'ur', headline: 'سیلاب', description: 'پانی', instruction: 'دور رہیں' };
    const english = { language: 'en-US', headline: 'Flood', description: 'Water', instruction: 'Keep away' };
    expect(infoFor({ info: [urdu, english] }, 'en').headline).toBe('Flood');
    expect(infoFor({ info: [urdu, english] }, 'ar').headline).toBe('Flood');
    expect(infoFor({ info: [urdu] }, 'ar').headline).toBe('سیلاب');
  });
});

describe('an incident from a received warning', () => {
  const viewer = (role: 'commander' | 'officer', sectors: ('operations' | 'traffic')[]) => ({
    principal: makePrincipal({ id: role, role, sectors }),
    exerciseId: null,
    members: null,
  });
  const received = makeWarning(1, { origin: 'received', state: 'received' });

  it('is offered to those who report for operations, for a warning in force with a drawn area', () => {
    expect(canProposeIncident(viewer('commander', []), received, NOW)).toBe(true);
    expect(canProposeIncident(viewer('officer', ['operations']), received, NOW)).toBe(true);
    expect(canProposeIncident(viewer('officer', ['traffic']), received, NOW)).toBe(false);
  });

  it('is not offered for an expired warning, nor for one given by governorates only', () => {
    const expired = { ...received, expires: '2026-11-30T11:00:00.000Z' };
    const byGovernorate = {
      ...received,
      area: { ...received.area, circles: [], governorates: ['ahmadi' as const] },
    };
    expect(canProposeIncident(viewer('commander', []), expired, NOW)).toBe(false);
    expect(canProposeIncident(viewer('commander', []), byGovernorate, NOW)).toBe(false);
  });
});
