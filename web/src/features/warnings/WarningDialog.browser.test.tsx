import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { fakeApi, type SentRequest } from '../../test/fakeServer.js';
import { makePrincipal } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { toKuwaitInput } from '../review/reviewParams.js';
import { WarningDialog } from './WarningDialog.js';

/** The API the dialog talks to: who is signed in (the rest, governorates included, answers 404). */
function serveDrafts() {
  return fakeApi((request) => {
    if (request.path === '/api/auth/me')
      return { status: 200, body: makePrincipal({ id: 'commander', role: 'commander' }) };
    return undefined;
  });
}

const posted = (sent: SentRequest[]) =>
  sent.filter((request) => request.method === 'POST' && request.path === '/api/warnings');

describe('the warning authoring form', () => {
  it('names every missing field in English and sends nothing', async () => {
    const { sent } = serveDrafts();
    renderInBrowser(<WarningDialog dialog={{ kind: 'new', incidentId: null }} />);
    await page.getByTestId('warning-submit').click();
    await expect.element(page.getByText('Check the marked fields.')).toBeVisible();
    await expect.element(page.getByText('Choose at least one governorate')).toBeVisible();
    // Event, three texts in each of two languages, and the area's two names.
    expect(page.getByText('Required', { exact: true }).elements()).toHaveLength(9);
    expect(posted(sent)).toEqual([]);
  });

  it('names every missing field in Arabic', async () => {
    const { sent } = serveDrafts();
    renderInBrowser(<WarningDialog dialog={{ kind: 'new', incidentId: null }} />, { locale: 'ar' });
    await page.getByTestId('warning-submit').click();
    await expect.element(page.getByText('راجع الحقول المعلَّمة.')).toBeVisible();
    await expect.element(page.getByText('اختر محافظة واحدة على الأقل')).toBeVisible();
    expect(page.getByText('مطلوب', { exact: true }).elements()).toHaveLength(9);
    expect(posted(sent)).toEqual([]);
  });

  it('refuses an end in the past and a headline over 160 characters, in both languages', async () => {
    serveDrafts();
    renderInBrowser(<WarningDialog dialog={{ kind: 'new', incidentId: null }} />);
    await page.getByTestId('warning-expires').fill(toKuwaitInput(Date.now() - 3_600_000));
    await page.getByTestId('warning-en-headline').fill('x'.repeat(161));
    await page.getByTestId('warning-submit').click();
    await expect.element(page.getByText('Must be in the future')).toBeVisible();
    await expect.element(page.getByText('At most 160 characters')).toBeVisible();
  });

  it('says the same problems in Arabic', async () => {
    serveDrafts();
    renderInBrowser(<WarningDialog dialog={{ kind: 'new', incidentId: null }} />, { locale: 'ar' });
    await page.getByTestId('warning-expires').fill(toKuwaitInput(Date.now() - 3_600_000));
    await page.getByTestId('warning-ar-headline').fill('س'.repeat(161));
    await page.getByTestId('warning-area-polygon').click();
    await page.getByTestId('warning-submit').click();
    await expect.element(page.getByText('يجب أن يكون في المستقبل')).toBeVisible();
    await expect.element(page.getByText('بحد أقصى 160 حرفًا')).toBeVisible();
    await expect.element(page.getByText('ارسم ثلاث زوايا على الأقل')).toBeVisible();
  });

  it('clears a problem as soon as the field is filled', async () => {
    serveDrafts();
    renderInBrowser(<WarningDialog dialog={{ kind: 'new', incidentId: null }} />);
    await page.getByTestId('warning-submit').click();
    await expect.element(page.getByText('Choose at least one governorate')).toBeVisible();
    await page.getByTestId('warning-governorate-ahmadi').click();
    await expect.element(page.getByText('Choose at least one governorate')).not.toBeInTheDocument();
  });

  it('sends a complete warning as the API reads it: both languages, the governorates, times in UTC', async () => {
    const { sent } = serveDrafts();
    renderInBrowser(<WarningDialog dialog={{ kind: 'new', incidentId: null }} />);
    await page.getByTestId('warning-event').fill('Heavy rain');
    await page.getByTestId('warning-category').selectOptions('Met');
    await page.getByTestId('warning-expires').fill('2099-01-01T18:00');
    for (const [language, headline] of [
      ['ar', 'أمطار غزيرة'],
      ['en', 'Heavy rain'],
    ] as const) {
      await page.getByTestId(`warning-${language}-headline`).fill(headline);
      await page.getByTestId(`warning-${language}-description`).fill(`${headline}.`);
      await page.getByTestId(`warning-${language}-instruction`).fill(`${headline}!`);
    }
    await page.getByTestId('warning-governorate-ahmadi').click();
    await page.getByTestId('warning-area-description-ar').fill('الأحمدي');
    await page.getByTestId('warning-area-description-en').fill('Ahmadi');
    await page.getByTestId('warning-submit').click();
    await vi.waitFor(() => {
      expect(posted(sent)[0]?.body).toMatchObject({
        event: 'Heavy rain',
        category: 'Met',
        // 18:00 in Kuwait is 15:00 UTC.
        expires: '2099-01-01T15:00:00Z',
        info: [
          { language: 'ar', headline: 'أمطار غزيرة' },
          { language: 'en', headline: 'Heavy rain' },
        ],
        area: { description: { ar: 'الأحمدي', en: 'Ahmadi' }, governorates: ['ahmadi'] },
      });
    });
  });
});
