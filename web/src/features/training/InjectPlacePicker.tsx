import type { Position } from '@mirsad/shared';
import { Map as MapLibreMap, Marker } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { supportsWebGL } from '../map/incidentMap.js';
import { builtInStyle } from '../map/mapStyle.js';

/** How close the picker opens on the exercise's area. */
const PICKER_ZOOM = 10;

/** A small map on which the trainer clicks where the injected incident is. */
export function InjectPlacePicker({
  center,
  place,
  onPick,
}: {
  center: Position;
  place: Position | null;
  onPick: (position: Position) => void;
}) {
  const { t, number } = useI18n();
  const [hasWebGL] = useState(supportsWebGL);
  const marker = useRef<Marker | null>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);

  const mount = useCallback(
    (container: HTMLDivElement | null) => {
      if (!container) return;
      const created = new MapLibreMap({
        container,
        style: builtInStyle(),
        center,
        zoom: PICKER_ZOOM,
        dragRotate: false,
        attributionControl: false,
        maplibreLogo: false,
        renderWorldCopies: false,
      });
      created.on('click', (event) => {
        pick.current([event.lngLat.lng, event.lngLat.lat]);
      });
      setMap(created);
      return () => {
        created.remove();
        setMap(null);
      };
    },
    // The picker opens where the exercise is; it is not moved when the parent re-renders.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  useEffect(() => {
    if (!map) return;
    if (place === null) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    marker.current ??= new Marker({ color: '#ff5a2e' }).setLngLat(place).addTo(map);
    marker.current.setLngLat(place);
  }, [map, place]);

  if (!hasWebGL) return <p className="panel-note">{t('map.unavailable')}</p>;
  return (
    <div className="inject-picker">
      <div
        ref={mount}
        className="inject-picker__map"
        data-testid="inject-map"
        aria-label={t('training.inject.mapLabel')}
      />
      <p className="inject-picker__place" dir="ltr">
        {place
          ? `${number(Number(place[1].toFixed(4)))}° N, ${number(Number(place[0].toFixed(4)))}° E`
          : t('training.inject.clickMap')}
      </p>
    </div>
  );
}
