type Check = "ok" | "error";

async function probe(fn: () => Promise<unknown>): Promise<Check> {
  try {
    await fn();
    return "ok";
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "readiness probe failed", error: String(err) }));
    return "error";
  }
}

/** Cheap reads against each storage binding, run in parallel. */
export async function checkReadiness(env: Pick<Env, "DB" | "CACHE" | "FILES">) {
  const [d1, kv, r2] = await Promise.all([
    probe(() => env.DB.prepare("SELECT 1").first()),
    probe(() => env.CACHE.get("health:probe")),
    probe(() => env.FILES.head("health/probe")),
  ]);
  return { d1, kv, r2 };
}
