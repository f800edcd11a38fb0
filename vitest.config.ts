import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources, so tests need no build step.
  resolve: { conditions: ['@shopstream/source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@shopstream/source', 'import', 'node', 'default'], externalConditions: ['@shopstream/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/support/summaryReporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
