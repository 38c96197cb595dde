import { defineConfig } from "vitest/config";

// Two projects: pure unit tests beside the code, and integration tests under test/ that use
// a real database (SQLite or PostgreSQL, chosen by TEST_DATABASE) and real HTTP.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "sandbox/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          // Headroom for a loaded CI machine (some load the 3.7 MB Admin schema); not a speed limit.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**", "test/journeys/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // Whole shopper journeys in Chromium against the built app and the sandbox checkout;
          // run on both databases (scripts/test.mjs).
          name: "journey",
          include: ["test/journeys/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
