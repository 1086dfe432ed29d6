import { defineConfig } from 'vitest/config';

// Projects with their own budgets, sized for a 2-core machine with other work running:
// unit tests are pure and fast; integration tests start dynalite, local servers and child processes;
// the browser tests drive Debian's Chromium. The fault suite is the slowest file and gets its own budget.
// Every shortcut the in-process store takes past dynalite's own work (expression parse cache, request type
// check, table description cache; local/verify-store-shortcuts.ts) is checked against that work, here and in
// the `kept` processes the tests start (tests/helpers/run-kept.ts), so the whole suite checks them on all of Kept's requests.
const shared = {
  environment: 'node' as const,
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', KEPT_VERIFY_STORE_SHORTCUTS: '1' },
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/fault-suite.test.ts', 'tests/integration/conflict-faults.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The stack is synthesized (its functions bundled) once for every infra test file.
        test: {
          ...shared,
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          globalSetup: ['tests/infra/synth-example-stack.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // The store runs in-process everywhere else; this job keeps the SDK's HTTP path to dynalite
        // (serialisation on the wire, retries, error parsing) covered on the core flows.
        test: {
          ...shared,
          name: 'store-http',
          include: ['tests/integration/tick-send.test.ts', 'tests/integration/replies.test.ts'],
          env: { ...shared.env, KEPT_TEST_STORE: 'http' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          ...shared,
          name: 'faults',
          include: ['tests/integration/fault-suite.test.ts', 'tests/integration/conflict-faults.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          ...shared,
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
