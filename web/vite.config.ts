// Vite builds the app into dist/ (hashed file names under dist/assets/, which
// `escalator serve --web-root` marks immutable). `npm run dev` proxies the API to a local
// `escalator serve` (ESCALATOR_URL, default http://127.0.0.1:8080).
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

const api = process.env.ESCALATOR_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
