import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources, so tests need no build step.
  resolve: { conditions: ['@shopstream/source', 'import', 'node', 'default'] },
  // No 'import' here: these conditions also reach Node's require() of externalised CommonJS, where 'import' would
  // hand express's router the ESM build of is-promise (a namespace, not a function). Vite adds import/require by itself.
  ssr: { resolve: { conditions: ['@shopstream/source', 'node', 'default'], externalConditions: ['@shopstream/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/support/summaryReporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
