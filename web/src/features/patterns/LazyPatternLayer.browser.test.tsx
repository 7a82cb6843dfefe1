import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { fakeApi } from '../../test/fakeServer.js';
import { renderInBrowser } from '../../test/render.js';
import type { MapExtensionProps } from '../map/extensions.js';
import type { IncidentMap } from '../map/incidentMap.js';
import { LazyPatternLayer } from './LazyPatternLayer.js';

/** How many times the pattern layer rendered. */
const layerRenders = vi.hoisted(() => ({ count: 0 }));

// The layer itself, counted and drawing nothing: the test is about when the map view's commits reach it.
vi.mock('./PatternLayer.js', () => ({
  PatternLayer: (_props: MapExtensionProps) => {
    layerRenders.count += 1;
    return null;
  },
}));

/** Stands for the map view: it renders again on every change of the incidents (here, a click). */
function MapViewStandIn({ map }: { map: IncidentMap }) {
  const [commits, setCommits] = useState(0);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setCommits((n) => n + 1);
        }}
      >
        {`incidents changed ${commits} times`}
      </button>
      <LazyPatternLayer map={map} isInteractive />
    </>
  );
}

describe('pattern watch on the map', () => {
  it('does not render again when the map view renders again with the same map', async () => {
    fakeApi(() => undefined);
    // The stand-in layer reads nothing of the map.
    const map = Object.create(null) as IncidentMap;
    renderInBrowser(<MapViewStandIn map={map} />);
    await expect.poll(() => layerRenders.count, { timeout: 10_000 }).toBeGreaterThan(0);
    // The lazy layer's first renders (StrictMode renders twice) have all come once the page is
    // still for a while: a condition to wait on, not a sleep standing in for one.
    await expect
      .poll(
        async () => {
          const seen = layerRenders.count;
          await new Promise((resolve) => setTimeout(resolve, 200));
          return layerRenders.count === seen;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const before = layerRenders.count;
    const button = page.getByRole('button');
    for (let n = 1; n <= 5; n++) {
      await button.click();
      await expect.element(button).toHaveTextContent(`incidents changed ${n} times`);
    }
    expect(layerRenders.count).toBe(before);
  });
});
