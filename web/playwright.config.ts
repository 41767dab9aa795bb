// End-to-end tests: @playwright/test (its runner, auto-waiting, traces) driving Debian's
// Chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core; no browser is
// downloaded. Each test file starts its own `escalator serve --testing --demo` on a free
// port with a fresh database (e2e/server.ts), so files never share state.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: '.e2e/results',
  fullyParallel: false,
  workers: 1, // the machines have 2 cores; each file also runs a server
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    headless: true,
    timezoneId: 'UTC',
    locale: 'en-GB',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
