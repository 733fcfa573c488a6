import { desc, eq } from "drizzle-orm";
import { toIso } from "../../lib/time";
import type { Db } from "../../platform/db/client";
import { devMailbox } from "../../platform/db/schema";

export async function listDevMailbox(db: Db, opts: { to?: string | undefined; limit: number }) {
  const rows = await db
    .select()
    .from(devMailbox)
    .where(opts.to ? eq(devMailbox.to, opts.to.toLowerCase()) : undefined)
    .orderBy(desc(devMailbox.createdAt), desc(devMailbox.id))
    .limit(opts.limit);
  return rows.map((r) => ({
    id: r.id,
    to: r.to,
    subject: r.subject,
    text: r.text,
    html: r.html,
    headers: r.headers,
    created_at: toIso(r.createdAt),
  }));
}
