import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: each file starts a real Gongkai process (fresh SQLite database, free port)
 * and drives Debian's Chromium through playwright-core. Files run one after another so two
 * servers and two browsers never compete for the machine's two cores.
 */
export default defineConfig({
  // vitest.config.ts's `esbuild: { jsx: 'automatic', jsxImportSource: 'preact' }`, spelled for Vite 8:
  // Vitest 4 transforms with Oxc and ignores (with a warning) any `esbuild` block.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
    retry: 0,
  },
});
