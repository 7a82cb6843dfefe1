import { lazy, memo, Suspense } from 'react';
import type { MapExtensionProps } from '../map/extensions.js';

// Its own chunk, fetched once the map is on the screen: the map draws incidents first.
const PatternLayer = lazy(() =>
  import('./PatternLayer.js').then((module) => ({ default: module.PatternLayer })),
);

/**
 * Pattern watch's map layer, loaded on demand (see MAP_EXTENSIONS). Memoised: the map view
 * renders again on every change of the incidents (several times a second in a burst), and the
 * layer, which follows its own queries, has nothing to do then; its four queries' observers
 * and its series' filter were a good part of a burst's React work at 50,000 incidents.
 */
export const LazyPatternLayer = memo(function LazyPatternLayer(props: MapExtensionProps) {
  return (
    <Suspense fallback={null}>
      <PatternLayer {...props} />
    </Suspense>
  );
});
