import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web view: Preact (JSX through Vite's own transform, no framework plugin needed for a build),
 * one entry chunk plus a chunk per page, and the chart library only in the chunks of the pages
 * that draw charts. Built into web/dist, which the API serves at / (api/web-app.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Modern browsers only: no polyfill for module preloading.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
});
