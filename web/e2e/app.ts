// Page helpers shared by the end-to-end tests: signing in through the form, and saving
// the documentation screenshots (docs/screenshots/<page>-<desktop|phone>.png).
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { password, screenshots, start } from './server';

export const phone = { width: 390, height: 844 };

export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * Stops the browser's Date.now (timers still run): countdowns measure from the service's
 * manual clock plus the browser's elapsed time, so this keeps screenshots the same from
 * run to run.
 */
export async function freezeBrowserClock(page: Page): Promise<void> {
  await page.clock.setFixedTime(new Date(start));
}

export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  const size = (page.viewportSize()?.width ?? 1280) < 600 ? 'phone' : 'desktop';
  await page.screenshot({ path: join(screenshots, `${name}-${size}.png`), fullPage: options.fullPage ?? true });
}
