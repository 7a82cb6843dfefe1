import type { ComponentType } from 'react';
import { LazyPatternLayer } from '../patterns/LazyPatternLayer.js';
import { PatrolKey } from '../patrols/PatrolKey.js';
import { PatrolLayer } from '../patrols/PatrolLayer.js';
import { SensorKey } from '../sensors/SensorKey.js';
import { SensorLayer } from '../sensors/SensorLayer.js';
import type { IncidentMap } from './incidentMap.js';
import { WarningsLayer } from '../warnings/WarningsLayer.js';

/** What a feature's map layer is given: the room's map, and whether it is worked (room) or watched (wall). */
export interface MapExtensionProps {
  map: IncidentMap;
  isInteractive: boolean;
}

/**
 * The features that draw on the live map besides incidents, units and shelters (patterns,
 * sensors, warnings). Each is a component rendered beside the map (the room's and the wall's):
 * it adds its sources and layers through `map.whenReady`, keeps them up to date from its own
 * queries, and may render its key. A feature joins the map by adding itself here, so the map's
 * code does not grow with every layer. Keep each one lazy inside if it is heavy.
 */
export const MAP_EXTENSIONS: readonly ComponentType<MapExtensionProps>[] = [
  LazyPatternLayer,
  PatrolLayer,
  SensorLayer,
  WarningsLayer,
];

/**
 * Sections a feature adds to the map's key (`MapLegend`): its layer switches and what its
 * symbols mean, in the room (the wall shows no key). Rendered in order after the map's own switches.
 */
export const MAP_LEGEND_SECTIONS: readonly ComponentType[] = [SensorKey, PatrolKey];
