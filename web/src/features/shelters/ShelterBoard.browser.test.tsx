import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { fakeApi } from '../../test/fakeServer.js';
import { makePrincipal, makeShelter } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { ShelterBoard } from './ShelterBoard.js';

const SHELTERS = [
  makeShelter(1, { name: 'Mishref Hall', capacity: 300, occupancy: 120, needs: ['water'] }),
  makeShelter(2, { name: 'Jaber School', capacity: 2, occupancy: 2, status: 'full' }),
];

/** The API a civil defence officer's board reads. */
function serveShelters() {
  return fakeApi((request) => {
    if (request.path === '/api/auth/me')
      return { status: 200, body: makePrincipal({ id: 'civil-defence', sectors: ['civil-defence'] }) };
    if (request.path === '/api/shelters' && request.method === 'GET')
      return { status: 200, body: { shelters: SHELTERS } };
    if (request.path === '/api/facilities') return { status: 200, body: { facilities: [] } };
    if (request.method === 'PATCH')
      return { status: 200, body: { ...SHELTERS[0], occupancy: 150, version: 2 } };
    return undefined;
  });
}

describe('the shelters board', () => {
  it('adds up the open shelters and counts people and places in English', async () => {
    serveShelters();
    renderInBrowser(<ShelterBoard />);
    await expect.element(page.getByText('Mishref Hall')).toBeVisible();
    await expect.element(page.getByText('122 of 302 places in 2 open shelters')).toBeVisible();
    await expect.element(page.getByText('2 / 2 people')).toBeVisible();
  });

  it('counts in Arabic with the forms of the noun its numbers take', async () => {
    serveShelters();
    renderInBrowser(<ShelterBoard />, { locale: 'ar' });
    await expect.element(page.getByText('122 من 302 مكان في مركزين مفتوحين')).toBeVisible();
    await expect.element(page.getByText('2 / شخصان')).toBeVisible();
    await expect.element(page.getByText('120 / 300 شخص')).toBeVisible();
  });

  it('updates a shelter’s occupancy from labelled fields, naming the version it was read at', async () => {
    const { sent } = serveShelters();
    renderInBrowser(<ShelterBoard />);
    await page.getByTestId('shelter-update-button').first().click();
    await page.getByLabelText('People now').fill('150');
    await page.getByTestId('shelter-update-submit').click();
    await vi.waitFor(() => {
      expect(sent.find((request) => request.method === 'PATCH')?.body).toMatchObject({
        version: 1,
        occupancy: 150,
      });
    });
  });
});
