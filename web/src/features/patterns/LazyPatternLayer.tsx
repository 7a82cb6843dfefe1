import { lazy, Suspense } from 'react';
import type { MapExtensionProps } from '../map/extensions.js';

// Its own chunk, fetched once the map is on the screen: the map draws incidents first.
const PatternLayer = lazy(() =>
  import('./PatternLayer.js').then((module) => ({ default: module.PatternLayer })),
);

/** Pattern watch's map layer, loaded on demand (see MAP_EXTENSIONS). */
export function LazyPatternLayer(props: MapExtensionProps) {
  return (
    <Suspense fallback={null}>
      <PatternLayer {...props} />
    </Suspense>
  );
}
