// `.dev.vars` (local secrets for `wrangler dev`): created from .dev.vars.example
// with fresh random secrets when missing, and checked before the Worker starts.
// Shared by `npm run dev` and `npm run bench`, which both start `wrangler dev`
// on a fresh clone where no .dev.vars exists yet.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Creates `<root>/.dev.vars` if missing; returns true when it did. */
export function ensureDevVars(root) {
  const target = join(root, ".dev.vars");
  if (existsSync(target)) return false;
  const example = readFileSync(join(root, ".dev.vars.example"), "utf8");
  // Each placeholder gets its own secret, so no two keys share a value.
  const filled = example.replace(/change-me-to-64-random-hex-characters/g, () => randomBytes(32).toString("hex"));
  writeFileSync(target, filled, { mode: 0o600 });
  return true;
}

/**
 * The same rules as the Worker's secrets check (it answers 503 without them);
 * checked here too so a bad .dev.vars stops the script with a clear message
 * instead of a 500 at the first login. Names only, never values.
 */
const SECRET_RULES = [
  ["JWT_SECRET", "at least 32 characters", (v) => v.length >= 32],
  ["ENCRYPTION_KEY", "exactly 64 hex characters (256 bits)", (v) => /^[0-9a-fA-F]{64}$/.test(v)],
  ["SIGNING_SECRET", "at least 32 characters", (v) => v.length >= 32],
];

function parseDevVars(text) {
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    let value = m[2];
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    vars[m[1]] = value;
  }
  return vars;
}

/** The problems with `<root>/.dev.vars` (empty when usable). */
export function devVarsProblems(root) {
  const vars = parseDevVars(readFileSync(join(root, ".dev.vars"), "utf8"));
  return SECRET_RULES.flatMap(([name, rule, valid]) =>
    !vars[name] ? [`${name} is not set`] : valid(vars[name]) ? [] : [`${name} must be ${rule}`],
  );
}
