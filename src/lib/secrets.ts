/**
 * The secrets the Worker cannot run without, and what a usable value looks
 * like. A missing or short secret used to surface as a `500` at the first
 * login; now the Worker refuses every request with a clear `503` instead
 * (src/http/middleware/secrets.ts), and `npm run dev` checks .dev.vars the same way
 * before starting (scripts/dev.mjs keeps its own copy of these rules, as plain
 * Node cannot import this file).
 */
export const SECRET_RULES = [
  { name: "JWT_SECRET", requirement: "at least 32 characters", valid: (v: string) => v.length >= 32 },
  {
    name: "ENCRYPTION_KEY",
    requirement: "exactly 64 hex characters (256 bits)",
    valid: (v: string) => /^[0-9a-fA-F]{64}$/.test(v),
  },
  { name: "SIGNING_SECRET", requirement: "at least 32 characters", valid: (v: string) => v.length >= 32 },
] as const;

type SecretName = (typeof SECRET_RULES)[number]["name"];

/** One sentence per unusable secret, naming it and the rule; never the value. */
export function secretProblems(env: Partial<Record<SecretName, unknown>>): string[] {
  const problems: string[] = [];
  for (const rule of SECRET_RULES) {
    const value = env[rule.name];
    if (typeof value !== "string" || value === "") problems.push(`${rule.name} is not set`);
    else if (!rule.valid(value)) problems.push(`${rule.name} must be ${rule.requirement}`);
  }
  return problems;
}
