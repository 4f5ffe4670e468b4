import { defineConfig } from 'vitest/config';

/**
 * Two projects: fast unit tests of the framework-free modules in lib/, and end-to-end tests in e2e/
 * that drive headless Chromium against the real room server and the built web app (`next build` first).
 */
export default defineConfig({
  test: {
    globalSetup: ['../../scripts/vitestTempDir.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
