// Keyboard use: signing in without a mouse, a visible focus ring on whatever has focus, the
// skip link, and dialogs that keep focus inside while open, close on Escape and give focus
// back to the button that opened them (the escalate dialog, the policy's apply confirmation).
import { expect, test, type Page } from '@playwright/test';
import { password } from './server';
import { Service } from './server';
import { signIn } from './app';

let service: Service;
test.beforeAll(async () => { service = await Service.start(); });
test.afterAll(async () => { await service?.stop(); });

/** The focused element's outline, as drawn (the :focus-visible ring). */
async function focusRing(page: Page): Promise<{ tag: string; style: string; width: number }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const css = getComputedStyle(el);
    return { tag: el.tagName, style: css.outlineStyle, width: parseFloat(css.outlineWidth) };
  });
}

/** Tabs `times` times and says whether focus stayed inside `selector` each time. */
async function tabStaysIn(page: Page, selector: string, times: number, shift = false): Promise<boolean> {
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const inside = await page.evaluate((s) => {
      const active = document.activeElement;
      // Focus may pass to the browser's own UI (document.body) between the first and
      // last control; it never reaches the page behind the dialog.
      return active === document.body || !!active?.closest(s);
    }, selector);
    if (!inside) return false;
  }
  return true;
}

test('signing in with the keyboard only, with a visible focus ring', async ({ page }) => {
  await page.goto(`${service.url}/`);
  await expect(page.getByRole('heading', { name: 'Sign in to Escalator' })).toBeVisible();
  await page.keyboard.press('Tab'); // the skip link comes first once signed in; here the form
  await expect(page.getByLabel('User name')).toBeFocused();
  expect(await focusRing(page)).toMatchObject({ tag: 'INPUT', style: 'solid' });
  await page.keyboard.type('ben');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Queue' })).toBeVisible();

  // The first Tab on a page reaches the skip link, which is then shown; Enter moves to the content.
  await page.goto(`${service.url}/`);
  await expect(page.getByRole('heading', { name: 'Queue' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const ring = await focusRing(page);
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Tab');
  expect((await focusRing(page)).style).toBe('solid'); // the next control has the ring too
});

test('the escalate dialog keeps focus inside, closes on Escape and returns focus', async ({ page }) => {
  await signIn(page, service.url, 'ben');
  await page.goto(`${service.url}/tickets/ESC-1`);
  const open = page.getByRole('button', { name: 'Escalate…' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.verdict')).toBeVisible();
  // Focus starts inside the dialog and Tab never leaves it for the page behind.
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  expect(await tabStaysIn(page, 'dialog', 8)).toBe(true);
  expect(await tabStaysIn(page, 'dialog', 8, true)).toBe(true);
  // The dialog is modal: the page behind is inert.
  expect(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal') ?? false)).toBe(true);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
  // Nothing was escalated.
  await expect(page.locator('.timeline li[data-kind="escalated"]')).toHaveCount(0);
});

test('the policy\'s apply confirmation is a modal dialog: focus inside, Escape cancels', async ({ page }) => {
  await signIn(page, service.url, 'admin');
  await page.goto(`${service.url}/policy`);
  await page.getByLabel('Candidate policy (YAML)').fill('levels: {}\n');
  const apply = page.getByRole('button', { name: 'Apply…' });
  await apply.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Apply this policy?' });
  await expect(confirm).toBeVisible();
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  expect(await tabStaysIn(page, 'dialog', 5)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(apply).toBeFocused();
  // Cancelled: nothing was applied or checked.
  await expect(page.locator('.outcome .notice')).toHaveCount(0);
});
