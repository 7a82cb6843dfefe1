import {
  FACILITY_KINDS,
  FacilitySchema,
  GOVERNORATE_IDS,
  governorateOf,
  isInArea,
  type FacilityKind,
} from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { FACILITIES_FILE, loadFacilities, parseFacilities } from './facilities.js';
import { readDataFile } from './data-file.js';
import { loadGovernorates } from './governorates.js';

const facilities = loadFacilities();
const governorates = loadGovernorates();
const ARABIC = /[\u0600-\u06ff]/;

describe('loadFacilities', () => {
  it('loads at least 70 facilities, each valid against FacilitySchema, with unique ids', () => {
    expect(facilities.length).toBeGreaterThanOrEqual(70);
    for (const facility of facilities) expect(FacilitySchema.safeParse(facility).success).toBe(true);
    expect(new Set(facilities.map((f) => f.id)).size).toBe(facilities.length);
  });

  it('puts every facility on land, in the governorate it names, as governorateOf computes it', () => {
    for (const facility of facilities) {
      const governorate = governorates.find((g) => g.id === facility.governorate);
      expect(governorate && isInArea(facility.location.coordinates, governorate.boundary), facility.id).toBe(
        true,
      );
      expect(governorateOf(facility.location, governorates), facility.id).toBe(facility.governorate);
    }
  });

  it.each<FacilityKind>(['police-station', 'fire-station', 'civil-defence-centre', 'shelter-site'])(
    'has a %s in every governorate',
    (kind) => {
      const covered = new Set(facilities.filter((f) => f.kind === kind).map((f) => f.governorate));
      expect([...covered].sort()).toEqual([...GOVERNORATE_IDS].sort());
    },
  );

  it('has every kind of facility', () => {
    expect(new Set(facilities.map((f) => f.kind))).toEqual(new Set(FACILITY_KINDS));
  });

  it('includes the main hospitals and coast guard bases, each in its real governorate', () => {
    const governorateById = new Map(facilities.map((f) => [f.id, f.governorate]));
    expect(
      Object.fromEntries(
        [
          'amiri-hospital',
          'mubarak-al-kabeer-hospital',
          'farwaniya-hospital',
          'adan-hospital',
          'jahra-hospital',
          'shuwaikh-coast-guard-base',
          'ras-al-jlaia-coast-guard-base',
          'khiran-coast-guard-base',
        ].map((id) => [id, governorateById.get(id)]),
      ),
    ).toEqual({
      'amiri-hospital': 'capital',
      // Named after the Amir, it stands in Jabriya, Hawalli: not in Mubarak Al-Kabeer.
      'mubarak-al-kabeer-hospital': 'hawalli',
      'farwaniya-hospital': 'farwaniya',
      'adan-hospital': 'ahmadi',
      'jahra-hospital': 'jahra',
      'shuwaikh-coast-guard-base': 'capital',
      'ras-al-jlaia-coast-guard-base': 'ahmadi',
      'khiran-coast-guard-base': 'ahmadi',
    });
  });

  it('gives a shelter capacity to shelter sites and to nothing else', () => {
    for (const facility of facilities) {
      expect(facility.shelterCapacity !== null, facility.id).toBe(facility.kind === 'shelter-site');
    }
  });

  it('names every facility in Arabic script and in English without it', () => {
    for (const facility of facilities) {
      expect(facility.name.ar, facility.id).toMatch(ARABIC);
      expect(facility.name.en, facility.id).not.toMatch(ARABIC);
    }
  });
});

describe('parseFacilities', () => {
  const entries = (): Record<string, unknown>[] =>
    structuredClone(parseFacilities(readDataFile(FACILITIES_FILE)));

  it('names the facility and the field when a field is wrong', () => {
    const file = entries();
    const entry = file[3];
    if (!entry) throw new Error('the file has fewer than four facilities');
    entry.location = { type: 'Point', coordinates: [47.9, 'north'] };
    expect(() => parseFacilities(file)).toThrow(
      new RegExp(`facility 3 \\("${String(entry.id)}"\\) has a bad field location\\.coordinates\\.1`),
    );
  });

  it('refuses a repeated id', () => {
    const file = entries();
    const first = file[0];
    if (!first) throw new Error('the file is empty');
    file.push({ ...first });
    expect(() => parseFacilities(file)).toThrow(/repeats an id/);
  });

  it('refuses a shelter capacity on a police station', () => {
    const file = entries();
    const station = file.find((entry) => entry.kind === 'police-station');
    if (!station) throw new Error('the file has no police station');
    station.shelterCapacity = 500;
    expect(() => parseFacilities(file)).toThrow(/bad field shelterCapacity: only shelter sites have one/);
  });
});
