import { defineConfig } from "vitest/config";
import { stuckAfterMs } from "./tests/helpers/patience.ts";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/chromium.ts", "tests/setup/build-site.ts"],
    // Tests wait on readiness (tests/helpers/patience.ts), not on budgets: these ceilings only end a test that
    // is stuck, a little after the helpers' own ceiling so that their message (what was awaited) comes first.
    testTimeout: stuckAfterMs + 60_000,
    hookTimeout: stuckAfterMs + 60_000,
    teardownTimeout: stuckAfterMs,
    pool: "forks",
  },
});
