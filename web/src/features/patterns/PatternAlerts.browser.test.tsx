import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { fakeApi } from '../../test/fakeServer.js';
import { makePrincipal } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { authQueries } from '../auth/queries.js';
import { useIncidentViewStore } from '../incidents/store.js';
import { PatternAlerts } from './PatternAlerts.js';
import { patternQueries } from './queries.js';
import { burglarySeries } from '@mirsad/mock-data/testing';
import { makeAcknowledgement } from './testPatterns.js';
import { WallPatternCallout } from './WallPatternCallout.js';

const CRIME_OFFICER = makePrincipal({
  id: 'crime',
  displayName: 'Criminal Security Officer',
  sectors: ['criminal-security'],
});

describe('the pattern alert', () => {
  it('explains a new series in English and lets an officer of its sector acknowledge it', async () => {
    const series = burglarySeries(1);
    const { sent } = fakeApi((request) =>
      request.method === 'POST'
        ? { status: 200, body: { ...series, acknowledgements: [makeAcknowledgement(2)] } }
        : undefined,
    );
    const { queryClient } = renderInBrowser(<PatternAlerts />);
    queryClient.setQueryData(authQueries.me().queryKey, CRIME_OFFICER);
    queryClient.setQueryData(patternQueries.active().queryKey, [series]);

    const alert = page.getByTestId('pattern-alert');
    await expect.element(alert).toHaveAttribute('data-state', 'new');
    await expect
      .element(page.getByTestId('pattern-explanation'))
      .toHaveTextContent('10 burglaries within 400 m of Rumaithiya in 5 days');
    await expect.element(alert).toHaveTextContent('New crime series');
    await page.getByTestId('pattern-acknowledge').click();
    await vi.waitFor(() => {
      expect(sent).toContainEqual({
        method: 'POST',
        path: `/api/patterns/${series.id}/acknowledge`,
        body: {},
      });
    });
    await expect.element(alert).toHaveAttribute('data-state', 'acknowledged');
    await expect
      .element(page.getByTestId('pattern-acknowledged'))
      .toHaveTextContent('Acknowledged by Criminal Security Officer');
    expect(page.getByTestId('pattern-acknowledge').elements()).toHaveLength(0);
  });

  it('offers no acknowledgement to an officer of another sector, as the policy says', async () => {
    const { queryClient } = renderInBrowser(<PatternAlerts />);
    queryClient.setQueryData(authQueries.me().queryKey, makePrincipal());
    queryClient.setQueryData(patternQueries.active().queryKey, [burglarySeries(2)]);
    await expect.element(page.getByTestId('pattern-alert')).toBeVisible();
    expect(page.getByTestId('pattern-acknowledge').elements()).toHaveLength(0);
  });

  it('speaks Arabic, with the explanation in Arabic', async () => {
    const { queryClient } = renderInBrowser(<PatternAlerts />, { locale: 'ar' });
    queryClient.setQueryData(authQueries.me().queryKey, makePrincipal({ role: 'commander', sectors: [] }));
    queryClient.setQueryData(patternQueries.active().queryKey, [burglarySeries(3)]);
    await expect
      .element(page.getByTestId('pattern-explanation'))
      .toHaveTextContent('سطو ضمن 400 م من الرميثية');
    await expect.element(page.getByTestId('pattern-alert')).toHaveTextContent('سلسلة جرائم جديدة');
    await expect.element(page.getByTestId('pattern-acknowledge')).toHaveTextContent('إقرار');
    // No English word is left in the Arabic alert: only the sector chip's code and the statistic's `p` are Latin.
    const item = page.getByTestId('pattern-alert').element().cloneNode(true) as HTMLElement;
    for (const chip of item.querySelectorAll('.sector-chip')) chip.remove();
    expect(item.textContent.replace(/\bp\b/g, '')).not.toMatch(/[A-Za-z]/);
  });

  it('puts the series waiting for an acknowledgement first', async () => {
    const known = { ...burglarySeries(4), acknowledgements: [makeAcknowledgement(1)] };
    const waiting = burglarySeries(5);
    const { queryClient } = renderInBrowser(<PatternAlerts />);
    queryClient.setQueryData(authQueries.me().queryKey, CRIME_OFFICER);
    queryClient.setQueryData(patternQueries.active().queryKey, [known, waiting]);
    await expect.element(page.getByTestId('pattern-alerts')).toBeVisible();
    const order = page
      .getByTestId('pattern-alert')
      .elements()
      .map((item) => item.dataset['patternId']);
    expect(order).toEqual([waiting.id, known.id]);
  });
});

describe("the wall's pattern callout", () => {
  it('shows the newest series nobody acknowledged, in the wall’s language, and goes once one has', async () => {
    const series = burglarySeries(6);
    const { queryClient } = renderInBrowser(<WallPatternCallout />, { locale: 'ar' });
    queryClient.setQueryData(patternQueries.active().queryKey, [series]);
    await expect.element(page.getByTestId('wall-pattern-explanation')).toHaveTextContent('الرميثية');
    queryClient.setQueryData(patternQueries.active().queryKey, [
      { ...series, acknowledgements: [makeAcknowledgement(1)] },
    ]);
    await expect.element(page.getByTestId('wall-pattern')).not.toBeInTheDocument();
  });

  it('leaves out a series of sectors the wall does not show (`?sectors=`)', async () => {
    useIncidentViewStore.setState({ hiddenSectors: new Set(['criminal-security']) });
    try {
      const { queryClient } = renderInBrowser(<WallPatternCallout />);
      queryClient.setQueryData(patternQueries.active().queryKey, [burglarySeries(7)]);
      await expect.element(page.getByTestId('wall-pattern')).not.toBeInTheDocument();
      useIncidentViewStore.setState({ hiddenSectors: new Set(['traffic']) });
      await expect.element(page.getByTestId('wall-pattern')).toBeVisible();
    } finally {
      useIncidentViewStore.setState({ hiddenSectors: new Set() });
    }
  });
});
