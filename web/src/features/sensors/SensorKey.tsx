import {
  DRONE_LOST_AFTER_MS,
  DRONE_STALE_AFTER_MS,
  DRONE_TRACK_MS,
  droneFreshness,
  type DroneState,
} from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { createClock } from '../../hooks/clock.js';
import { useI18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { LayerSwitch } from '../map/LayerSwitch.js';
import {
  BATTERY_CRITICAL_PCT,
  BATTERY_LOW_PCT,
  batteryClass,
  EMPTY_FLEET,
  type BatteryClass,
} from './droneFeatures.js';
import { sensorQueries } from './queries.js';
import { toggleSensorLayer, useSensorLayerStore, type SensorLayerId } from './store.js';
import './sensors.css';

const LAYERS: readonly { id: SensorLayerId; label: MessageKey }[] = [
  { id: 'drones', label: 'sensors.layers.drones' },
  { id: 'detections', label: 'sensors.layers.detections' },
];

/** Most drones the key lists by name; the rest are counted. */
const LISTED_DRONES = 6;

const useKeyClock = createClock(5_000);

/** How much a drone needs an officer's eye: lost, then stale, then a critical or low battery. */
function concernOf(state: DroneState, now: Date): number {
  const freshness = droneFreshness(state.heardAt, now);
  if (freshness !== 'live') return freshness === 'lost' ? 0 : 1;
  const battery = batteryClass(state.telemetry.batteryPct);
  return battery === 'critical' ? 2 : battery === 'low' ? 3 : 4;
}

/** One drone's line: its id, battery and how long since it was heard when it is not live. */
export function DroneStatus({ state, nowMs }: { state: DroneState; nowMs: number }) {
  const { t, number } = useI18n();
  const silentS = Math.max(0, Math.round((nowMs - Date.parse(state.heardAt)) / 1000));
  const freshness = droneFreshness(state.heardAt, new Date(nowMs));
  const battery = batteryClass(state.telemetry.batteryPct);
  return (
    <li className="drone-status" data-testid="drone-status" data-freshness={freshness} data-battery={battery}>
      <span className={`drone-status__dot drone-status__dot--${freshness}`} aria-hidden="true" />
      <bdi className="drone-status__id">{state.droneId}</bdi>
      <span className={`drone-status__battery drone-status__battery--${battery}`}>
        {t('sensors.drone.battery', { pct: number(Math.round(state.telemetry.batteryPct)) })}
      </span>
      <span className="drone-status__freshness">
        {t(`sensors.freshness.${freshness}`)}
        {freshness !== 'live' &&
          ` · ${
            silentS < 120
              ? t('sensors.drone.silentS', { seconds: silentS })
              : t('sensors.drone.silentMin', { minutes: Math.floor(silentS / 60) })
          }`}
      </span>
    </li>
  );
}

/** The drones the room hears now, the ones that need attention first. */
export function DroneStatusList({ drones, nowMs }: { drones: readonly DroneState[]; nowMs: number }) {
  const { t, number } = useI18n();
  const sorted = useMemo(() => {
    const now = new Date(nowMs);
    return [...drones].sort(
      (a, b) => concernOf(a, now) - concernOf(b, now) || a.droneId.localeCompare(b.droneId),
    );
  }, [drones, nowMs]);
  return (
    <div className="drone-list" data-testid="drone-list">
      <p className="drone-list__count">{t('sensors.drones.count', { count: drones.length })}</p>
      <ul className="legend__list">
        {sorted.slice(0, LISTED_DRONES).map((state) => (
          <DroneStatus key={state.droneId} state={state} nowMs={nowMs} />
        ))}
      </ul>
      {sorted.length > LISTED_DRONES && (
        <p className="muted">{t('sensors.drone.more', { more: number(sorted.length - LISTED_DRONES) })}</p>
      )}
    </div>
  );
}

const BATTERY_KEYS: readonly { battery: BatteryClass; label: MessageKey; pct?: number }[] = [
  { battery: 'ok', label: 'sensors.battery.ok' },
  { battery: 'low', label: 'sensors.battery.low', pct: BATTERY_LOW_PCT },
  { battery: 'critical', label: 'sensors.battery.critical', pct: BATTERY_CRITICAL_PCT },
];

/** The drones' and detections' part of the map's key: their switches, what the symbols mean, and the drones heard now. */
export function SensorKey() {
  const { t, number } = useI18n();
  const layers = useSensorLayerStore();
  const { data: fleet = EMPTY_FLEET } = useQuery(sensorQueries.drones());
  const nowMs = useKeyClock();
  const drones = useMemo(() => [...fleet.drones.values()], [fleet]);
  return (
    <section className="sensor-key" data-testid="sensor-key" aria-labelledby="sensor-key-title">
      <h3 id="sensor-key-title" className="panel-title">
        {t('sensors.key.title')}
      </h3>
      <fieldset className="map-legend__layers">
        <legend className="sr-only">{t('sensors.key.title')}</legend>
        {LAYERS.map((layer) => (
          <LayerSwitch
            key={layer.id}
            testId={`layer-${layer.id}`}
            label={t(layer.label)}
            isChecked={layers[layer.id]}
            onToggle={() => {
              toggleSensorLayer(layer.id);
            }}
          />
        ))}
      </fieldset>
      <ul className="legend__list">
        <li>
          <span className="sensor-key__drone sensor-key__drone--live" aria-hidden="true" />
          {t('sensors.freshness.live')}
        </li>
        <li>
          <span className="sensor-key__drone sensor-key__drone--stale" aria-hidden="true" />
          {t('sensors.key.stale', { seconds: DRONE_STALE_AFTER_MS / 1000 })}
        </li>
        <li>
          <span className="sensor-key__drone sensor-key__drone--lost" aria-hidden="true" />
          {t('sensors.key.lost', { minutes: DRONE_LOST_AFTER_MS / 60_000 })}
        </li>
        {BATTERY_KEYS.map(({ battery, label, pct }) => (
          <li key={battery}>
            <span className={`sensor-key__ring sensor-key__ring--${battery}`} aria-hidden="true" />
            {t(label, pct === undefined ? {} : { pct: number(pct) })}
          </li>
        ))}
        <li>
          <span className="sensor-key__footprint" aria-hidden="true" />
          {t('sensors.key.footprint')}
        </li>
        <li>
          <span className="sensor-key__track" aria-hidden="true" />
          {t('sensors.key.track', { minutes: DRONE_TRACK_MS / 60_000 })}
        </li>
        <li>
          <span className="sensor-key__heat" aria-hidden="true" />
          {t('sensors.key.detection')}
        </li>
      </ul>
      {layers.drones && <DroneStatusList drones={drones} nowMs={nowMs} />}
    </section>
  );
}
