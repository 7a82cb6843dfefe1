import {
  SECTOR_IDS,
  STATUS_NAMES,
  sectorById,
  type GovernorateId,
  type Incident,
  type SectorId,
  type Stats,
} from '@mirsad/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useI18n, type I18n } from '../../i18n/useI18n.js';
import { PanelBoundary } from '../../ui/PanelBoundary.js';
import type { MessageKey } from '../../i18n/messages.js';
import { throttleLatest } from '../../lib/throttle.js';
import { useConnectionStore } from '../../realtime/connectionStore.js';
import { pageExerciseId } from '../../realtime/exerciseMode.js';
import { useGovernorateNames } from '../geo/queries.js';
import { incidentQueries } from '../incidents/queries.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { SeverityBadge } from '../incidents/SeverityBadge.js';
import { useIncidentViewStore } from '../incidents/store.js';
import { useVisibleIncidents } from '../incidents/useVisibleIncidents.js';
import { LazyMapView as MapView } from '../map/LazyMapView.js';
import { WallPatternCallout } from '../patterns/WallPatternCallout.js';
import { focusIncident } from '../map/store.js';
import { shelterQueries } from '../shelters/queries.js';
import { unitQueries } from '../units/queries.js';
import { soundCriticalAlert } from './alertSound.js';
import { statsQueries } from './queries.js';
import './wall.css';
import { setWallHighlight, useWallStore } from './store.js';
import { useSecondClock } from './useSecondClock.js';
import { sumOverSectors, wallConfigOf } from './wallConfig.js';
import { isAwaitingAcknowledgement, newCriticalIncident, newestIncidents, tourStops } from './wallData.js';

/**
 * Shortest time between two reads of the figures caused by log events, in ms: a burst of
 * events costs one `GET /api/stats`, not one per event.
 */
const STATS_EVENT_THROTTLE_MS = 5_000;

const SECOND_MS = 1_000;

/** How long a failed wall panel waits before it draws itself again, ms: nobody is there to press Retry. */
const WALL_RETRY_MS = 15_000;

/** Seconds since `sinceMs`, never negative. */
function secondsSince(sinceMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - sinceMs) / SECOND_MS));
}

/** The newest of some ISO times in epoch ms, or null when there is none. */
function newestTime(times: readonly string[]): number | null {
  return times.reduce<number | null>((newest, at) => Math.max(newest ?? 0, Date.parse(at)), null);
}

/**
 * A median in seconds as "42 s", or from a minute on in whole minutes ("25 min"): the
 * seconds of a long median cannot be read across the room and do not change a decision.
 */
function duration(seconds: number | null, { t, number }: I18n): string {
  if (seconds === null) return t('wall.noValue');
  const whole = Math.round(seconds);
  if (whole < 60) return t('wall.seconds', { seconds: number(whole) });
  return t('wall.minutes', { minutes: number(Math.round(whole / 60)) });
}

/**
 * The wall display (`/wall`): watched from across the room, never worked. The live map, the
 * figures of `GET /api/stats` and a ticker of the latest changes, with `?sectors=`, `?panels=`,
 * `?tour=`, `?sound=` and `?lang=` chosen in the address. It reads the same cache and connection
 * store as the room; the realtime module keeps them live. With `?exercise=<id>` it shows that
 * exercise, and says EXERCISE all over so that nobody takes it for the real picture.
 */
