import { describe, expect, it } from 'vitest';
import { reviewAddressOf } from '../features/review/store.js';
import { parseWallConfig } from '../features/wall/wallConfig.js';
import {
  ReviewSearchSchema,
  RoomSearchSchema,
  TrainingSearchSchema,
  parseSearch,
  stringifySearch,
} from './search.js';

describe('the address of a review', () => {
  const address =
    '?from=2026-11-30T06:00:00.000Z&to=2026-11-30T09:00:00.000Z&sector=traffic,civil-defence' +
    '&governorate=capital&severity=4,5&incident=inc-42&milestone=dispatch';

  it('gives back the range, filters, incident and milestone it was made from', () => {
    const review = reviewAddressOf(ReviewSearchSchema.parse(parseSearch(address)));
    expect(review).toEqual({
      filter: { sector: ['traffic', 'civil-defence'], governorate: ['capital'], severity: [4, 5] },
      fromMs: Date.parse('2026-11-30T06:00:00.000Z'),
      toMs: Date.parse('2026-11-30T09:00:00.000Z'),
      selectedIncidentId: 'inc-42',
      milestone: 'dispatch',
    });
  });

  it('is written back as the same plain, shareable query string', () => {
    const search = ReviewSearchSchema.parse(parseSearch(address));
    expect(ReviewSearchSchema.parse(parseSearch(stringifySearch(search)))).toEqual(search);
    expect(stringifySearch(search)).toContain('sector=traffic,civil-defence');
  });

  it('drops a mangled value instead of refusing the whole address', () => {
    const search = ReviewSearchSchema.parse(
      parseSearch('?from=yesterday&sector=nowhere&severity=9&exercise=../api&milestone=dispatch'),
    );
    expect(search).toEqual({ milestone: 'dispatch' });
  });
});

describe('the address of the room', () => {
  it('names the open incident and the exercise followed', () => {
    expect(RoomSearchSchema.parse(parseSearch('?incident=inc-7&exercise=ex-0a1b2c3d&lang=en'))).toEqual({
      incident: 'inc-7',
      exercise: 'ex-0a1b2c3d',
    });
  });
});

describe('the address of the training console', () => {
  it('names a debrief only with a well-formed exercise id', () => {
    expect(TrainingSearchSchema.parse(parseSearch('?debrief=ex-0a1b2c3d&lang=ar')).debrief).toBe(
      'ex-0a1b2c3d',
    );
    expect(TrainingSearchSchema.parse(parseSearch('?debrief=../api')).debrief).toBeUndefined();
  });
});

describe("the address of a wall's slice", () => {
  it('reads sectors, governorates, panels, tour and sound as the router does', () => {
    const config = parseWallConfig(
      '?sectors=traffic,fire-marine-rescue&governorates=capital&panels=map,ticker&tour=60&sound=1',
    );
    expect(config.sectors).toEqual(['traffic', 'fire-marine-rescue']);
    expect(config.governorates).toEqual(['capital']);
    expect([...config.panels]).toEqual(['map', 'ticker']);
    expect(config.tourSeconds).toBe(60);
    expect(config.isSoundOn).toBe(true);
  });
});
