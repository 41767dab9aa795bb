// Page helpers shared by the end-to-end tests: signing in through the form, and saving
// the documentation screenshots (docs/screenshots/<page>-<desktop|phone>.png).
import { expect, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const path = join(screenshots, `${name}-${size}.png`);
  // Transitions finished at once (a hover colour caught half-way differs from run to run).
  const image = await page.screenshot({ fullPage: options.fullPage ?? true, animations: 'disabled' });
  if (existsSync(path) && await nearlySame(page, readFileSync(path), image)) return;
  writeFileSync(path, image);
}

/**
 * Whether two PNGs differ only by a few pixels of anti-aliasing (Chromium's rasteriser
 * varies by a handful of pixels between runs): then the file is kept, so re-runs do not
 * churn the documentation's images. Compared in a blank page of the same browser.
 */
async function nearlySame(page: Page, a: Buffer, b: Buffer): Promise<boolean> {
  if (a.equals(b)) return true;
  const blank = await page.context().newPage();
  try {
    return await blank.evaluate(async ([a, b]) => {
      const load = (src: string) => new Promise<HTMLImageElement>((ok, fail) => {
        const image = new Image();
        image.onload = () => ok(image);
        image.onerror = fail;
        image.src = `data:image/png;base64,${src}`;
      });
      const [ia, ib] = await Promise.all([load(a), load(b)]);
      if (ia.width !== ib.width || ia.height !== ib.height) return false;
      const pixels = (image: HTMLImageElement) => {
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height).data;
      };
      const pa = pixels(ia);
      const pb = pixels(ib);
      let differing = 0;
      for (let i = 0; i < pa.length; i += 4) {
        if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1] || pa[i + 2] !== pb[i + 2]) differing++;
      }
      return differing <= 64;
    }, [a.toString('base64'), b.toString('base64')] as const);
  } finally {
    await blank.close();
  }
}
