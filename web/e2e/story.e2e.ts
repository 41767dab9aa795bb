// The whole story through the UI, one request from start to end: a customer submits it in
// the portal -> an agent sees it in the queue -> the SLA warning appears live -> the
// automatic escalation reaches the L2 queue without a reload -> an L2 specialist escalates
// it by hand with a reason -> and resolves it with its root cause -> a manager signs off
// -> the customer sees it resolved and rates it.
//
// Four people, four browser contexts (their own cookies): alice (customer of Acme Corp,
// gold tier), ben (frontline agent, L1), hiro (product specialists' lead, L2) and otto
// (manager of senior engineering). Every step is done in the browser; the API is used
// only to move the service's manual clock. "Live" is asserted on pages that were open
// before the clock moved and are never reloaded afterwards (the SSE stream updates them).
//
// The policy (examples/saas-support.yaml) for a gold customer's technical request of high
// impact and urgency (priority critical, SLA gold-urgent, round the clock):
//   +22m30s  first response 75% used: at risk (trigger first-response-at-risk)
//   +30m     first response breached: escalated to the next level, product specialists (L2)
//   +12h     resolution 4h past its 8h target (resolution-breached-4h): L3, and the
//            resolution now needs a management sign-off
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { Service } from './server';
import { signIn } from './app';

let service: Service;
const contexts: BrowserContext[] = [];
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await service?.stop();
});

async function person(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, service.url, username);
  return page;
}

const minutes = (n: number) => n * 60;

