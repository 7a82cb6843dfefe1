import { lazy, Suspense, type ComponentProps } from 'react';
import { useI18n } from '../../i18n/useI18n.js';

// MapLibre is a megabyte of script: the page draws its lists and figures first and the map
// as soon as its chunk arrives (it is cached for a year after the first visit).
const MapView = lazy(() => import('./MapView.js').then((module) => ({ default: module.MapView })));

/** The room's map, loaded on demand; an empty map area holds its place meanwhile. */
export function LazyMapView(props: ComponentProps<typeof MapView>) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<div className="map" role="region" aria-label={t('map.label')} aria-busy="true" />}>
      <MapView {...props} />
    </Suspense>
  );
}
