/** Companies for the public sitemap: every company page, in id order (the primary key). */
export async function companiesForSitemap(
  d1: D1Database,
  limit: number,
): Promise<Array<{ slug: string; updatedAt: number }>> {
  const { results } = await d1
    .prepare("SELECT slug, updated_at FROM companies ORDER BY id LIMIT ?")
    .bind(limit)
    .all<{ slug: string; updated_at: number }>();
  return results.map((r) => ({ slug: r.slug, updatedAt: Number(r.updated_at) }));
}
