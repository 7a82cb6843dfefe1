import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { makeIncident } from '../test/fixtures.js';
import { renderInBrowser } from '../test/render.js';
import { OverdueBadge } from '../features/incidents/OverdueBadge.js';
import { CriticalCallout } from '../features/wall/WallView.js';

/** What the compositor can animate without the page painting each frame again. */
const COMPOSITOR_PROPERTIES: ReadonlySet<string> = new Set(['opacity', 'transform']);
/** Keys of a keyframe that are not animated properties. */
const KEYFRAME_KEYS: ReadonlySet<string> = new Set(['offset', 'computedOffset', 'easing', 'composite']);

/** The page's running CSS animations: which, how many times, and what they animate. */
function runningAnimations(): { name: string; iterations: number; properties: string[] }[] {
  return document.getAnimations().map((animation) => {
    const effect = animation.effect as KeyframeEffect;
    return {
      name: animation instanceof CSSAnimation ? animation.animationName : animation.id,
      iterations: effect.getComputedTiming().iterations ?? 1,
      properties: [
        ...new Set(
          effect
            .getKeyframes()
            .flatMap((frame) => Object.keys(frame).filter((key) => !KEYFRAME_KEYS.has(key))),
        ),
      ],
    };
  });
}

// Each animation that runs forever has the browser draw a frame at every refresh for as long as
// it is shown; without a GPU that is a whole frame composited on the CPU, and in a storm the
// panel's overdue badge and the wall's critical callout are always shown.
describe('the pulses that call attention', () => {
  it('beat a few times and stop, animating only what the compositor draws alone', async () => {
    renderInBrowser(
      <>
        <OverdueBadge overdue={{ step: 'acknowledge', dueAtMs: 0, lateByMs: 12 * 60_000 }} />
        <CriticalCallout incident={makeIncident(1, { severity: 5 })} />
      </>,
    );
    await expect.element(page.getByTestId('wall-critical')).toBeVisible();
    await expect
      .poll(() =>
        runningAnimations()
          .map((animation) => animation.name)
          .sort(),
      )
      .toEqual(['pulse', 'wall-critical-pulse']);
    for (const animation of runningAnimations()) {
      expect(animation.iterations, animation.name).toBeLessThan(Number.POSITIVE_INFINITY);
      expect(
        animation.properties.filter((property) => !COMPOSITOR_PROPERTIES.has(property)),
        animation.name,
      ).toEqual([]);
    }
  });
});
