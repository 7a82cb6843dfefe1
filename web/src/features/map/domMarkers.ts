import { Marker, type Map as MapLibreMap } from 'maplibre-gl';

/** One text drawn on the map as a DOM element. */
export interface DomLabel {
  key: string;
  lngLat: [number, number];
  text: string;
  className: string;
  /** Kept but not shown, such as a governorate's name while the governorate is too small. */
  isHidden?: boolean;
}

/**
 * Text on the map without glyph files: each label is a MapLibre Marker around a plain element
 * whose text is set with `textContent`, never as HTML. Markers are reused by key, so updating
 * a label (a new count, another language) moves no DOM nodes.
 */
export class DomMarkerSet {
  private readonly markers = new Map<string, Marker>();

  constructor(private readonly map: MapLibreMap) {}

  /** Shows exactly these labels: adds new ones, updates kept ones, removes the rest. */
  set(labels: Iterable<DomLabel>): void {
    const seen = new Set<string>();
    for (const label of labels) {
      seen.add(label.key);
      let marker = this.markers.get(label.key);
      if (!marker) {
        const element = document.createElement('div');
        // Set before the Marker adds its own classes; a key keeps its class for life.
        element.className = `map-label ${label.className}`;
        // Labels are read, not clicked: clicks go through to the map (a cluster zooms in).
        element.setAttribute('aria-hidden', 'true');
        marker = new Marker({ element, anchor: 'center' }).setLngLat(label.lngLat).addTo(this.map);
        this.markers.set(label.key, marker);
      } else {
        marker.setLngLat(label.lngLat);
      }
      const element = marker.getElement();
      if (element.textContent !== label.text) element.textContent = label.text;
      const isHidden = label.isHidden === true;
      if (element.hidden !== isHidden) element.hidden = isHidden;
    }
    for (const [key, marker] of this.markers) {
      if (!seen.has(key)) {
        marker.remove();
        this.markers.delete(key);
      }
    }
  }

  clear(): void {
    this.set([]);
  }
}
