// An agent's day: sign in, the queue, a ticket, a reply, a stale edit, sign out.
import { expect, test } from '@playwright/test';
import { Service, type TicketJson } from './server';
import { freezeBrowserClock, shot, signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

test('an agent signs in, sees their queue, opens a ticket and replies', async ({ page }) => {
  await freezeBrowserClock(page);
  await page.goto(`${service.url}/`);
  await expect(page.getByRole('heading', { name: 'Sign in to Escalator' })).toBeVisible();
  await shot(page, 'signin');
  await signIn(page, service.url, 'ben');

  await expect(page.getByRole('heading', { name: 'Queue' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mine', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  const mine = await (await service.session('ben')).get<{ items: TicketJson[] }>('/api/v1/tickets?assignee=ben&open=true');
  expect(mine.items.length).toBeGreaterThan(0);
  const rows = page.locator('li.ticket-row');
  await expect(rows).toHaveCount(mine.items.length);
  // Next deadline first, as the service sorts; every row has its SLA state in words.
  await expect(rows.first()).toHaveAttribute('data-ticket', mine.items[0]!.key);
  await expect(rows.first().locator('.sla')).toBeVisible();
  await shot(page, 'queue');

  const ticket = mine.items[0]!;
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.key}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ticket.subject);
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();

  await page.getByLabel('Reply to the customer').fill('We found the cause and are deploying a fix.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('li.message.staff').filter({ hasText: 'We found the cause' })).toBeVisible();
  await expect(page.locator('.timeline li[data-kind="replied"]').last()).toBeVisible();

  await page.getByLabel('Internal note').check();
  await page.getByLabel('Internal note (staff only)').fill('Customer is on the old plan.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('li.message.internal').filter({ hasText: 'old plan' })).toBeVisible();
  await shot(page, 'ticket');
});

test('a reply needs words, an escalation a reason', async ({ page }) => {
  await signIn(page, service.url, 'ben');
  await page.locator('li.ticket-row a').first().click();
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Write something first.')).toBeVisible();
  await page.getByRole('button', { name: 'Escalate…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Confirm escalation' }).click();
  await expect(dialog.getByText(/a reason is required/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('a status change or an assignment on a stale page is refused, the fresh state is shown, and trying again works', async ({ page }) => {
  // Without live updates (as when the stream is down), so the page keeps the old version.
  await page.route('**/api/v1/events', (route) => route.abort());
  await signIn(page, service.url, 'ben');
  const api = await service.session('ben');
  const ticket = await api.post<TicketJson>('/api/v1/tickets', {
    subject: 'Stale: report scheduler skips Sundays', category: 'technical', impact: 'low', urgency: 'low', customer_id: 2,
  });
  await page.goto(`${service.url}/tickets/${ticket!.key}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ticket!.subject);
  // Someone else changes the ticket after the page was loaded.
  await api.post(`/api/v1/tickets/${ticket!.key}/status`, { status: 'waiting_on_third_party', version: ticket!.version });
  await page.getByLabel('New status').selectOption('waiting_on_customer');
  await page.getByRole('button', { name: 'Change status' }).click();
  await expect(page.getByRole('alert')).toContainText('Someone changed this ticket meanwhile');
  await expect(page.locator('.ticket-head .status')).toHaveText('Waiting on third party');
  // The page holds the fresh version now: trying again is applied.
  await page.getByLabel('New status').selectOption('waiting_on_customer');
  await page.getByRole('button', { name: 'Change status' }).click();
  await expect(page.getByRole('status')).toContainText('Status change: done.');
  await expect(page.locator('.ticket-head .status')).toHaveText('Waiting on customer');

  // An assignment made on a stale page is refused the same way.
  const fresh = await api.get<TicketJson>(`/api/v1/tickets/${ticket.key}`);
  await api.post(`/api/v1/tickets/${ticket.key}/status`, { status: 'open', version: fresh.version });
  await page.getByLabel('Assignee').selectOption('chloe');
  await page.getByRole('button', { name: 'Assign' }).click();
  await expect(page.getByRole('alert')).toContainText('so “Assignment” was not applied');
  await expect(page.locator('.ticket-head .status')).toHaveText('Open');
});

test('search narrows the queue by words and opens a ticket by its key', async ({ page }) => {
  await signIn(page, service.url, 'ana');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('invoice');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=invoice/);
  await expect(page.locator('li.ticket-row')).toHaveCount(1);
  await expect(page.locator('li.ticket-row')).toContainText('Invoice charged twice');
  await page.getByRole('searchbox', { name: 'Search' }).fill('esc-1');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/tickets\/ESC-1$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ESC-1');
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, service.url, 'ben');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Escalator' })).toBeVisible();
  await page.goto(`${service.url}/`);
  await expect(page.getByRole('heading', { name: 'Sign in to Escalator' })).toBeVisible();
});

test('a wrong password is told plainly', async ({ page }) => {
  await page.goto(`${service.url}/`);
  await page.getByLabel('User name').fill('ben');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The user name or password is not right.');
});

test('the queue offers mine, my team, my level and all by role, each the service\'s list, with countdowns coloured by state', async ({ page }) => {
  const hiro = await service.session('hiro');
  const count = async (query: string) => (await hiro.get<{ items: TicketJson[] }>(`/api/v1/tickets?${query}&open=true&limit=100`)).items.length;
  // An agent works on their own, their team's and their level's tickets; no "All".
  await signIn(page, service.url, 'ben');
  await expect(page.getByRole('button', { name: 'My level', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'All', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // A team lead at L2: each scope shows what the service lists for it.
  await signIn(page, service.url, 'hiro');
  const rows = page.locator('li.ticket-row');
  for (const [tab, query] of [
    ['Mine', 'assignee=hiro'], ['My team', 'team=product-specialists'], ['My level', 'level=L2'], ['All', 'sort=deadline'],
  ] as const) {
    await page.getByRole('button', { name: tab, exact: true }).click();
    await expect(page.getByRole('button', { name: tab, exact: true })).toHaveAttribute('aria-pressed', 'true');
    const expected = await count(query);
    if (expected === 0) await expect(page.getByText('No tickets in this view.')).toBeVisible();
    else await expect(rows).toHaveCount(expected);
  }

  // Every countdown says its state in words and is coloured by it: paused (waiting on the
  // customer or a third party) and on-track badges look different.
  const badges = rows.locator('.sla');
  for (const badge of await badges.all()) {
    const state = await badge.getAttribute('data-sla-state');
    await expect(badge).toHaveClass(new RegExp(`sla-${state}`));
  }
  const background = async (state: string) => rows.locator(`.sla[data-sla-state="${state}"]`).first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  await expect(rows.locator('.sla[data-sla-state="ok"]').first()).toContainText('On track');
  await expect(rows.locator('.sla[data-sla-state="paused"]').first()).toContainText('Paused');
  expect(await background('ok')).not.toBe(await background('paused'));
});
