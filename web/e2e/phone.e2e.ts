// The phone layout: one column, nothing wider than the screen, every control reachable.
import { expect, test, type Page } from '@playwright/test';
import { Service } from './server';
import { freezeBrowserClock, phone, shot, signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });
test.use({ viewport: phone, isMobile: true, hasTouch: true });

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('sign-in, queue and ticket fit a phone screen', async ({ page }) => {
  await freezeBrowserClock(page);
  await page.goto(`${service.url}/`);
  await expect(page.getByRole('heading', { name: 'Sign in to Escalator' })).toBeVisible();
  await fitsTheScreen(page);
  await shot(page, 'signin');

  await signIn(page, service.url, 'ana');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  const row = page.locator('li.ticket-row').first();
  await expect(row).toBeVisible();
  // Rows stack their facts under the subject.
  const box = await row.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(phone.width);
  await fitsTheScreen(page);
  await shot(page, 'queue');

  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Conversation' })).toBeVisible();
  const conversation = await page.getByRole('heading', { name: 'Conversation' }).boundingBox();
  const details = await page.getByRole('heading', { name: 'Details' }).boundingBox();
  expect(details!.y).toBeGreaterThan(conversation!.y); // one column: details come below
  await fitsTheScreen(page);
  await shot(page, 'ticket');
});
