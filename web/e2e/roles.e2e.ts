// Customers never reach the staff console: not its queue, not a ticket page, not through
// the API the pages use.
import { expect, test } from '@playwright/test';
import { Service } from './server';
import { signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

test('a customer cannot reach agent pages', async ({ page }) => {
  await signIn(page, service.url, 'alice');
  await expect(page.getByRole('heading', { name: 'This console is for support staff' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Queue' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Queue' })).toHaveCount(0);

  await page.goto(`${service.url}/tickets/ESC-2`);
  await expect(page.getByRole('heading', { name: 'This console is for support staff' })).toBeVisible();
  await expect(page.locator('.timeline')).toHaveCount(0);

  // The API behind the pages refuses too: no audit trail for customers.
  const status = await page.evaluate(async () => (await fetch('/api/v1/tickets/ESC-1/events')).status);
  expect([403, 404]).toContain(status);
});

test('signed out, every app route asks to sign in', async ({ page }) => {
  await page.goto(`${service.url}/tickets/ESC-1`);
  await expect(page.getByRole('heading', { name: 'Sign in to Escalator' })).toBeVisible();
});
