import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { categoryWithDescendants } from "../src/modules/categories/service";
import { CACHE_NAMESPACES, invalidate } from "../src/platform/cache";
import { auditLog, categories, jobs } from "../src/platform/db/schema";
import { db, makeCategory, makeCompany, makeJob, signedIn, unique } from "./factories";
import { api, expectProblem } from "./helpers/http";

const base = "/api/v1/categories";
type Node = { id: string; slug: string; job_count: number; children: Node[] };
const find = (tree: Node[], slug: string): Node | undefined => {
  for (const n of tree) {
    if (n.slug === slug) return n;
    const inner = find(n.children, slug);
    if (inner) return inner;
  }
  return undefined;
};

async function admin() {
  return (await signedIn({ role: "admin" })).token;
}

async function create(token: string, body: Record<string, unknown>) {
  const r = await api.post(base, body, { token });
  if (r.status !== 201) throw new Error(`create failed ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as { id: string; slug: string };
}

describe("seeded tree and public reads", () => {
  it("has the seeded taxonomy with job counts that include sub-categories", async () => {
    await invalidate(env, "categories.tree", undefined);
    const co = await makeCompany();
    await makeJob({ companyId: co.id, categoryId: "cat_backend" });
    await makeJob({ companyId: co.id, categoryId: "cat_frontend" });
    await makeJob({ companyId: co.id, categoryId: "cat_engineering" });
    await makeJob({ companyId: co.id, categoryId: "cat_backend", status: "draft", publishedAt: null });
    const r = await api.get(base);
    expect(r.status).toBe(200);
    const tree = r.json as Node[];
    for (const slug of ["engineering", "design", "sales", "healthcare", "trades", "logistics"]) {
      expect(find(tree, slug)).toBeDefined();
    }
    expect(find(tree, "welding")).toBeDefined();
    expect(find(tree, "nursing")).toBeDefined();
    expect(find(tree, "engineering")?.job_count).toBe(3);
    expect(find(tree, "backend")?.job_count).toBe(1);
    expect(find(tree, "engineering")?.children.map((c) => c.slug)).toContain("devops");

    const one = await api.get(`${base}/backend`);
    expect(one.json).toMatchObject({ id: "cat_backend", parent_id: "cat_engineering", job_count: 1 });
    expect(one.json.ancestors).toEqual([{ id: "cat_engineering", name: "Engineering", slug: "engineering" }]);
    expect((await api.get(`${base}/cat_backend`)).json.slug).toBe("backend");
    expectProblem(await api.get(`${base}/no-such-category`), 404);
  });

  it("serves reads from KV and invalidates the cache on every admin change", async () => {
    const token = await admin();
    await api.get(base); // fills the cache
    expect(await env.CACHE.get(CACHE_NAMESPACES["categories.tree"].key())).not.toBeNull();
    // A row written behind the API's back is not visible while the cache holds.
    const sneaky = unique("sneaky");
    await makeCategory({ name: sneaky, slug: sneaky });
    expect(find((await api.get(base)).json, sneaky)).toBeUndefined();
    expectProblem(await api.get(`${base}/${sneaky}`), 404);

    const created = await create(token, { name: `Created ${unique()}` });
    expect(find((await api.get(base)).json, sneaky)).toBeDefined();
    expect(find((await api.get(base)).json, created.slug)).toBeDefined();

    await api.patch(`${base}/${created.id}`, { name: "Renamed Category" }, { token });
    expect((await api.get(`${base}/${created.id}`)).json.name).toBe("Renamed Category");
    await api.delete(`${base}/${created.id}`, { token });
    expectProblem(await api.get(`${base}/${created.id}`), 404);
  });

  it("categoryWithDescendants returns the sub-tree's ids", async () => {
    const ids = await categoryWithDescendants(db(), "engineering");
    expect(ids).toEqual(expect.arrayContaining(["cat_engineering", "cat_backend", "cat_frontend", "cat_devops"]));
    expect(ids).not.toContain("cat_design");
    expect(await categoryWithDescendants(db(), "nope")).toEqual([]);
  });
});

describe("admin CRUD", () => {
  it("creates with derived or explicit slugs, under a parent", async () => {
    const token = await admin();
    const name = `Platform ${unique()}`;
    const a = await create(token, { name, parent_id: "cat_engineering" });
    const b = await create(token, { name });
    expect(b.slug).toBe(`${a.slug}-2`);
    expect((await api.get(`${base}/${a.slug}`)).json.ancestors[0].id).toBe("cat_engineering");
    expectProblem(await api.post(base, { name: "Dup", slug: "backend" }, { token }), 409, "slug-taken");
    expectProblem(await api.post(base, { name: "Orphan", parent_id: "nope" }, { token }), 400);
    expectProblem(await api.post(base, { name: "Bad slug", slug: "Not A Slug!" }, { token }), 400);
    expectProblem(await api.post(base, { name: "Extra", job_count: 5 }, { token }), 400);
  });

  it("refuses cycles: a category under itself or its own descendant", async () => {
    const token = await admin();
    const top = await create(token, { name: `Top ${unique()}` });
    const mid = await create(token, { name: `Mid ${unique()}`, parent_id: top.id });
    const leaf = await create(token, { name: `Leaf ${unique()}`, parent_id: mid.id });
    expectProblem(await api.patch(`${base}/${top.id}`, { parent_id: leaf.id }, { token }), 409, "category-cycle");
    expectProblem(await api.patch(`${base}/${top.id}`, { parent_id: top.id }, { token }), 409, "category-cycle");
    expect((await db().select().from(categories).where(eq(categories.id, top.id)).get())?.parentId).toBeNull();
    // A legal move, then back to the top level.
    const moved = await api.patch(`${base}/${leaf.id}`, { parent_id: top.id }, { token });
    expect(moved.json.parent_id).toBe(top.id);
    expect((await api.patch(`${base}/${leaf.id}`, { parent_id: null }, { token })).json.parent_id).toBeNull();
  });

  it("deletes: jobs need reassign_to; children move up; audited", async () => {
    const token = await admin();
    const parent = await create(token, { name: `Parent ${unique()}` });
    const doomed = await create(token, { name: `Doomed ${unique()}`, parent_id: parent.id });
    const child = await create(token, { name: `Child ${unique()}`, parent_id: doomed.id });
    const co = await makeCompany();
    const job = await makeJob({ companyId: co.id, categoryId: doomed.id, status: "closed" });
    expectProblem(await api.delete(`${base}/${doomed.id}`, { token }), 409, "category-has-jobs");
    expectProblem(await api.delete(`${base}/${doomed.id}?reassign_to=${doomed.id}`, { token }), 400);
    expectProblem(await api.delete(`${base}/${doomed.id}?reassign_to=nope`, { token }), 400);
    expect((await api.delete(`${base}/${doomed.id}?reassign_to=${parent.slug}`, { token })).status).toBe(204);
    expect((await db().select().from(jobs).where(eq(jobs.id, job.id)).get())?.categoryId).toBe(parent.id);
    expect((await db().select().from(categories).where(eq(categories.id, child.id)).get())?.parentId).toBe(parent.id);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, doomed.id)).all();
    expect(audit.map((a) => a.action)).toEqual(["category.delete"]);
    expectProblem(await api.delete(`${base}/${doomed.id}`, { token }), 404);
  });

  it("is admin only", async () => {
    for (const role of ["seeker", "employer"] as const) {
      const u = await signedIn({ role });
      expectProblem(await api.post(base, { name: "Nope" }, { token: u.token }), 403);
      expectProblem(await api.patch(`${base}/cat_backend`, { name: "Nope" }, { token: u.token }), 403);
      expectProblem(await api.delete(`${base}/cat_backend`, { token: u.token }), 403);
    }
    expectProblem(await api.post(base, { name: "Nope" }), 401);
    expect((await db().select().from(categories).where(eq(categories.id, "cat_backend")).get())?.name).toBe("Backend");
  });
});
