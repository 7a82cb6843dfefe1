import type { Principal } from '@mirsad/shared';
import {
  Outlet,
  RouterProvider,
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
} from '@tanstack/react-router';
import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { ReviewSearchSchema, parseSearch, stringifySearch } from '../../app/search.js';
import { fakeApi } from '../../test/fakeServer.js';
import { makePrincipal } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { authQueries } from '../auth/queries.js';
import { ReviewView } from './ReviewView.js';

const COMMANDER = makePrincipal({ id: 'commander', role: 'commander', sectors: [] });
const TRAINER = makePrincipal({ id: 'trainer', role: 'trainer', sectors: [] });

/**
 * The review page under a router of its own, at `address`, with the app's own search schema and
 * address format, so what the filters write is what a colleague's browser would read.
 */
function renderReview(address: string, principal: Principal, locale: 'en' | 'ar' = 'en') {
  const rootRoute = createRootRoute({ component: Outlet });
  const reviewRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/review',
    validateSearch: ReviewSearchSchema,
    component: ReviewView,
  });
  const router = createRouter({
    routeTree: rootRoute.addChildren([reviewRoute]),
    history: createMemoryHistory({ initialEntries: [address] }),
    parseSearch,
    stringifySearch,
  });
  const rendered = renderInBrowser(<RouterProvider router={router} />, { locale });
  rendered.queryClient.setQueryData(authQueries.me().queryKey, principal);
  return router;
}

/** The API of an empty log and no exercises, as the server answers it. */
function emptyLog(): void {
  fakeApi((request) => {
    if (request.path === '/api/exercises') return { status: 200, body: { exercises: [] } };
    if (request.path.startsWith('/api/review/moments'))
      return { status: 200, body: { moments: [], first: null, last: null } };
    return undefined;
  });
}

/** The address the page is at, as a colleague would receive it (search decoded for reading). */
const addressOf = (router: { state: { location: { href: string } } }): string =>
  decodeURIComponent(router.state.location.href);

const selectedOf = (testId: string): string[] =>
  [...(page.getByTestId(testId).element() as HTMLSelectElement).selectedOptions].map(
    (option) => option.value,
  );

const optionsOf = (testId: string): string[] =>
  [...(page.getByTestId(testId).element() as HTMLSelectElement).options].map((option) => option.value);

describe('the review’s filters', () => {
  it('write the sectors chosen into the address and offer only those sectors’ categories', async () => {
    emptyLog();
    const router = renderReview('/review', COMMANDER);
    await expect.element(page.getByTestId('review-empty')).toBeVisible();
    expect(optionsOf('review-filter-category')).toContain('building-fire');

    await page.getByTestId('review-filter-sector').selectOptions(['traffic']);
    await vi.waitFor(() => {
      expect(addressOf(router)).toBe('/review?sector=traffic');
    });
    expect(optionsOf('review-filter-category')).toContain('collision');
    expect(optionsOf('review-filter-category')).not.toContain('building-fire');

    await page.getByTestId('review-filter-category').selectOptions(['collision']);
    await vi.waitFor(() => {
      expect(addressOf(router)).toBe('/review?sector=traffic&category=collision');
    });
    // Another sector drops the category chosen under the first.
    await page.getByTestId('review-filter-sector').selectOptions(['civil-defence']);
    await vi.waitFor(() => {
      expect(addressOf(router)).toBe('/review?sector=civil-defence');
    });
  });

  it('reproduce the view of an address sent by a colleague, exports and report included', async () => {
    emptyLog();
    renderReview('/review?sector=traffic&severity=4,5&from=2025-11-20T06:00:00.000Z', COMMANDER);
    await expect.element(page.getByTestId('review-empty')).toBeVisible();
    expect(selectedOf('review-filter-sector')).toEqual(['traffic']);
    expect(selectedOf('review-filter-severity')).toEqual(['4', '5']);
    // Kuwait time, three hours ahead of UTC.
    await expect.element(page.getByTestId('review-from')).toHaveValue('2025-11-20T09:00');
    const csv = page.getByTestId('export-csv').element().getAttribute('href') ?? '';
    expect(csv).toContain('sector=traffic');
    expect(csv).toContain('severity=4%2C5');
    expect(csv).toContain('from=2025-11-20T06%3A00%3A00.000Z');
  });

  it('speak Arabic, sector names included', async () => {
    emptyLog();
    renderReview('/review?sector=traffic', COMMANDER, 'ar');
    await expect.element(page.getByText('القطاعات')).toBeVisible();
    await expect.element(page.getByRole('region', { name: 'عوامل التصفية' })).toBeVisible();
    const sectors = page.getByTestId('review-filter-sector').element() as HTMLSelectElement;
    expect(sectors.selectedOptions[0]?.textContent).toBe('المرور');
    expect(optionsOf('review-scope')).toContain('');
  });

  it('never offer a trainer the live log', async () => {
    emptyLog();
    renderReview('/review', TRAINER);
    await expect.element(page.getByTestId('review-scope')).toBeVisible();
    expect(optionsOf('review-scope')).not.toContain('');
  });
});
