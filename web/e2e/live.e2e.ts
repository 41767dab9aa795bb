// Live updates through the SSE stream: moving the service's manual clock past a first
// response deadline makes the engine warn and escalate, and the open pages show it
// without a reload. Each test opens its own ticket, so they do not depend on each other.
import { expect, test } from '@playwright/test';
import { Service, type TicketJson } from './server';
import { signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

// A day of wall time covers at least 11 business hours on a weekday (08:00-20:00 New
// York): past every tier's first-response target.
const aDay = 86400;

async function newTicket(subject: string): Promise<TicketJson> {
  const ben = await service.session('ben');
  return ben.post<TicketJson>('/api/v1/tickets', {
    subject, description: 'Opened by the live test.', category: 'technical', impact: 'high', urgency: 'high', customer_id: 1,
  });
}

test('the ticket page shows the warning and the escalation as they happen', async ({ page }) => {
  const ticket = await newTicket('Live: checkout fails for every card');
  await signIn(page, service.url, 'ana');
  await page.goto(`${service.url}/tickets/${ticket.key}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('checkout fails');
  await expect(page.locator('.ticket-head .sla')).toHaveAttribute('data-sla-state', 'ok');
  await expect(page.locator('.timeline li[data-kind="escalated"]')).toHaveCount(0);

  await service.advance(aDay);

  await expect(page.locator('.timeline li[data-kind="trigger_fired"]').first()).toBeVisible();
  await expect(page.locator('.timeline li[data-kind="escalated"]').first()).toBeVisible();
  await expect(page.locator('.escalations li').first()).toContainText('L1 → L2');
  await expect(page.locator('.ticket-head .sla')).not.toHaveAttribute('data-sla-state', 'ok');
});

test('the queue shows an automatic escalation without a reload', async ({ page }) => {
  const ticket = await newTicket('Live: API keys rejected after rotation');
  await signIn(page, service.url, 'ana');
  await page.getByRole('button', { name: 'All', exact: true }).click();
  const row = page.locator(`li.ticket-row[data-ticket="${ticket.key}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('[data-escalated]')).toHaveCount(0);

  await service.advance(aDay);

  await expect(row.locator('[data-escalated]')).toBeVisible();
  await expect(row).toContainText(/L[23]/); // the engine moved it past L1
});
