// The Worker's startup graph (issue #21): the files the entry imports statically,
// i.e. what top-level evaluation runs before the first request. It must hold no
// file of src/modules (routers, zod schemas, services are reached only through
// import() in src/routers.ts, src/app.ts, src/index.ts), no zod and no
// @hono/zod-openapi at all (the lazy app in src/app.ts is a plain Hono app; the
// OpenAPIHono sub-apps import the library with their routers), no drizzle-orm
// and no table definition (src/platform/db/schema): the database middleware
// imports the drizzle client on the first request, the client gets no schema,
// and the UserChannel Durable Object imports the client and its tickets module
// on use. So startup builds no route schema, registers no route, evaluates no
// query builder and defines no table.
// Deterministic (an esbuild metafile, no timing); run by `npm run check:bundle`,
// or alone: `node scripts/startup-graph.mjs`.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

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
    if (file.startsWith("src/platform/db/schema/")) problems.push(`table definitions at startup: ${chain(file)}`);
    if (/node_modules\/(zod|@hono\/zod-openapi|@asteasolutions\/zod-to-openapi)\//.test(file)) {
      problems.push(`zod at startup: ${chain(file)}`);
    }
    if (file.startsWith("node_modules/drizzle-orm/")) problems.push(`drizzle at startup: ${chain(file)}`);
  }
  return { files: parent.size, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, problems } = await startupProblems();
  for (const p of problems) console.error(p);
  console.log(`startup graph: ${files} files, ${problems.length} problem(s)`);
  if (problems.length) process.exitCode = 1;
}
