import './map.css';
import { FACILITY_KINDS, FACILITY_KIND_NAMES, UNIT_TYPES, UNIT_TYPE_NAMES } from '@mirsad/shared';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { ResponseStage } from './incidentFeatures.js';
import { PatternLegend } from '../patterns/PatternLegend.js';
import { MAP_LEGEND_SECTIONS } from './extensions.js';
import { LayerSwitch } from './LayerSwitch.js';
import { iconDataUrl } from './mapIcons.js';
import { toggleLayer, useMapStore, type MapLayerId } from './store.js';
import { facilityIconId, unitIconId, type UnitStatusClass } from './unitFeatures.js';

const STAGES: readonly { stage: ResponseStage; label: MessageKey }[] = [
  { stage: 'waiting', label: 'legend.stage.waiting' },
  { stage: 'acknowledged', label: 'legend.stage.acknowledged' },
  { stage: 'dispatched', label: 'legend.stage.dispatched' },
  { stage: 'on-scene', label: 'legend.stage.onScene' },
  { stage: 'contained', label: 'legend.stage.contained' },
];

const UNIT_STATUS_CLASSES: readonly { statusClass: UnitStatusClass; label: MessageKey }[] = [
  { statusClass: 'free', label: 'legend.unit.free' },
  { statusClass: 'busy', label: 'legend.unit.busy' },
  { statusClass: 'off', label: 'legend.unit.off' },
];

const LAYERS: readonly { id: MapLayerId; label: MessageKey }[] = [
  { id: 'units', label: 'layers.units' },
  { id: 'shelters', label: 'layers.shelters' },
  { id: 'facilities', label: 'layers.facilities' },
  { id: 'series', label: 'patterns.layer.series' },
  { id: 'hotspots', label: 'patterns.layer.hotspots' },
  { id: 'forecast', label: 'patterns.layer.forecast' },
];

/** A legend swatch drawn from the map's own icon, so the key matches the map exactly. */
function IconSwatch({ id }: { id: string }) {
  const url = iconDataUrl(id);
  return url ? <img className="legend__icon" src={url} alt="" /> : null;
}

/**
 * The map's layer switches and its key: what the incident symbols, unit shapes and facility
 * tiles mean. Folded to a single button until opened, so it never covers the map by surprise.
 */
export function MapLegend() {
  const { t, text } = useI18n();
  const layers = useMapStore((state) => state.layers);
  const [isOpen, setOpen] = useState(false);
  return (
    <section className="map-legend" aria-labelledby="map-legend-title" data-testid="map-legend">
      <button
        type="button"
        className="button map-legend__toggle"
        aria-expanded={isOpen}
        aria-controls="map-legend-body"
        onClick={() => {
          setOpen(!isOpen);
        }}
      >
        <span id="map-legend-title">{t('legend.title')}</span>
      </button>
      {isOpen && (
        <div className="map-legend__body" id="map-legend-body">
          <fieldset className="map-legend__layers">
            <legend className="panel-title">{t('layers.title')}</legend>
            {LAYERS.map((layer) => (
              <LayerSwitch
                key={layer.id}
                testId={`layer-${layer.id}`}
                label={t(layer.label)}
                isChecked={layers[layer.id]}
                onToggle={() => {
                  toggleLayer(layer.id);
                }}
              />
            ))}
          </fieldset>
          {MAP_LEGEND_SECTIONS.map((Section, index) => (
            <Section key={index} />
          ))}
          <h3 className="panel-title">{t('legend.incidents')}</h3>
          <ul className="legend__list">
            {STAGES.map(({ stage, label }) => (
              <li key={stage}>
                <span className={`legend__stage legend__stage--${stage}`} aria-hidden="true" />
                {t(label)}
              </li>
            ))}
            <li>
              <span className="legend__stage legend__stage--overdue" aria-hidden="true" />
              {t('legend.overdue')}
            </li>
          </ul>
          <h3 className="panel-title">{t('legend.units')}</h3>
          <ul className="legend__list legend__list--grid">
            {UNIT_TYPES.map((type) => (
              <li key={type}>
                <IconSwatch id={unitIconId(type, 'operations', 'free')} />
                {text(UNIT_TYPE_NAMES[type])}
              </li>
            ))}
            {UNIT_STATUS_CLASSES.map(({ statusClass, label }) => (
              <li key={statusClass}>
                <IconSwatch id={unitIconId('patrol', 'traffic', statusClass)} />
                {t(label)}
              </li>
            ))}
          </ul>
          <PatternLegend />
          {layers.facilities && (
            <>
              <h3 className="panel-title">{t('legend.facilities')}</h3>
              <ul className="legend__list legend__list--grid">
                {FACILITY_KINDS.map((kind) => (
                  <li key={kind}>
                    <IconSwatch id={facilityIconId(kind)} />
                    {text(FACILITY_KIND_NAMES[kind])}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
