import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { ApiRequestError } from '../api/http.js';
import { renderInBrowser } from '../test/render.js';
import { PanelBoundary } from './PanelBoundary.js';

const RENDER_ERROR = new Error('Cannot read properties of undefined (reading "x")');

/** A switch outside React: the broken panel throws while it is on. */
const fault = { isOn: true, error: RENDER_ERROR as unknown };

function BrokenList() {
  if (fault.isOn) throw fault.error;
  return <p>The list is back</p>;
}

function WorkingCounter() {
  const [count, setCount] = useState(0);
  return (
    <button
      type="button"
      onClick={() => {
        setCount(count + 1);
      }}
    >
      Pressed {count}
    </button>
  );
}

function Page({ autoRetryMs }: { autoRetryMs?: number }) {
  return (
    <>
      <PanelBoundary panel="list" autoRetryMs={autoRetryMs ?? null}>
        <BrokenList />
      </PanelBoundary>
      <PanelBoundary panel="map">
        <WorkingCounter />
      </PanelBoundary>
    </>
  );
}

afterEach(() => {
  fault.isOn = true;
  fault.error = RENDER_ERROR;
});

// React and the boundary report every caught render error on the console; the page is tested here.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

describe('a panel that throws while drawing', () => {
  it('says which panel failed and leaves the other panels working', async () => {
    renderInBrowser(<Page />);
    const failure = page.getByTestId('panel-failure-list');
    await expect.element(failure).toHaveTextContent('The incident list failed.');
    await expect.element(failure).toHaveTextContent('Something went wrong while drawing it');
    const counter = page.getByRole('button', { name: /Pressed/ });
    await counter.click();
    await counter.click();
    await expect.element(counter).toHaveTextContent('Pressed 2');
  });

  it('draws the panel again when Retry is pressed after the fault is gone', async () => {
    renderInBrowser(<Page />);
    await expect.element(page.getByTestId('panel-failure-list')).toBeVisible();
    fault.isOn = false;
    await page.getByTestId('panel-retry').click();
    await expect.element(page.getByText('The list is back')).toBeVisible();
  });

  it('speaks Arabic in the Arabic interface, never the English error message', async () => {
    renderInBrowser(<Page />, { locale: 'ar' });
    const failure = page.getByTestId('panel-failure-list');
    await expect.element(failure).toHaveTextContent('تعذر عرض قائمة البلاغات.');
    await expect.element(page.getByTestId('panel-retry')).toHaveTextContent('إعادة المحاولة');
    expect(failure.element().textContent).not.toMatch(/[A-Za-z]/);
  });

  it('tells a refusal from a server fault and from a lost connection', async () => {
    fault.error = new ApiRequestError(
      403,
      { error: 'forbidden', message: 'not your sector', statusCode: 403 },
      null,
    );
    const refused = renderInBrowser(<Page />);
    await expect.element(page.getByTestId('panel-failure-list')).toHaveTextContent('do not allow this');
    refused.unmount();

    fault.error = new ApiRequestError(500, null, null);
    const failed = renderInBrowser(<Page />);
    await expect.element(page.getByTestId('panel-failure-list')).toHaveTextContent('The server failed');
    failed.unmount();

    fault.error = new TypeError('Failed to fetch');
    renderInBrowser(<Page />);
    await expect.element(page.getByTestId('panel-failure-list')).toHaveTextContent('cannot be reached');
  });

  it('tries again by itself on a wall, with nobody there to press Retry', async () => {
    renderInBrowser(<Page autoRetryMs={300} />);
    await expect
      .element(page.getByTestId('panel-failure-list'))
      .toHaveTextContent('Trying again in 1 second…');
    fault.isOn = false;
    await expect.element(page.getByText('The list is back'), { timeout: 3_000 }).toBeVisible();
  });
});
