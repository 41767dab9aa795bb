// The escalation dashboard, live: a new urgent ticket shows up at risk, and when the test
// clock passes its first-response deadline the breach shows up under today's breaches,
// without a reload (the SSE stream says a ticket changed; the page reloads, debounced).
import { expect, test } from '@playwright/test';
import { Service, type TicketJson } from './server';
import { freezeBrowserClock, phone, shot, signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

test('the dashboard shows a new breach as the clock moves, and clicks through', async ({ page }) => {
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'maria');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Escalation dashboard' })).toBeVisible();
  const limits = page.locator('[data-card="limits"]');
  await expect(limits).toContainText('Level L3');
  await expect(limits).toContainText('Team Product specialists');
  await shot(page, 'dashboard');

  // Gold customer, critical: 30 minutes to the first response, round the clock.
  const ben = await service.session('ben');
  const ticket = await ben.post<TicketJson>('/api/v1/tickets', {
    subject: 'Dashboard: payments page is blank', description: 'Opened by the dashboard test.',
    category: 'technical', impact: 'high', urgency: 'high', customer_id: 1,
  });
  const atRisk = page.locator('[data-card="at-risk"]');
  const breached = page.locator('[data-card="breached-today"]');
  await expect(atRisk.locator(`li[data-ticket="${ticket.key}"]`)).toBeVisible();
  await expect(breached.locator(`li[data-ticket="${ticket.key}"]`)).toHaveCount(0);

  await service.advance(3600);

  await expect(breached.locator(`li[data-ticket="${ticket.key}"]`)).toBeVisible();
  await expect(breached.locator('.figure')).not.toHaveAttribute('data-count', '0');

  // A figure opens the queue filtered to it; a ticket opens its page.
  await breached.getByRole('link', { name: 'Open in the queue' }).click();
  await expect(page).toHaveURL(/list=breached%3Dtrue/);
  await expect(page.locator(`li.ticket-row[data-ticket="${ticket.key}"]`)).toBeVisible();
  await page.goBack();
  await breached.locator(`li[data-ticket="${ticket.key}"] a`).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('payments page is blank');
});

test('the dashboard fits a phone screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, timezoneId: 'UTC', locale: 'en-GB' });
  const page = await context.newPage();
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'maria');
  await page.goto(`${service.url}/dashboard`);
  await expect(page.locator('[data-card="limits"]')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'dashboard');
  await context.close();
});

test('a pending sign-off shows on the dashboard, and a manager approves it from the ticket', async ({ page }) => {
  // Critical for a gold customer: 8 hours to resolve round the clock; 4 hours past that the
  // policy moves it to L3 and asks for a sign-off of its resolution.
  const maria = await service.session('maria');
  const ticket = await maria.post<TicketJson>('/api/v1/tickets', {
    subject: 'Sign-off: invoices sent twice', description: 'Opened by the sign-off test.',
    category: 'technical', impact: 'high', urgency: 'high', customer_id: 1,
  });
  await service.advance(13 * 3600);
  await maria.post(`/api/v1/tickets/${ticket.key}/resolve`, { root_cause_category: 'defect', root_cause: 'Retry loop in the mailer' });

  await signIn(page, service.url, 'maria');
  await page.goto(`${service.url}/dashboard`);
  const pending = page.locator('[data-card="signoffs"]');
  await pending.locator(`li[data-ticket="${ticket.key}"] a`).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('invoices sent twice');
  const signoff = page.locator('form.signoff');
  await signoff.getByRole('button', { name: 'Reject' }).click();
  await expect(signoff.getByText('Say why you reject the resolution.')).toBeVisible();
  await signoff.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText('Sign-off: done.');
  await expect(page.locator('form.signoff')).toHaveCount(0);
  await expect(page.locator('.timeline li[data-kind="signoff_approved"]')).toBeVisible();
});