test('a request from the portal to a signed-off resolution and the customer\'s rating', async ({ browser }) => {
  test.setTimeout(120_000);

  // 1. The customer submits a request in the portal.
  const customer = await person(browser, 'alice');
  await expect(customer.getByRole('heading', { name: 'Your requests' })).toBeVisible();
  await customer.getByRole('link', { name: 'Open a new request' }).click();
  await customer.getByLabel('Title').fill('Story: checkout rejects every card');
  await customer.getByLabel('What is it about?').selectOption('technical');
  await customer.getByLabel('How much does it affect you?').selectOption('high');
  await customer.getByLabel('Description').fill('Since this morning every card payment fails with a timeout at checkout.');
  await customer.getByRole('button', { name: 'Send request' }).click();
  await expect(customer.getByRole('heading', { level: 1 })).toContainText('checkout rejects every card');
  await expect(customer.locator('.status-words')).toContainText('Received');
  const key = new URL(customer.url()).pathname.split('/').pop()!;
  expect(key).toMatch(/^ESC-\d+$/);

  // 2. A frontline agent sees it in the team's queue, on track.
  const agent = await person(browser, 'ben');
  await agent.getByRole('button', { name: 'My team', exact: true }).click();
  const agentRow = agent.locator(`li.ticket-row[data-ticket="${key}"]`);
  await expect(agentRow).toBeVisible();
  await expect(agentRow).toContainText('critical');
  await expect(agentRow.locator('.sla')).toHaveAttribute('data-sla-state', 'ok');
  await expect(agentRow.locator('[data-escalated]')).toHaveCount(0);

  // The L2 team's queue is open too, before anything happens: the request is not there.
  const specialist = await person(browser, 'hiro');
  await specialist.getByRole('button', { name: 'My team', exact: true }).click();
  await expect(specialist.locator('li.ticket-row').first()).toBeVisible();
  const l2Row = specialist.locator(`li.ticket-row[data-ticket="${key}"]`);
  await expect(l2Row).toHaveCount(0);

  // 3. 23 minutes on, the first response is at risk: the agent's queue says so by itself.
  await service.advance(minutes(23));
  await expect(agentRow.locator('.sla')).toHaveAttribute('data-sla-state', 'at_risk');
  await expect(agentRow.locator('.sla')).toContainText('At risk');

  // 4. Past the 30 minutes, the engine escalates to the product specialists (L2): their
  //    queue shows it without a reload, marked escalated; it leaves the agent's team queue.
  await service.advance(minutes(8));
  await expect(l2Row).toBeVisible();
  await expect(l2Row.locator('[data-escalated]')).toBeVisible();
  await expect(l2Row).toContainText('L2');
  await expect(agentRow).toHaveCount(0);

  // 5. The specialist opens it and escalates it by hand to senior engineering, with a reason.
  await l2Row.getByRole('link').click();
  await expect(specialist.getByRole('heading', { level: 1 })).toContainText('checkout rejects every card');
  await expect(specialist.locator('.escalations li').first()).toContainText('L1 → L2');
  await expect(specialist.locator('.escalations li').first()).toContainText('first-response-breached');
  await specialist.getByRole('button', { name: 'Escalate…' }).click();
  const dialog = specialist.getByRole('dialog', { name: `Escalate ${key}` });
  await expect(dialog.locator('.verdict')).toHaveAttribute('data-allowed', 'true');
  await expect(dialog.locator('.receivers')).toContainText('Senior engineering (L3)');
  await dialog.getByLabel('Reason (required)').fill('Card payments fail in the payment gateway client: needs engineering');
  await dialog.getByRole('button', { name: 'Confirm escalation' }).click();
  await expect(dialog).toBeHidden();
  await expect(specialist.getByRole('status')).toContainText('Escalation: done.');
  const manual = specialist.locator('.escalations li').filter({ hasText: 'L2 → L3' });
  await expect(manual).toContainText('by hiro');
  await expect(manual).toContainText('needs engineering');

  // 12 hours after it was opened the resolution is 4 hours late: the policy asks for a
  // management sign-off of the resolution (the open ticket page shows it, live).
  await service.advance(12 * 3600 - minutes(31));
  await expect(specialist.locator('.timeline li[data-kind="signoff_required"]')).toBeVisible();

  // 6. The specialist resolves it with the root cause; it now waits for the sign-off.
  await specialist.getByLabel('Root-cause category').fill('defect');
  await specialist.getByLabel('Root cause', { exact: true }).fill('Gateway client retried with an expired token');
  await specialist.getByRole('button', { name: 'Resolve' }).click();
  await expect(specialist.getByRole('status')).toContainText('Resolution: done.');
  await expect(specialist.locator('.timeline li[data-kind="resolved"]')).toBeVisible();
  // The customer's page says so, live, and asks for no rating before the sign-off.
  await expect(customer.locator('.status-words')).toContainText('Resolved: awaiting final approval');
  await expect(customer.getByRole('region', { name: 'How did we do?' })).toHaveCount(0);

  // 7. The manager finds it among the pending sign-offs on the dashboard and approves it.
  const manager = await person(browser, 'otto');
  await manager.getByRole('link', { name: 'Dashboard' }).click();
  const pending = manager.locator('[data-card="signoffs"]');
  await pending.locator(`li[data-ticket="${key}"] a`).click();
  await expect(manager.getByRole('heading', { level: 1 })).toContainText('checkout rejects every card');
  const signoff = manager.locator('form.signoff');
  await signoff.getByLabel('Comment (required to reject)').fill('Root cause is clear; fix deployed.');
  await signoff.getByRole('button', { name: 'Approve' }).click();
  await expect(manager.getByRole('status')).toContainText('Sign-off: done.');
  await expect(manager.locator('.timeline li[data-kind="signoff_approved"]')).toBeVisible();

  // 8. The customer's page, open since the request was sent, says it is resolved; the
  //    customer rates it.
  await expect(customer.locator('.status-words strong')).toHaveText('Resolved');
  const rate = customer.getByRole('region', { name: 'How did we do?' });
  await rate.getByLabel('5 stars').check();
  await rate.getByLabel('Comment (optional)').fill('Fixed the same day, thank you.');
  await rate.getByRole('button', { name: 'Send rating' }).click();
  await expect(customer.getByRole('status')).toContainText('Your rating: sent.');
  await expect(customer.getByRole('region', { name: 'How did we do?' })).toHaveCount(0);
  await expect(customer.locator('.rated')).toHaveText('You rated it 5 of 5 stars. Thank you.');
  await expect(customer.getByRole('region', { name: 'Your feedback' })).toContainText('Fixed the same day');
});
