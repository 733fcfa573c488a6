/**
 * Webhook endpoints: who may see and manage them, CRUD, secret rotation,
 * delivery logs, redelivery and test events. A company's endpoints belong to
 * its owners (recruiters and other companies see `404`); platform-wide
 * endpoints (no company) to admins, who may also manage every company's.
 */
import { and, desc, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { preconditionFailed, requireVersion, versionIn } from "../../http/etag";
import { BY_CREATED, decodeCursor, page } from "../../http/pagination";
import { ApiError, badRequest, conflict, notFound } from "../../http/problem";
import { encryptText } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import type { Db } from "../../platform/db/client";
import {
  companyMembers,
  type WebhookEndpointRow,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "../../platform/db/schema";
import type { AuthContext } from "../../platform/env";
import { enqueue } from "../../platform/queue/enqueue";
import { requireCompanyAccess } from "../companies";
import { payloadOf, TEST_EVENT_TYPE } from "./events";
import type { CreateEndpointInput, UpdateEndpointInput } from "./schemas";
import { requireEndpointUrl, type UrlEnv } from "./urls";

/** Endpoints per company (and platform-wide): fan-out cost per event stays bounded. */
export const MAX_ENDPOINTS_PER_OWNER = 10;

type ServiceEnv = UrlEnv & Pick<Env, "ENCRYPTION_KEY" | "EVENTS">;

/** A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes. */
export function newSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/** The companies `auth` owns (where it may manage endpoints). */
async function ownedCompanyIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: companyMembers.companyId })
    .from(companyMembers)
    .where(and(eq(companyMembers.userId, userId), eq(companyMembers.role, "owner")));
  return rows.map((r) => r.id);
}

/**
 * The endpoint if `auth` manages it; otherwise `404` (someone else's endpoint
 * does not exist for you). The one ownership rule of every handler that names an
 * endpoint (read, change, delete, rotate, test, deliveries, redelivery). One
 * round trip: the caller's ownership is joined to the endpoint in the same query.
 */
export async function requireEndpoint(db: Db, auth: AuthContext, id: string): Promise<WebhookEndpointRow> {
  const found = await db
    .select({ endpoint: webhookEndpoints, ownerRole: companyMembers.role })
    .from(webhookEndpoints)
    .leftJoin(
      companyMembers,
      and(eq(companyMembers.companyId, webhookEndpoints.companyId), eq(companyMembers.userId, auth.userId)),
    )
    .where(eq(webhookEndpoints.id, id))
    .get();
  if (found && (auth.role === "admin" || found.ownerRole === "owner")) return found.endpoint;
  throw notFound("Webhook endpoint");
}

/** Sending (a test event, a redelivery) needs an enabled endpoint: `409 webhook-endpoint-disabled` otherwise. */
function requireEnabled(endpoint: WebhookEndpointRow, action: string): void {
  if (endpoint.status !== "enabled") {
    throw conflict("webhook-endpoint-disabled", `Enable the endpoint before ${action}.`);
  }
}

export async function createEndpoint(
  db: Db,
  env: ServiceEnv,
  auth: AuthContext,
  input: CreateEndpointInput,
  now = Date.now(),
): Promise<{ row: WebhookEndpointRow; secret: string }> {
  const companyId = input.company_id ?? null;
  if (companyId) await requireCompanyAccess(db, auth, companyId, { ownerOnly: true });
  else if (auth.role !== "admin") {
    throw badRequest("company_id is required.", [
      { path: "company_id", message: "Only admins create platform-wide endpoints." },
    ]);
  }
  const url = requireEndpointUrl(env, input.url);
  const count = await db
    .select({ n: sql<number>`count(*)` })
    .from(webhookEndpoints)
    .where(companyId ? eq(webhookEndpoints.companyId, companyId) : isNull(webhookEndpoints.companyId))
    .get();
  if ((count?.n ?? 0) >= MAX_ENDPOINTS_PER_OWNER) {
    throw conflict("webhook-endpoint-limit", `At most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints per company.`);
  }
  const id = newId(now);
  const secret = newSecret();
  const row: WebhookEndpointRow = {
    id,
    companyId,
    createdBy: auth.userId,
    url,
    description: input.description || null,
    eventTypes: [...new Set(input.events)],
    secretEnc: await encryptText(env.ENCRYPTION_KEY, secret, id),
    previousSecretEnc: null,
    previousSecretExpiresAt: null,
    status: "enabled",
    disabledReason: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(webhookEndpoints).values(row);
  return { row, secret };
}

export async function listEndpoints(
  db: Db,
  auth: AuthContext,
  query: { limit: number; cursor?: string; company_id?: string },
) {
  const conds: (SQL | undefined)[] = [];
  if (auth.role !== "admin") {
    const owned = await ownedCompanyIds(db, auth.userId);
    const visible = query.company_id ? owned.filter((c) => c === query.company_id) : owned;
    if (visible.length === 0) return { data: [], next_cursor: null };
    conds.push(inArray(webhookEndpoints.companyId, visible.slice(0, 90)));
  } else if (query.company_id) {
    conds.push(eq(webhookEndpoints.companyId, query.company_id));
  }
  const scope = { company_id: query.company_id ?? null };
  const after = decodeCursor(query.cursor, BY_CREATED, scope);
  if (after) {
    conds.push(
      or(
        lt(webhookEndpoints.createdAt, after[0]),
        and(eq(webhookEndpoints.createdAt, after[0]), lt(webhookEndpoints.id, after[1])),
      ),
    );
  }
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(...conds))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(query.limit + 1);
  return page(rows, query.limit, (r) => [r.createdAt, r.id], scope);
}

