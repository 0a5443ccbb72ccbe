import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The cluster tests start real processes (HAProxy, three production instances): they run on
// their own, after the build, and only with PostgreSQL (tests/run-all.sh).
export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("../../app", import.meta.url)) } },
  test: {
    globals: true,
    include: ["tests/cluster/**/*.test.ts"],
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    pool: "forks",
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