export function WallView() {
  const { t } = useI18n();
  const search = useSearch({ from: '/wall' });
  const config = useMemo(() => wallConfigOf(search), [search]);
  const [exerciseId] = useState(pageExerciseId);
  const { panels, sectors, governorates } = config;
  const isExercise = exerciseId !== null;

  // The sector filter of the map and the ticker is the room's, set from the address.
  useEffect(() => {
    const shown = new Set<SectorId>(sectors);
    useIncidentViewStore.setState({ hiddenSectors: new Set(SECTOR_IDS.filter((id) => !shown.has(id))) });
    return () => {
      useIncidentViewStore.setState({ hiddenSectors: new Set() });
    };
  }, [sectors]);

  // So is the governorate filter, which only a wall sets: the room always shows the whole country.
  useEffect(() => {
    useIncidentViewStore.setState({
      shownGovernorates: governorates === null ? null : new Set(governorates),
    });
    return () => {
      useIncidentViewStore.setState({ shownGovernorates: null });
    };
  }, [governorates]);
  const title = useWallTitle(isExercise, governorates);

  const highlighted = useCriticalHighlight(config.isSoundOn);
  useMapTour(config.tourSeconds, highlighted !== null);

  return (
    <main
      className={isExercise ? 'wall wall--exercise' : 'wall'}
      data-testid="wall"
      data-exercise={exerciseId ?? undefined}
      aria-label={title}
    >
      {isExercise && <ExerciseBanner />}
      <WallStaleBanner />
      <AppliedSeq />
      <header className="wall__head">
        <h1 className="wall__title" data-testid="wall-title">
          {title}
        </h1>
        <ul className="wall__sectors" aria-label={t('wall.sectors')}>
          {sectors.map((sector) => (
            <li key={sector}>
              <SectorChip sector={sector} />
            </li>
          ))}
        </ul>
        <DataAges />
      </header>
      <div className={`wall__body${panels.has('map') ? '' : ' wall__body--no-map'}`}>
        {panels.has('map') && (
          <section className="wall__map" aria-label={t('map.label')}>
            <PanelBoundary panel="map" autoRetryMs={WALL_RETRY_MS}>
              <MapView isInteractive={false} />
            </PanelBoundary>
            {/* Keyed by the incident: a new critical one pulses again. */}
            {highlighted && <CriticalCallout key={highlighted.id} incident={highlighted} />}
            <PanelBoundary panel="patterns" autoRetryMs={WALL_RETRY_MS}>
              <WallPatternCallout />
            </PanelBoundary>
            {isExercise && (
              <p className="wall-exercise-mark" aria-hidden="true">
                {t('wall.exercise')}
              </p>
            )}
          </section>
        )}
        {panels.has('figures') && (
          <PanelBoundary panel="figures" autoRetryMs={WALL_RETRY_MS}>
            <WallFigures
              sectors={sectors}
              isFiltered={sectors.length < SECTOR_IDS.length}
              exerciseId={exerciseId}
              governorates={governorates}
            />
          </PanelBoundary>
        )}
      </div>
      {panels.has('ticker') && (
        <PanelBoundary panel="ticker" autoRetryMs={WALL_RETRY_MS}>
          <WallTicker />
        </PanelBoundary>
      )}
    </main>
  );
}

/** The wall's title, naming its governorates when the address narrows it to some (while their names load, their ids). */
function useWallTitle(isExercise: boolean, governorates: readonly GovernorateId[] | null): string {
  const { t, text, locale } = useI18n();
  const names = useGovernorateNames();
  const title = t(isExercise ? 'wall.exerciseTitle' : 'wall.title');
  if (governorates === null) return title;
  const places = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
    governorates.map((id) => {
      const name = names.get(id);
      return name ? text(name) : id;
    }),
  );
  return t('wall.titleSlice', { title, area: places });
}

/**
 * Flies the map to each new severity-5 incident and keeps it highlighted (the map's selection)
 * until someone acknowledges it, with three beeps when the address asks for sound. Incidents
 * already in the picture when the wall opened are not news and are not flown to.
 */
function useCriticalHighlight(isSoundOn: boolean): Incident | null {
  const { incidents, query } = useVisibleIncidents();
  const knownIds = useRef<Set<string> | null>(null);
  const highlightId = useWallStore((state) => state.highlightId);

  useEffect(() => {
    if (!query.data) return;
    if (knownIds.current === null) {
      knownIds.current = new Set(incidents.map((incident) => incident.id));
      return;
    }
    const critical = newCriticalIncident(incidents, knownIds.current);
    for (const incident of incidents) knownIds.current.add(incident.id);
    if (critical) {
      setWallHighlight(critical.id);
      focusIncident(critical.id);
      if (isSoundOn) soundCriticalAlert();
    }
  }, [incidents, query.data, isSoundOn]);

  const highlighted = incidents.find((incident) => incident.id === highlightId) ?? null;
  const current = highlighted && isAwaitingAcknowledgement(highlighted) ? highlighted : null;

  useEffect(() => {
    useIncidentViewStore.setState({ selectedId: current?.id ?? null });
  }, [current?.id]);
  useEffect(
    () => () => {
      setWallHighlight(null);
      useIncidentViewStore.setState({ selectedId: null });
    },
    [],
  );
  return current;
}

/**
 * The map's tour (`?tour=<seconds>`): every so many seconds it flies to the next open critical
 * incident or hotspot (see `tourStops`). It holds still while a new critical incident is
 * highlighted: that one stays in view until acknowledged.
 */
function useMapTour(tourSeconds: number | null, isPaused: boolean): void {
  const { incidents } = useVisibleIncidents();
  // Read by the timer when it fires, so a busy picture does not restart the timer.
  const latest = useRef(incidents);
  const stopIndex = useRef(0);
  useEffect(() => {
    latest.current = incidents;
  }, [incidents]);

  useEffect(() => {
    if (tourSeconds === null || isPaused) return;
    const timer = setInterval(() => {
      const stops = tourStops(latest.current);
      if (stops.length === 0) return;
      const stop = stops[stopIndex.current % stops.length];
      stopIndex.current += 1;
      if (stop) focusIncident(stop.id);
    }, tourSeconds * SECOND_MS);
    return () => {
      clearInterval(timer);
    };
  }, [tourSeconds, isPaused]);
}

