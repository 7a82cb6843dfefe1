import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeServer.js';
import { makeIncident, makePrincipal, minutesAfterBase, updatedEvent } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { IncidentList } from './IncidentList.js';
import { incidentQueries } from './queries.js';
import type * as SeverityBadgeModule from './SeverityBadge.js';
import { resetIncidentView } from './store.js';

/** The incidents (as objects) whose row rendered, in order: every row renders its severity badge once. */
const rowRenders = vi.hoisted((): unknown[] => []);

// The real badge, counted: a row that renders again renders its badge again.
vi.mock('./SeverityBadge.js', async (importOriginal) => {
  const real = await importOriginal<typeof SeverityBadgeModule>();
  return {
    SeverityBadge: (props: Parameters<typeof SeverityBadgeModule.SeverityBadge>[0]) => {
      rowRenders.push(props.incident);
      return real.SeverityBadge(props);
    },
  };
});

beforeEach(() => {
  rowRenders.length = 0;
});

afterEach(() => {
  resetIncidentView();
});

describe('the live list in a burst', () => {
  it('renders again only the row whose incident changed, overdue rows included', async () => {
    // Reported long ago and never acknowledged: every row is overdue.
    const incidents = [1, 2, 3, 4, 5].map((n) => makeIncident(n, { reportedAt: minutesAfterBase(n) }));
    // The list asks for the picture as it mounts: answered, so that no failed request can turn
    // the query to an error under the picture the test holds.
    fakeApi((request) => {
      if (request.path === '/api/incidents?scope=active')
        return { status: 200, body: { seq: 10, incidents } };
      if (request.path === '/api/auth/me') return { status: 200, body: makePrincipal() };
      return undefined;
    });
    const rendered = renderInBrowser(<IncidentList />);
    const rows = () => document.querySelectorAll('[data-testid="incident-item"]');
    await expect.poll(() => rows().length, { timeout: 10_000 }).toBe(5);
    expect(document.querySelectorAll('[data-testid="overdue-badge"]')).toHaveLength(5);
    rowRenders.length = 0;

    const picture = rendered.queryClient.getQueryData(incidentQueries.picture().queryKey);
    const [, changed] = incidents;
    if (!picture || !changed) throw new Error('no picture');
    const next = picture.fold([updatedEvent(11, changed, { severity: 5 })]);
    rendered.queryClient.setQueryData(incidentQueries.picture().queryKey, next);
    await expect
      .poll(() =>
        document.querySelector(`[data-incident-id="${changed.id}"]`)?.closest('.incident-row--critical'),
      )
      .not.toBeNull();
    const titleOf = (incident: unknown): string | undefined =>
      [...picture.incidents, next.get(changed.id)].find((held) => held === incident)?.title;
    expect(new Set(rowRenders.map(titleOf))).toEqual(new Set([changed.title]));
    expect(rowRenders.every((incident) => incident === next.get(changed.id))).toBe(true);
  });
});
