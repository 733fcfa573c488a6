import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CRON, type CronTask, runSchedule, schedules } from "../src/cron";
import worker from "../src/index";

const EXPECTED = ["*/5 * * * *", "0 * * * *", "0 3 * * *", "0 6 * * 1", "0 */6 * * *"];

describe("cron schedules", () => {
  afterEach(() => vi.restoreAllMocks());

  it("cover exactly the five expressions of wrangler.toml", () => {
    expect(Object.values(CRON).sort()).toEqual([...EXPECTED].sort());
    expect(Object.keys(schedules).sort()).toEqual([...EXPECTED].sort());
    // The same list, read from wrangler.toml itself by vitest.config.ts.
    expect([...env.TEST_WRANGLER_CRONS].sort()).toEqual([...EXPECTED].sort());
  });

  it.each(EXPECTED)("the Worker's scheduled handler runs %s", async (cron) => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const controller = createScheduledController({ cron, scheduledTime: Date.now() });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(warn).not.toHaveBeenCalled();
  });

  it("an unknown expression is logged and does nothing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const ctx = createExecutionContext();
    expect(await runSchedule("1 2 3 4 5", { env, ctx, scheduledTime: 0 })).toEqual([]);
    expect(JSON.parse(String(warn.mock.calls[0]?.[0]))).toMatchObject({ msg: "no tasks for cron expression" });
  });

  it("a failing task fails the tick while the others still run", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const ran: string[] = [];
    const task = (name: string, fail = false): CronTask => ({
      name,
      run: async (cc) => {
        ran.push(`${name}@${cc.scheduledTime}`);
        if (fail) throw new Error(`${name} broke`);
        return { done: true };
      },
    });
    const table = { "*/5 * * * *": [task("first"), task("broken", true), task("last")] };
    const ctx = createExecutionContext();
    const run = runSchedule("*/5 * * * *", { env, ctx, scheduledTime: 123 }, table);
    await expect(run).rejects.toThrow(AggregateError);
    await expect(run).rejects.toThrow("1 cron task(s) failed");
    expect(ran).toEqual(["first@123", "broken@123", "last@123"]);
    const failure = error.mock.calls.map((c) => JSON.parse(String(c[0]))).find((l) => l.msg === "cron task failed");
    expect(failure).toMatchObject({ task: "broken", error: "broken broke", cron: "*/5 * * * *" });
  });

  it("returns the names of the tasks it ran", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const ctx = createExecutionContext();
    const table = {
      h: [
        { name: "a", run: async () => 1 },
        { name: "b", run: async () => 2 },
      ],
    };
    expect(await runSchedule("h", { env, ctx, scheduledTime: 0 }, table)).toEqual(["a", "b"]);
  });
});
