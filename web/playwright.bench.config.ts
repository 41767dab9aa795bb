// The page-load bench (npm run bench:pages): the e2e set-up (Debian's Chromium, one
// worker), its own folder, and no retries or traces. Not part of make test.
import { defineConfig } from '@playwright/test';
import e2e from './playwright.config';

export default defineConfig({
  ...e2e,
  testDir: 'bench',
  testMatch: '**/*.bench.ts',
  outputDir: '.e2e/bench-results',
  timeout: 30 * 60_000,
  use: { ...e2e.use, trace: 'off' },
});