/** The band across the top of an exercise's wall: this is not the real picture. */
function ExerciseBanner() {
  const { t } = useI18n();
  return (
    <div className="wall-exercise" data-testid="wall-exercise-banner" role="status">
      <strong>{t('wall.exercise')}</strong> {t('wall.exerciseNote')}
    </div>
  );
}

/**
 * The last event applied to the page's picture, as `<meta name="mirsad-seq">` (React puts it
 * in the head): how far behind the server the wall is, for the benchmark and for whoever
 * looks into a wall screen that seems late.
 */
function AppliedSeq() {
  const { data: seq } = useQuery({ ...incidentQueries.picture(), select: (picture) => picture.seq });
  return <meta name="mirsad-seq" content={String(seq ?? 0)} />;
}

export function CriticalCallout({ incident }: { incident: Incident }) {
  const { t } = useI18n();
  return (
    <div className="wall-critical" data-testid="wall-critical" role="alert">
      <span className="wall-critical__label">{t('wall.critical')}</span>
      <SectorChip sector={incident.sector} />
      <span className="wall-critical__title" dir="auto">
        {incident.title}
      </span>
    </div>
  );
}

/** The banner that says the wall may be behind, and since when; nothing while live. */
function WallStaleBanner() {
  const { t, time } = useI18n();
  const { state, dataAsOf } = useConnectionStore(
    useShallow((s) => ({ state: s.state, dataAsOf: s.dataAsOf })),
  );
  if (state !== 'disconnected' && state !== 'reconnecting') return null;
  const asOf = dataAsOf === null ? t('wall.noData') : t('wall.dataAsOf', { time: time(dataAsOf) });
  return (
    <div className="wall-stale" data-testid="wall-stale-banner" data-state={state} role="alert">
      {t(state === 'disconnected' ? 'wall.disconnected' : 'wall.reconnecting')} — {asOf}
    </div>
  );
}

/**
 * How old each kind of data on the wall is: incidents since the picture was last known to be
 * current, unit positions since the newest report of any unit, shelters since their last
 * change. A tracker feed that stopped shows here as a growing age even while the link is live.
 */
function DataAges() {
  const i18n = useI18n();
  const { t } = i18n;
  const dataAsOf = useConnectionStore((s) => s.dataAsOf);
  const { data: unitsAt } = useQuery({
    ...unitQueries.list(),
    select: (units) => newestTime(units.flatMap((unit) => (unit.position ? [unit.position.at] : []))),
  });
  const { data: sheltersAt } = useQuery({
    ...shelterQueries.list(),
    select: (shelters) => newestTime(shelters.map((shelter) => shelter.updatedAt)),
  });
  const nowMs = useSecondClock();
  const age = (sinceMs: number | null | undefined): string =>
    sinceMs === null || sinceMs === undefined
      ? t('wall.noValue')
      : duration(secondsSince(sinceMs, nowMs), i18n);
  return (
    <ul className="wall__ages" aria-label={t('wall.ages')}>
      <li data-testid="wall-age-incidents">
        {dataAsOf === null ? t('wall.incidentsLoading') : t('wall.age.incidents', { age: age(dataAsOf) })}
      </li>
      <li data-testid="wall-age-units">{t('wall.age.units', { age: age(unitsAt) })}</li>
      <li data-testid="wall-age-shelters">{t('wall.age.shelters', { age: age(sheltersAt) })}</li>
    </ul>
  );
}

/** The figures' tiles; read again when log events arrive (at most every 5 s) and every 30 s. */
export function WallFigures({
  sectors,
  isFiltered,
  exerciseId,
  governorates,
}: {
  sectors: readonly SectorId[];
  isFiltered: boolean;
  exerciseId: string | null;
  governorates: readonly GovernorateId[] | null;
}) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const stats = useQuery(statsQueries.summary(exerciseId, governorates));
  useRefreshOnEvents();
  const data = stats.data;
  const allSectors: MessageKey | undefined = isFiltered ? 'wall.allSectors' : undefined;

  return (
    <section className="wall-figures" aria-label={t('wall.figures')}>
      {data ? (
        <>
          <Tile
            name="open"
            label="wall.tile.open"
            value={number(sumOverSectors(data.openBySector, sectors))}
          />
          <Tile
            name="critical"
            label="wall.tile.critical"
            value={number(data.openBySeverity['5'])}
            scope={allSectors}
            isAlarm={data.openBySeverity['5'] > 0}
          />
          <Tile
            name="last-hour"
            label="wall.tile.lastHour"
            value={number(data.lastHour)}
            scope={allSectors}
          />
          <Tile
            name="ack"
            label="wall.tile.ack"
            value={duration(data.medianAcknowledgeS, i18n)}
            scope={allSectors}
          />
          <Tile
            name="dispatch"
            label="wall.tile.dispatch"
            value={duration(data.medianDispatchS, i18n)}
            scope={allSectors}
          />
          <Tile
            name="units"
            label="wall.tile.units"
            value={number(sumOverSectors(data.unitsAvailableBySector, sectors))}
          />
          <SheltersTile
            shelters={data.shelters}
            // Shelters serve whoever needs them: a governorate's screen still counts all of them.
            scope={governorates !== null ? 'wall.wholeCountry' : allSectors}
          />
        </>
      ) : (
        <p className="wall-figures__note">
          {stats.isError ? t('wall.figuresError') : t('wall.figuresLoading')}
        </p>
      )}
      {data && <FiguresAge updatedAt={stats.dataUpdatedAt} isError={stats.isError} />}
    </section>
  );
}

