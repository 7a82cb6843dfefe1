// The exercise's map key shows wherever its map does (the room, the wall), not only in the console's lazy chunk.
import '../training/training.css';
import type { Overlay, Shelter } from '@mirsad/shared';
import { useState, type CSSProperties } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { OVERLAY_COLORS, type OverlayKind } from './exerciseOverlays.js';

const KIND_ORDER: readonly { kind: OverlayKind; label: MessageKey; shape: 'area' | 'line' }[] = [
  { kind: 'rain', label: 'training.overlay.rain', shape: 'area' },
  { kind: 'flooded-zone', label: 'training.overlay.flooded-zone', shape: 'area' },
  { kind: 'fire-perimeter', label: 'training.overlay.fire-perimeter', shape: 'area' },
  { kind: 'smoke-plume', label: 'training.overlay.smoke-plume', shape: 'area' },
  { kind: 'power-cut', label: 'training.overlay.power-cut', shape: 'area' },
  { kind: 'evacuation-zone', label: 'training.overlay.evacuation-zone', shape: 'line' },
  { kind: 'road-closure', label: 'training.overlay.road-closure', shape: 'line' },
];

/** What one row says about the overlays of its kind: the rain rate, the deepest water, or how many. */
function useDetail(kind: OverlayKind, active: readonly Overlay[]): string {
  const { t, number } = useI18n();
  if (kind === 'rain') {
    const rate = active[0]?.rainMmPerHour ?? 0;
    return rate > 0 ? t('training.overlay.rainRate', { rate: number(rate) }) : t('training.overlay.dry');
  }
  if (kind === 'flooded-zone') {
    const deepest = Math.max(0, ...active.map((overlay) => overlay.depthCm ?? 0));
    return t('training.overlay.floodDetail', { count: number(active.length), depth: number(deepest) });
  }
  return number(active.length);
}

function ConditionRow({
  kind,
  label,
  shape,
  overlays,
}: (typeof KIND_ORDER)[number] & { overlays: Overlay[] }) {
  const { t } = useI18n();
  const active = overlays.filter((overlay) => overlay.isActive);
  const detail = useDetail(kind, active);
  return (
    <li data-testid="exercise-condition" data-kind={kind} data-active={active.length}>
      <span
        className={`conditions__swatch conditions__swatch--${shape}`}
        style={{ '--swatch': OVERLAY_COLORS[kind] } as CSSProperties}
        aria-hidden="true"
      />
      <span className="conditions__name">{t(label)}</span>
      <span className="conditions__value">{detail}</span>
    </li>
  );
}

/**
 * The exercise's conditions over the map, and the key to its overlays: one row per kind the
 * scenario has drawn so far (rain rate, flooded zones and the deepest water, fire, smoke, cut
 * power, evacuation, closed roads), and the shelters' occupancy against their capacity.
 */
export function ExerciseConditions({
  overlays,
  shelters,
}: {
  overlays: readonly Overlay[];
  shelters: readonly Shelter[];
}) {
  const { t, number } = useI18n();
  const [isOpen, setOpen] = useState(true);
  const shown = KIND_ORDER.filter(({ kind }) => overlays.some((overlay) => overlay.kind === kind));
  const open = shelters.filter((shelter) => shelter.status !== 'closed');
  const occupancy = open.reduce((sum, shelter) => sum + shelter.occupancy, 0);
  const capacity = open.reduce((sum, shelter) => sum + shelter.capacity, 0);
  return (
    <section
      className="conditions"
      aria-labelledby="exercise-conditions-title"
      data-testid="exercise-conditions"
    >
      <button
        type="button"
        className="conditions__toggle"
        aria-expanded={isOpen}
        aria-controls="exercise-conditions-body"
        onClick={() => {
          setOpen(!isOpen);
        }}
      >
        <span id="exercise-conditions-title">{t('training.conditions.title')}</span>
      </button>
      {isOpen && (
        <ul className="conditions__list" id="exercise-conditions-body">
          {shown.length === 0 && <li className="conditions__none">{t('training.conditions.none')}</li>}
          {shown.map((row) => (
            <ConditionRow key={row.kind} {...row} overlays={overlays.filter((o) => o.kind === row.kind)} />
          ))}
          <li data-testid="exercise-condition" data-kind="shelters" data-active={open.length}>
            <span className="conditions__swatch conditions__swatch--shelter" aria-hidden="true" />
            <span className="conditions__name">{t('training.conditions.shelters')}</span>
            <span className="conditions__value">
              {open.length === 0
                ? t('training.conditions.noShelters')
                : t('training.conditions.shelterLoad', {
                    count: open.length,
                    occupancy: number(occupancy),
                    capacity: number(capacity),
                  })}
            </span>
          </li>
        </ul>
      )}
    </section>
  );
}
