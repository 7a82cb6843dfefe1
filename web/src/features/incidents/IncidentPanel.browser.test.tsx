import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { Picture } from '../../realtime/picture.js';
import { fakeApi } from '../../test/fakeServer.js';
import { makeIncident, makePrincipal } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { authQueries } from '../auth/queries.js';
import { IncidentPanel } from './IncidentPanel.js';
import { incidentQueries } from './queries.js';
import { selectIncident, useIncidentViewStore } from './store.js';
import type { Incident, Principal } from '@mirsad/shared';

/** Renders the panel as `principal` with `incidents` in the live picture and `selected` chosen. */
function renderPanel(
  principal: Principal,
  incidents: Incident[],
  selected: string,
  locale: 'en' | 'ar' = 'en',
) {
  const rendered = renderInBrowser(<IncidentPanel />, { locale });
  rendered.queryClient.setQueryData(authQueries.me().queryKey, principal);
  rendered.queryClient.setQueryData(incidentQueries.picture().queryKey, Picture.from({ seq: 1, incidents }));
  selectIncident(selected);
  return rendered;
}

beforeEach(() => {
  // The panel's sections (units, notes, support, history) ask the API; these tests answer nothing.
  fakeApi(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  selectIncident(null);
});

const officerOf = (sector: Principal['sectors'][number]) =>
  makePrincipal({ id: `officer-${sector}`, role: 'officer', sectors: [sector] });

describe('the incident panel', () => {
  it('shows an officer of the incident’s sector the report and the moves they may make', async () => {
    const incident = makeIncident(1, { title: 'Collision on the Fifth Ring Road', status: 'reported' });
    renderPanel(officerOf('traffic'), [incident], incident.id);
    await expect
      .element(page.getByRole('heading', { level: 2 }))
      .toHaveTextContent('Collision on the Fifth Ring Road');
    await expect.element(page.getByTestId('incident-status')).toHaveTextContent('Reported');
    await expect.element(page.getByTestId('status-action-acknowledged')).toBeVisible();
    expect(page.getByText('You can follow this incident but not act on it.').elements()).toHaveLength(0);
  });

  it('lets an officer of another sector follow the report but offers no move the server would refuse', async () => {
    const incident = makeIncident(2, { status: 'reported' });
    renderPanel(officerOf('civil-defence'), [incident], incident.id);
    await expect.element(page.getByText('You can follow this incident but not act on it.')).toBeVisible();
    expect(page.getByTestId('status-action-acknowledged').elements()).toHaveLength(0);
  });

  it('speaks Arabic throughout, the report’s own words excepted', async () => {
    const incident = makeIncident(3, { status: 'reported' });
    renderPanel(officerOf('civil-defence'), [incident], incident.id, 'ar');
    await expect.element(page.getByTestId('incident-status')).toHaveTextContent('مُبلَّغ');
    await expect.element(page.getByText('يمكنك متابعة هذا البلاغ دون التصرف فيه.')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'إغلاق' })).toBeVisible();
  });

  it('leads from a merged report to the incident it was merged into', async () => {
    const survivor = makeIncident(4, { title: 'The survivor' });
    const merged = makeIncident(5, { title: 'The merged report', mergedInto: survivor.id });
    renderPanel(officerOf('traffic'), [survivor, merged], merged.id);
    await page.getByTestId('open-survivor').click();
    await vi.waitFor(() => {
      expect(useIncidentViewStore.getState().selectedId).toBe(survivor.id);
    });
    await expect.element(page.getByRole('heading', { level: 2 })).toHaveTextContent('The survivor');
  });

  it('says so when the chosen incident cannot be loaded, and closes', async () => {
    renderPanel(officerOf('traffic'), [], makeIncident(6).id);
    await expect.element(page.getByText('This incident could not be loaded.')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
    await vi.waitFor(() => {
      expect(useIncidentViewStore.getState().selectedId).toBeNull();
    });
  });
});