/** Reads the figures again when log events arrive: the picture's seq moves with every batch. */
function useRefreshOnEvents(): void {
  const queryClient = useQueryClient();
  const { data: seq } = useQuery({ ...incidentQueries.picture(), select: (picture) => picture.seq });
  const [refresh] = useState(() =>
    throttleLatest(() => {
      void queryClient.invalidateQueries({ queryKey: statsQueries.all() });
    }, STATS_EVENT_THROTTLE_MS),
  );
  const lastSeq = useRef<number | undefined>(undefined);
  useEffect(
    () => () => {
      refresh.cancel();
    },
    [refresh],
  );
  useEffect(() => {
    if (seq === undefined) return;
    // The first seq is the picture the figures were first read with: nothing new yet.
    if (lastSeq.current !== undefined && seq !== lastSeq.current) refresh.call();
    lastSeq.current = seq;
  }, [seq, refresh]);
}

function FiguresAge({ updatedAt, isError }: { updatedAt: number; isError: boolean }) {
  const { t, number } = useI18n();
  const nowMs = useSecondClock();
  return (
    <p className={isError ? 'wall__age wall__age--error' : 'wall__age'} data-testid="wall-age-figures">
      {t('wall.figuresUpdated', { seconds: number(secondsSince(updatedAt, nowMs)) })}
    </p>
  );
}

function Tile({
  name,
  label,
  value,
  detail,
  scope,
  isAlarm = false,
}: {
  name: string;
  label: MessageKey;
  value: string;
  detail?: string;
  /** What the figure covers when it is wider than the screen's slice ("all sectors"). */
  scope?: MessageKey | undefined;
  isAlarm?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={isAlarm ? 'wall-tile wall-tile--alarm' : 'wall-tile'} data-testid={`wall-tile-${name}`}>
      <span className="wall-tile__label">
        {t(label)}
        {scope !== undefined && <span className="wall-tile__scope"> · {t(scope)}</span>}
      </span>
      <span className="wall-tile__value">{value}</span>
      {detail !== undefined && <span className="wall-tile__detail">{detail}</span>}
    </div>
  );
}

function SheltersTile({ shelters, scope }: { shelters: Stats['shelters']; scope: MessageKey | undefined }) {
  const { t, number } = useI18n();
  return (
    <Tile
      name="shelters"
      label="wall.tile.shelters"
      value={`${number(shelters.occupancy)} / ${number(shelters.capacity)}`}
      detail={t('wall.sheltersOpen', { open: shelters.open })}
      scope={scope}
    />
  );
}

/** The incidents that changed last, one line; titles are text, never HTML. */
function WallTicker() {
  const { t, text, shortTime } = useI18n();
  const { incidents } = useVisibleIncidents();
  const newest = newestIncidents(incidents);
  return (
    <section className="wall-ticker" data-testid="wall-ticker" aria-label={t('wall.ticker')}>
      <h2 className="wall-ticker__title">{t('wall.ticker')}</h2>
      {newest.length === 0 ? (
        <p className="wall-ticker__empty">{t('wall.tickerEmpty')}</p>
      ) : (
        <ol className="wall-ticker__items">
          {newest.map((incident) => (
            <li key={incident.id} className="wall-ticker__item">
              <time className="wall-ticker__time" dateTime={incident.updatedAt}>
                {shortTime(incident.updatedAt)}
              </time>
              <SectorChip sector={incident.sector} />
              <SeverityBadge incident={incident} />
              <span className="wall-ticker__text" dir="auto" title={text(sectorById(incident.sector).name)}>
                {incident.title}
              </span>
              <span className="wall-ticker__status">{text(STATUS_NAMES[incident.status])}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
