import { HOTSPOT_CLASSES, HOTSPOT_CLASS_NAMES, patternGroupById, type HotspotClass } from '@mirsad/shared';
import type { CSSProperties, ReactNode } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import type { MapLayerId } from '../map/store.js';
import './patterns.css';
import { HOTSPOT_COLORS, PATTERN_COLORS } from './palette.js';
import type { NearRepeatKeyEntry } from './patternFeatures.js';

const swatch = (color: string): CSSProperties => ({ '--swatch': color }) as CSSProperties;

/**
 * The key of the pattern layers that are on: series circles and near-repeat zones, hot spot cells
 * by class, forecast cells. The room shows it inside the map's legend; the wall, which nobody opens, shows it in a
 * corner of the map. Its swatches take the map's own colours (palette.ts).
 */
export function PatternKey({
  layers,
  forecastTop,
  classes = HOTSPOT_CLASSES,
  nearRepeats = [],
  hotspotControl,
}: {
  layers: Readonly<Pick<Record<MapLayerId, boolean>, 'series' | 'hotspots' | 'forecast'>>;
  /** How many forecast cells are drawn (the `top` asked for). */
  forecastTop: number;
  /** The hot spot classes to name (a wall names only those on its map); all by default. */
  classes?: readonly HotspotClass[];
  /** The groups with near-repeat zones on the map, how far and how long (shown with the series). */
  nearRepeats?: readonly NearRepeatKeyEntry[];
  /** What chooses the hot spots' group (the room's legend), shown above their classes. */
  hotspotControl?: ReactNode;
}) {
  const { t, text } = useI18n();
  if (!layers.series && !layers.hotspots && !layers.forecast) return null;
  return (
    <div className="pattern-key" data-testid="pattern-key">
      <h3 className="panel-title">{t('patterns.key.title')}</h3>
      <ul className="legend__list">
        {layers.series && (
          <>
            <li>
              <span
                className="pattern-key__series"
                style={swatch(PATTERN_COLORS.series)}
                aria-hidden="true"
              />
              {t('patterns.key.series')}
            </li>
            <li>
              <span
                className="pattern-key__series pattern-key__series--new"
                style={swatch(PATTERN_COLORS.series)}
                aria-hidden="true"
              />
              {t('patterns.key.seriesNew')}
            </li>
          </>
        )}
        {layers.series && nearRepeats.length > 0 && (
          <li data-testid="pattern-key-near-repeats">
            <span
              className="pattern-key__zone"
              style={swatch(PATTERN_COLORS.nearRepeat)}
              aria-hidden="true"
            />
            <span>
              {t('patterns.key.nearRepeat')}
              {nearRepeats.map((entry) => (
                <span key={entry.group} className="pattern-key__note">
                  {t('patterns.key.nearRepeatNote', {
                    group: text(patternGroupById(entry.group).name),
                    distance: entry.radiusM,
                    days: entry.days,
                    zones: entry.zones,
                  })}
                </span>
              ))}
            </span>
          </li>
        )}
        {layers.forecast && (
          <li>
            <span
              className="pattern-key__cell pattern-key__cell--forecast"
              style={swatch(PATTERN_COLORS.forecast)}
              aria-hidden="true"
            />
            <span>
              {t('patterns.key.forecast')}
              <span className="pattern-key__note">
                {t('patterns.key.forecastNote', { count: forecastTop })}
              </span>
            </span>
          </li>
        )}
      </ul>
      {layers.hotspots && classes.length > 0 && (
        <>
          <h4 className="pattern-key__subtitle">{t('patterns.key.hotspots')}</h4>
          {hotspotControl}
          <ul className="legend__list legend__list--grid" data-testid="pattern-key-hotspots">
            {classes.map((id) => (
              <li key={id}>
                <span className="pattern-key__cell" style={swatch(HOTSPOT_COLORS[id])} aria-hidden="true" />
                {text(HOTSPOT_CLASS_NAMES[id])}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
