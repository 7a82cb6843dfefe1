import type { MapOptions } from 'maplibre-gl';

// maplibre-gl 6 does not re-export the style-spec types; these are the same types, reached
// through the options that use them.

/** A MapLibre style document. */
export type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

/** One layer of a style. */
export type LayerSpecification = StyleSpecification['layers'][number];

/** One source of a style. */
export type SourceSpecification = StyleSpecification['sources'][string];

type CircleLayer = Extract<LayerSpecification, { type: 'circle' }>;
type CirclePaint = NonNullable<CircleLayer['paint']>;

/** A layer filter. */
export type FilterSpecification = NonNullable<CircleLayer['filter']>;

/** A style expression: the array forms of a data-driven property. */
export type ExpressionSpecification = Extract<NonNullable<CirclePaint['circle-color']>, unknown[]>;
