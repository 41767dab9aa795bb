// Files and the signed sign-in link in the portal: a customer opens a request with a file
// attached, the agent sees and downloads the same bytes on the ticket page; the link in the
// customer's acknowledgement signs them in on their ticket in a browser that never signed in.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Service } from './server';
import { signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

const bytes = Buffer.from('time,rows\n2026-03-02,0\n');
let key = '';

test('a customer attaches a file to a new request and the agent downloads it', async ({ browser }) => {
  const customer = await browser.newPage();
  await signIn(customer, service.url, 'alice');
  await customer.getByRole('link', { name: 'Open a new request' }).click();
  await customer.getByLabel('Title').fill('Export has no rows');
  await customer.getByLabel('What is it about?').selectOption('technical');
  await customer.getByLabel('How much does it affect you?').selectOption('low');
  await customer.getByLabel('Description').fill('The CSV export only has its header; sample attached.');
  await customer.getByLabel('Attachment (optional, up to 25 MB)').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: bytes });
  await customer.getByRole('button', { name: 'Send request' }).click();
  await expect(customer.getByRole('heading', { level: 1 })).toContainText('Export has no rows');
  await expect(customer.getByRole('link', { name: 'export.csv' })).toBeVisible();
  key = customer.url().split('/').pop()!;

  // An empty file is refused in the page, before anything is sent.
  await customer.getByLabel('Add a file (up to 25 MB)').setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await customer.getByRole('button', { name: 'Upload' }).click();
  await expect(customer.getByText('empty.txt is empty')).toBeVisible();
  await customer.close();

  const agent = await browser.newPage();
  await signIn(agent, service.url, 'ana');
  await agent.goto(`${service.url}/tickets/${key}`);
  const link = agent.getByRole('link', { name: 'export.csv' });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([agent.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('export.csv');
  const saved = await download.path();
  expect(readFileSync(saved).equals(bytes)).toBe(true);
  await agent.close();
});

test('the sign-in link in the acknowledgement opens the ticket in the portal', async ({ browser }) => {
  expect(key).not.toBe('');
  const admin = await service.session('admin');
  const outbox = await admin.get<{ items: { role: string; payload: { portal_url?: string } }[] }>(`/api/v1/tickets/${key}/notifications`);
  const url = outbox.items.find((row) => row.role === 'customer' && row.payload.portal_url)?.payload.portal_url;
  expect(url).toMatch(/\/portal\/link\//);

  const context = await browser.newContext();  // never signed in
  const page = await context.newPage();
  await page.goto(url!);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Export has no rows');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(`/tickets/${key}`);

  // A tampered link signs nobody in.
  const other = await browser.newContext();
  const tampered = await other.newPage();
  await tampered.goto(url!.replace(/.$/, (c) => (c === '0' ? '1' : '0')));
  await expect(tampered.getByText('sign-in link is not valid')).toBeVisible();
  await context.close();
  await other.close();
});
