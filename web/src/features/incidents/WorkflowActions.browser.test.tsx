import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { fakeApi } from '../../test/fakeServer.js';
import { makeIncident } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { WorkflowActions } from './WorkflowActions.js';

describe('the workflow actions of an incident', () => {
  it('offer the moves the workflow allows from "reported", and send the one pressed with its version', async () => {
    const incident = makeIncident(1, { status: 'reported', version: 4 });
    const { sent } = fakeApi((request) =>
      request.method === 'PATCH'
        ? { status: 200, body: { ...incident, status: 'acknowledged', version: 5 } }
        : undefined,
    );
    renderInBrowser(<WorkflowActions incident={incident} />);
    await expect.element(page.getByTestId('status-action-acknowledged')).toHaveTextContent('Acknowledge');
    await expect.element(page.getByTestId('status-action-cancelled')).toBeVisible();
    expect(page.getByTestId('status-action-closed').elements()).toHaveLength(0);

    await page.getByTestId('status-action-acknowledged').click();
    await vi.waitFor(() => {
      expect(sent).toContainEqual({
        method: 'PATCH',
        path: `/api/incidents/${incident.id}`,
        body: { status: 'acknowledged', version: 4 },
      });
    });
  });

  it('sends a new severity as a number, chosen from a labelled list', async () => {
    const incident = makeIncident(2, { severity: 2, version: 1 });
    const { sent } = fakeApi(() => ({ status: 200, body: { ...incident, severity: 4, version: 2 } }));
    renderInBrowser(<WorkflowActions incident={incident} />);
    await page.getByLabelText('Severity').selectOptions('4');
    await vi.waitFor(() => {
      expect(sent.at(-1)?.body).toEqual({ severity: 4, version: 1 });
    });
  });

  it('speaks Arabic, and tells of a conflict without the server’s English', async () => {
    const incident = makeIncident(3, { status: 'acknowledged', version: 2 });
    fakeApi(() => ({
      status: 409,
      body: {
        error: 'version_conflict',
        message: 'incident changed since version 2',
        statusCode: 409,
        current: { ...incident, version: 3 },
      },
    }));
    renderInBrowser(<WorkflowActions incident={incident} />, { locale: 'ar' });
    const dispatch = page.getByTestId('status-action-dispatched');
    await expect.element(dispatch).toHaveTextContent('إرسال');
    await dispatch.click();
    const alert = page.getByRole('alert');
    await expect.element(alert).toHaveTextContent('غيّر شخص آخر هذا البلاغ');
    expect(alert.element().textContent).not.toMatch(/[A-Za-z]/);
  });

  it('reassigns to another sector with one of that sector’s categories', async () => {
    const incident = makeIncident(4, { sector: 'traffic', version: 7 });
    const { sent } = fakeApi(() => ({ status: 200, body: { ...incident, version: 8 } }));
    renderInBrowser(<WorkflowActions incident={incident} />);
    await page.getByTestId('reassign-button').click();
    await page.getByTestId('reassign-sector').selectOptions('civil-defence');
    const category = page.getByTestId('reassign-category').element() as HTMLSelectElement;
    expect(category.value).not.toBe('');
    await page.getByTestId('reassign-submit').click();
    await vi.waitFor(() => {
      expect(sent.at(-1)?.body).toEqual({ sector: 'civil-defence', category: category.value, version: 7 });
    });
  });
});
