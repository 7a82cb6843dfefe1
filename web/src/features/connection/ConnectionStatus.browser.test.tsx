import { Profiler } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { setConnectionStatus, useConnectionStore } from '../../realtime/connectionStore.js';
import { renderInBrowser } from '../../test/render.js';
import { ConnectionStatus } from './ConnectionStatus.js';

afterEach(() => {
  useConnectionStore.setState({ state: 'catching-up', problem: null, dataAsOf: null });
});

describe('the live link in the header', () => {
  it('does not render again as the picture’s time moves on while live, and shows it once behind', async () => {
    setConnectionStatus({ state: 'live', problem: null, dataAsOf: Date.parse('2025-11-20T06:00:00Z') });
    let renders = 0;
    renderInBrowser(
      <Profiler
        id="connection"
        onRender={() => {
          renders += 1;
        }}
      >
        <ConnectionStatus />
      </Profiler>,
    );
    const status = () => document.querySelector('[data-testid="connection-state"]');
    await expect.poll(() => status()?.getAttribute('data-state')).toBe('live');
    const before = renders;

    // The session moves "as of" on once a second while live, through a burst.
    for (let second = 1; second <= 5; second++) {
      setConnectionStatus({ dataAsOf: Date.parse('2025-11-20T06:00:00Z') + second * 1_000 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(renders).toBe(before);

    setConnectionStatus({ state: 'reconnecting' });
    await expect.poll(() => status()?.textContent).toContain('09:00:05');
  });
});
