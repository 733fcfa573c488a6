// The Worker's startup graph (issue #21): the files the entry imports statically,
// i.e. what top-level evaluation runs before the first request. It must hold no
// file of src/modules (routers, zod schemas, services are reached only through
// import() in src/routers.ts, src/app.ts, src/index.ts) and no zod import
// besides the OpenAPIHono class in src/app.ts, so startup builds no route schema
// and registers no route. Deterministic (an esbuild metafile, no timing);
// run by `npm run check:bundle`, or alone: `node scripts/startup-graph.mjs`.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Files of src/ allowed to import zod statically at startup, and why. */
const ZOD_AT_STARTUP = new Map([["src/app.ts", "the OpenAPIHono class only; no schema is built"]]);

export async function startupProblems() {
  const result = await build({
    entryPoints: [join(root, "src", "index.ts")],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    conditions: ["workerd", "worker", "import"],
    external: ["cloudflare:*", "node:*"],
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const inputs = result.metafile.inputs;
  const parent = new Map([["src/index.ts", null]]);
  const queue = ["src/index.ts"];
  while (queue.length) {
    const file = queue.shift();
    for (const i of inputs[file]?.imports ?? []) {
      if (i.kind !== "import-statement" || i.external || parent.has(i.path)) continue;
      parent.set(i.path, file);
      queue.push(i.path);
    }
  }
  const chain = (file) => {
    const out = [];
    for (let f = file; f; f = parent.get(f)) out.unshift(f);
    return out.join(" -> ");
  };
  const problems = [];
  for (const file of parent.keys()) {
    if (file.startsWith("src/modules/")) problems.push(`module file at startup: ${chain(file)}`);
    const zod = (inputs[file]?.imports ?? []).some(
      (i) => i.kind === "import-statement" && /(^|\/)zod|zod-openapi/.test(i.path),
    );
    if (file.startsWith("src/") && zod && !ZOD_AT_STARTUP.has(file)) problems.push(`zod at startup: ${chain(file)}`);
  }
  return { files: parent.size, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, problems } = await startupProblems();
  for (const p of problems) console.error(p);
  console.log(`startup graph: ${files} files, ${problems.length} problem(s)`);
  if (problems.length) process.exitCode = 1;
}
