import type { LocalizedText, UnitStatus } from '@mirsad/shared';

/** The name of each unit status, in both languages (shared names types, not statuses). */
export const UNIT_STATUS_NAMES: Readonly<Record<UnitStatus, LocalizedText>> = {
  available: { en: 'Available', ar: 'متاحة' },
  assigned: { en: 'Assigned', ar: 'مكلّفة' },
  en_route: { en: 'En route', ar: 'في الطريق' },
  on_scene: { en: 'On scene', ar: 'في الموقع' },
  out_of_service: { en: 'Out of service', ar: 'خارج الخدمة' },
};

/** A distance for people: metres below a kilometre, else kilometres with one decimal. */
export function distanceParts(distanceM: number): { value: number; unit: 'm' | 'km' } {
  return distanceM < 1_000
    ? { value: Math.round(distanceM / 10) * 10, unit: 'm' }
    : { value: Math.round(distanceM / 100) / 10, unit: 'km' };
}
