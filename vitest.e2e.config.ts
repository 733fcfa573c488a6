import { defineConfig } from "vitest/config";

/**
 * The end-to-end suite: plain Node, black box, HTTP only. `e2e/global-setup.ts`
 * starts the API exactly as `npm run dev` does, on a fresh local state and a
 * free port (or uses E2E_BASE_URL when set), and every test talks to it.
 */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["./e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One server for the whole run; files share it, so they run one after another.
    fileParallelism: false,
  },
});