export async function updateEndpoint(
  db: Db,
  env: ServiceEnv,
  auth: AuthContext,
  id: string,
  input: UpdateEndpointInput,
  options: { ifMatch?: number[] | undefined; now?: number } = {},
): Promise<WebhookEndpointRow> {
  const { ifMatch, now = Date.now() } = options;
  const row = await requireEndpoint(db, auth, id);
  requireVersion(ifMatch, row.updatedAt);
  const patch: Partial<WebhookEndpointRow> = { updatedAt: Math.max(now, row.updatedAt + 1) };
  if (input.url !== undefined) patch.url = requireEndpointUrl(env, input.url);
  if (input.events !== undefined) patch.eventTypes = [...new Set(input.events)];
  if (input.description !== undefined) patch.description = input.description || null;
  if (input.enabled === true && row.status !== "enabled") {
    Object.assign(patch, { status: "enabled", disabledReason: null, failingSince: null });
  } else if (input.enabled === false && row.status !== "disabled") {
    Object.assign(patch, { status: "disabled", disabledReason: "Disabled by a user." });
  }
  // The version check in the UPDATE itself, so a write in between makes this one fail (412), not overwrite it.
  const [updated] = await db
    .update(webhookEndpoints)
    .set(patch)
    .where(and(eq(webhookEndpoints.id, row.id), versionIn(webhookEndpoints.updatedAt, ifMatch)))
    .returning();
  if (!updated) throw ifMatch ? preconditionFailed() : notFound("Webhook endpoint");
  return updated;
}

export async function deleteEndpoint(db: Db, auth: AuthContext, id: string): Promise<void> {
  const row = await requireEndpoint(db, auth, id);
  await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, row.id));
}

/**
 * A new secret; the current one becomes the previous one and keeps signing
 * (a second signature in `webhook-signature`) for `overlapSeconds`, so a
 * receiver can switch without dropping a delivery.
 */
export async function rotateSecret(
  db: Db,
  env: ServiceEnv,
  auth: AuthContext,
  id: string,
  overlapSeconds: number,
  now = Date.now(),
): Promise<{ row: WebhookEndpointRow; secret: string }> {
  const row = await requireEndpoint(db, auth, id);
  const secret = newSecret();
  const [updated] = await db
    .update(webhookEndpoints)
    .set({
      secretEnc: await encryptText(env.ENCRYPTION_KEY, secret, row.id),
      previousSecretEnc: overlapSeconds > 0 ? row.secretEnc : null,
      previousSecretExpiresAt: overlapSeconds > 0 ? now + overlapSeconds * 1000 : null,
      updatedAt: Math.max(now, row.updatedAt + 1),
    })
    .where(eq(webhookEndpoints.id, row.id))
    .returning();
  if (!updated) throw notFound("Webhook endpoint");
  return { row: updated, secret };
}

export async function listDeliveries(
  db: Db,
  auth: AuthContext,
  endpointId: string,
  query: { limit: number; cursor?: string; status?: "pending" | "delivered" | "failed" },
) {
  const endpoint = await requireEndpoint(db, auth, endpointId);
  const scope = { endpoint: endpoint.id, status: query.status ?? null };
  const after = decodeCursor(query.cursor, BY_CREATED, scope);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpoint.id),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        after
          ? or(
              lt(webhookDeliveries.createdAt, after[0]),
              and(eq(webhookDeliveries.createdAt, after[0]), lt(webhookDeliveries.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  return page(rows, query.limit, (r) => [r.createdAt, r.id], scope);
}

async function requireDelivery(db: Db, auth: AuthContext, endpointId: string, deliveryId: string) {
  const endpoint = await requireEndpoint(db, auth, endpointId);
  const delivery = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)))
    .get();
  if (!delivery) throw notFound("Webhook delivery");
  return { endpoint, delivery };
}

export async function getDelivery(db: Db, auth: AuthContext, endpointId: string, deliveryId: string) {
  const { delivery } = await requireDelivery(db, auth, endpointId, deliveryId);
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, delivery.id))
    .orderBy(webhookAttempts.createdAt, webhookAttempts.attempt)
    .limit(100);
  return { delivery, attempts };
}

/**
 * Sends the delivery once more with the same `webhook-id` and body (a receiver
 * that already processed it recognises the id), whatever its status.
 */
export async function redeliver(
  db: Db,
  env: ServiceEnv,
  auth: AuthContext,
  endpointId: string,
  deliveryId: string,
  now = Date.now(),
) {
  const { endpoint, delivery } = await requireDelivery(db, auth, endpointId, deliveryId);
  requireEnabled(endpoint, "redelivering");
  await enqueue(env, {
    type: "webhook.deliver",
    id: `webhook-redeliver:${delivery.id}:${newId(now)}`,
    delivery_id: delivery.id,
    attempt: delivery.attempts,
    manual: true,
  });
  return delivery;
}

/** A `webhook.test` delivery to this endpoint only, sent like any other (retries included). */
export async function sendTestEvent(db: Db, env: ServiceEnv, auth: AuthContext, endpointId: string, now = Date.now()) {
  const endpoint = await requireEndpoint(db, auth, endpointId);
  requireEnabled(endpoint, "sending a test event");
  const eventId = `evt_test_${newId(now)}`;
  const [delivery] = await db
    .insert(webhookDeliveries)
    .values({
      id: `msg_${newId(now)}`,
      endpointId: endpoint.id,
      eventId,
      eventType: TEST_EVENT_TYPE,
      payload: payloadOf(TEST_EVENT_TYPE, now, { endpoint_id: endpoint.id, message: "This is a test event." }),
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning();
  if (!delivery) throw new ApiError(500, "internal-error", "The test delivery was not stored.");
  await enqueue(env, {
    type: "webhook.deliver",
    id: `webhook-deliver:${delivery.id}:0`,
    delivery_id: delivery.id,
    attempt: 0,
  });
  return delivery;
}
