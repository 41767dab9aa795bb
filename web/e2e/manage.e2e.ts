// Reports and the policy pages: a supervisor's reports render and their CSV downloads work;
// an admin checks a broken candidate policy and sees each problem with its line and
// column; people who are not admins see the flowchart and SLA table but no admin controls,
// and agents get no reports.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { policy } from './server';
import { Service } from './server';
import { freezeBrowserClock, phone, shot, signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

test('a supervisor sees the reports and downloads them as CSV', async ({ page }) => {
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'ana');
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await expect(page.locator('.tile').first()).toContainText(/^Tickets\d+$/);
  await expect(page.getByRole('heading', { name: 'SLA attainment by priority' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Top root causes' })).toBeVisible();
  await expect(page.locator('.chart-canvas canvas').first()).toBeVisible();
  await shot(page, 'reports');

  // The team filter goes to the address and to the API.
  await page.getByLabel('Team').selectOption('frontline');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/team=frontline/);
  await expect(page.getByRole('link', { name: 'Tickets', exact: true })).toHaveAttribute('href', /team=frontline&format=csv/);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'KPIs', exact: true }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('metric,dimension,key,value');
  expect(csv).toContain('tickets,');
});

test('an admin checks a broken policy and sees its problems by line and column', async ({ page }) => {
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'admin');
  await page.getByRole('link', { name: 'Policy' }).click();
  await expect(page.getByRole('heading', { name: 'Escalation flowchart' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Escalation flowchart for/ })).toBeVisible();
  await expect(page.locator('.sla-table tbody tr').first()).toBeVisible();

  const text = readFileSync(policy, 'utf8');
  const broken = text.replace('max_open_escalations: 40', 'max_open_escalations: 4O');
  const line = broken.split('\n').findIndex((l) => l.includes('4O')) + 1;
  await page.getByLabel('Candidate policy (YAML)').fill(broken);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  const problems = page.locator('.problems');
  await expect(problems).toContainText(`line ${line}, column`);
  await expect(problems).toContainText('max_open_escalations must be a number');
  await shot(page, 'policy');
  // A problem puts the cursor on its line.
  await problems.getByRole('button').first().click();
  await expect(page.getByLabel('Candidate policy (YAML)')).toBeFocused();

  // The running policy itself checks clean, and simulates beside itself.
  await page.getByLabel('Candidate policy (YAML)').fill(text);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.locator('.notice.ok')).toContainText('the same as the running one');
  await page.getByRole('button', { name: 'Simulate' }).click();
  await expect(page.locator('table.simulation')).toContainText('Escalations');
  // Applying asks first.
  await page.getByRole('button', { name: 'Apply…' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Apply this policy?' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
});

test('a manager sees the policy without admin controls; an agent gets no reports', async ({ page }) => {
  await signIn(page, service.url, 'maria');
  await page.getByRole('link', { name: 'Policy' }).click();
  await expect(page.getByRole('heading', { name: 'SLA targets' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Change the policy/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Check', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, service.url, 'ben');
  await expect(page.getByRole('link', { name: 'Reports' })).toHaveCount(0);
  await page.goto(`${service.url}/reports`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('reports, policy and admin fit a phone screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true, timezoneId: 'UTC', locale: 'en-GB' });
  const page = await context.newPage();
  await freezeBrowserClock(page);
  await signIn(page, service.url, 'admin');
  for (const [path, name] of [['/reports', 'reports'], ['/policy', 'policy'], ['/admin', 'admin']] as const) {
    await page.goto(`${service.url}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    if (name === 'reports') await expect(page.locator('.tile').first()).toBeVisible();
    else if (name === 'policy') await expect(page.locator('.sla-table')).toBeVisible();
    else await expect(page.locator('tr[data-user="ben"]')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, name);
  }
  await context.close();
});

test('an admin sees team membership, makes an API token, sees it once and revokes it; others have no admin page', async ({ page }) => {
  await signIn(page, service.url, 'admin');
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Users and roles' })).toBeVisible();
  await expect(page.locator('tr[data-user="ben"]')).toBeVisible();
  // Team membership: each person's teams in the users table, each team's people.
  await expect(page.locator('tr[data-user="ben"] .teams-cell')).toHaveText('Frontline support (L1)');
  await expect(page.locator('tr[data-user="maria"] .teams-cell')).toContainText('Support management (L3, lead)');
  await expect(page.locator('tr[data-user="alice"] .teams-cell')).toHaveText('—');
  const frontline = page.locator('table.teams tr[data-team="frontline"]');
  await expect(frontline).toContainText('ana, ben, chloe, dev');
  await expect(frontline).toContainText('maria');
  await expect(page.locator('table.teams .problem')).toHaveCount(0); // everyone the policy names can sign in
  await shot(page, 'admin'); // before a token is made: a new token differs from run to run
  const tokens = page.getByRole('form', { name: 'Make a token' });
  await tokens.getByLabel('For user').selectOption({ label: 'ana' });
  await tokens.getByLabel('Token name').fill('crm-sync');
  await tokens.getByRole('button', { name: 'Make token' }).click();
  await expect(page.locator('.made-token code')).toHaveText(/^esc_/);
  await expect(page.locator('li[data-token="crm-sync"]')).toBeVisible();
  await page.getByRole('button', { name: 'Revoke token crm-sync' }).click();
  await expect(page.locator('li[data-token="crm-sync"]')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Dead notifications' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, service.url, 'maria');
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto(`${service.url}/admin`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('an admin sees a dead notification and sends it again', async ({ page }) => {
  // Nothing listens on the demo's SMTP port or chat host, so deliveries fail; each day of
  // the test clock makes the retries due, and after the channel's last attempt a
  // notification is dead. Poll: look, and move the clock a day only once the worker has
  // made another attempt (so a slow machine never runs the clock, and the session, out).
  const admin = await service.session('admin');
  const dead = async () => (await admin.get<{ items: { id: number }[] }>('/api/v1/notifications?state=dead&limit=1')).items;
  let attemptsSeen = -1;
  await expect.poll(async () => {
    if ((await dead()).length > 0) return 1;
    const rows = (await admin.get<{ items: { attempts: number }[] }>('/api/v1/notifications?limit=200')).items;
    const attempts = rows.reduce((sum, row) => sum + row.attempts, 0);
    if (attempts !== attemptsSeen) {
      attemptsSeen = attempts;
      await service.advance(86400);
    }
    return 0;
  }, { timeout: 90_000, intervals: [250] }).toBeGreaterThan(0);
  const id = (await dead())[0]!.id;

  await signIn(page, service.url, 'admin');
  await page.goto(`${service.url}/admin`);
  const item = page.locator(`.dead li[data-notification="${id}"]`);
  await expect(item).toContainText(/\d+ attempts/);
  await expect(item).toContainText(/Couldn't|resolve|connect/);
  await item.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('status')).toContainText(`Retry of notification ${id}: done.`);
  // Back to pending with fresh attempts: no longer among the dead.
  await expect(page.locator(`.dead li[data-notification="${id}"]`)).toHaveCount(0);
  const again = await admin.get<{ items: { id: number; state: string }[] }>('/api/v1/notifications?limit=200');
  expect(again.items.find((n) => n.id === id)?.state).not.toBe('dead');
});
