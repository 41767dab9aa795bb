// Customers never reach the staff console: they get the portal, with their organisation's
// requests only, no internal notes, no audit trail; the API behind the pages refuses too.
// And the portal itself: open a request, see the public reply live, ask for an escalation.
import { expect, test } from '@playwright/test';
import { Service, type TicketJson } from './server';
import { freezeBrowserClock, phone, shot, signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

test('a customer cannot reach agent pages or other customers\' tickets', async ({ page }) => {
  await signIn(page, service.url, 'alice');
  await expect(page.getByRole('heading', { name: 'Your requests' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Queue' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Queue', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Dashboard', exact: true })).toHaveCount(0);

  // Another organisation's ticket (Globex's), found with a staff session.
  const all = await (await service.session('ana')).get<{ items: (TicketJson & { customer_id: number })[] }>('/api/v1/tickets?limit=100');
  const other = all.items.find((t) => t.customer_id !== 1)!;
  await page.goto(`${service.url}/tickets/${other.key}`);
  await expect(page.getByRole('heading', { name: 'Request not available' })).toBeVisible();
  for (const [path, heading] of [['/dashboard', 'Escalation dashboard'], ['/reports', 'Reports'], ['/policy', 'Escalation flowchart'], ['/admin', 'Admin'], ['/queue', 'Queue']]) {
    await page.goto(`${service.url}${path}`);
    await expect(page.getByRole('heading', { name: 'Your requests' })).toBeVisible(); // the portal, whatever the address
    await expect(page.getByRole('heading', { name: heading!, exact: true })).toHaveCount(0);
  }

  // The API behind the pages refuses too: no audit trail for customers.
  const status = await page.evaluate(async () => (await fetch('/api/v1/tickets/ESC-1/events')).status);
  expect([403, 404]).toContain(status);
  const otherStatus = await page.evaluate(async (k) => (await fetch(`/api/v1/tickets/${k}`)).status, other.key);
  expect(otherStatus).toBe(404);
  const staffOnly = await page.evaluate(async () => Promise.all(
    ['/api/v1/dashboard', '/api/v1/reports/kpis', '/api/v1/users', '/api/v1/notifications'].map(async (p) => (await fetch(p)).status)));
  for (const s of staffOnly) expect([403, 404]).toContain(s);
});

test('signed out, every app route asks to sign in', async ({ page }) => {
  await page.goto(`${service.url}/tickets/ESC-1`);
  await expect(page.getByRole('heading', { name: 'Sign in to Escalator' })).toBeVisible();
});

test('a customer opens a request, sees the public reply live but no note, and asks for an escalation', async ({ page }) => {
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'alice');
  await shot(page, 'portal');
  await page.getByRole('link', { name: 'Open a new request' }).click();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText('Give your request a short title.')).toBeVisible();
  await page.getByLabel('Title').fill('Portal: reports export is empty');
  await page.getByLabel('What is it about?').selectOption('technical');
  await page.getByLabel('How much does it affect you?').selectOption('medium');
  await page.getByLabel('Description').fill('Every CSV export since Monday has only the header row.');
  await shot(page, 'portal-new');
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('reports export is empty');
  await expect(page.locator('.status-words')).toContainText('Received');
  const key = page.url().split('/').pop()!;

  const ben = await service.session('ben');
  await ben.post(`/api/v1/tickets/${key}/messages`, { body: 'Internal: looks like the exporter bug.', internal: true });
  await ben.post(`/api/v1/tickets/${key}/messages`, { body: 'Thanks, we are looking into the exports now.', internal: false });
  await expect(page.locator('li.message.staff')).toContainText('looking into the exports');
  await expect(page.getByText('exporter bug')).toHaveCount(0);

  await page.getByLabel('Why does it need escalating?').fill('Our month-end close depends on it');
  await page.getByRole('button', { name: 'Ask for an escalation' }).click();
  await expect(page.locator('.status-words')).toContainText('you asked for an escalation');
  await shot(page, 'portal-ticket');
});

test('the portal fits a phone screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, timezoneId: 'UTC', locale: 'en-GB' });
  const page = await context.newPage();
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'alice');
  const fits = async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  };
  await expect(page.locator('.portal li.ticket-row').first()).toBeVisible();
  await fits();
  await shot(page, 'portal');
  // ESC-1 is one of Acme's demo requests: opened, not answered yet.
  await page.locator('.portal li.ticket-row[data-ticket="ESC-1"] a').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ESC-1');
  await expect(page.getByRole('heading', { name: 'Need more attention?' })).toBeVisible();
  await fits();
  await shot(page, 'portal-ticket');
  await page.goto(`${service.url}/new`);
  await expect(page.getByRole('heading', { name: 'Open a new request' })).toBeVisible();
  await fits();
  await shot(page, 'portal-new');
  await context.close();
});
