// Escalating through the dialog: the preview says who receives the case and whether the
// agent's authority allows the move before the reason is confirmed; the L2 team's queue
// then has the case. And a saved view: saved from the queue, opened, deleted.
import { expect, test } from '@playwright/test';
import { Service, type TicketJson } from './server';
import { freezeBrowserClock, phone, shot, signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

test('an agent escalates through the dialog, with the preview, and the L2 queue receives it', async ({ page }) => {
  await freezeBrowserClock(page);
  const ben = await service.session('ben');
  const ticket = await ben.post<TicketJson>('/api/v1/tickets', {
    subject: 'Escalate: exports time out for large accounts', description: 'Opened by the escalate test.',
    category: 'technical', impact: 'medium', urgency: 'medium', customer_id: 2,
  });
  await signIn(page, service.url, 'ben');
  await page.goto(`${service.url}/tickets/${ticket.key}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('exports time out');

  await page.getByRole('button', { name: 'Escalate…' }).click();
  const dialog = page.getByRole('dialog', { name: `Escalate ${ticket.key}` });
  await expect(dialog).toBeVisible();
  // The next level: allowed, and the receiving team's people are named.
  await expect(dialog.locator('.verdict')).toHaveAttribute('data-allowed', 'true');
  await expect(dialog.locator('.receivers')).toContainText('Product specialists (L2)');
  await expect(dialog.locator('.receivers')).toContainText('hiro, ines, jonas');
  await expect(dialog.locator('.receivers')).toContainText('maria');
  await shot(page, 'escalate', { fullPage: false }); // the modal covers the viewport

  // Past the next level: the agent's level may not; the service's words, and no confirm.
  await dialog.getByLabel('Escalate to').selectOption('L3');
  await expect(dialog.locator('.verdict')).toHaveAttribute('data-allowed', 'false');
  await expect(dialog.locator('.verdict')).toContainText('needs management authority');
  await expect(dialog.getByRole('button', { name: 'Confirm escalation' })).toBeDisabled();

  // Back to the next level: a reason is required, then it goes.
  await dialog.getByLabel('Escalate to').selectOption('next_level');
  await expect(dialog.locator('.verdict')).toHaveAttribute('data-allowed', 'true');
  await dialog.getByRole('button', { name: 'Confirm escalation' }).click();
  await expect(dialog.getByText(/a reason is required/)).toBeVisible();
  await dialog.getByLabel('Reason (required)').fill('Exports need a product specialist');
  await dialog.getByRole('button', { name: 'Confirm escalation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Escalation: done.');
  await expect(page.locator('.escalations li').first()).toContainText('L1 → L2');

  // The L2 team sees it in its queue.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, service.url, 'hiro');
  await page.getByRole('button', { name: 'My team', exact: true }).click();
  await expect(page.locator(`li.ticket-row[data-ticket="${ticket.key}"]`)).toBeVisible();
  await expect(page.locator(`li.ticket-row[data-ticket="${ticket.key}"] [data-escalated]`)).toBeVisible();
});

test('a saved view keeps a list query, opens it and can be deleted', async ({ page }) => {
  await signIn(page, service.url, 'ana');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByLabel('Category').selectOption('billing');
  await expect(page).toHaveURL(/category=billing/);
  await page.getByLabel('Save this list as').fill('Billing, all teams');
  await page.getByRole('button', { name: 'Save view' }).click();
  const views = page.getByRole('navigation', { name: 'Saved views' });
  await expect(views.getByRole('link', { name: 'Billing, all teams' })).toBeVisible();

  // Back to the personal queue, then the view: the same tickets as the API's billing list.
  await page.getByRole('button', { name: 'Mine', exact: true }).click();
  await views.getByRole('link', { name: 'Billing, all teams' }).click();
  await expect(page.locator('.filtered')).toContainText('Billing, all teams');
  const billing = await (await service.session('ana')).get<{ items: TicketJson[] }>('/api/v1/tickets?category=billing&open=true');
  await expect(page.locator('li.ticket-row')).toHaveCount(billing.items.length);
  // The name is taken now.
  await page.getByLabel('Save this list as').fill('Billing, all teams');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByText('You already have a view with this name.')).toBeVisible();

  await page.getByRole('button', { name: 'Delete view Billing, all teams' }).click();
  await expect(views.getByRole('link', { name: 'Billing, all teams' })).toHaveCount(0);
});

test('the escalate dialog fits a phone screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, timezoneId: 'UTC', locale: 'en-GB' });
  const page = await context.newPage();
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'ben');
  await page.goto(`${service.url}/tickets/ESC-2`);
  await page.getByRole('button', { name: 'Escalate…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('.verdict')).toBeVisible();
  const box = await dialog.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(phone.width);
  await shot(page, 'escalate', { fullPage: false });
  await context.close();
});
