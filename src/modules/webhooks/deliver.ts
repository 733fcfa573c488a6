/**
 * One delivery attempt (the `webhook.deliver` queue message): claim the
 * attempt, sign the stored payload (Standard Webhooks: `webhook-id`,
 * `webhook-timestamp`, `webhook-signature`), POST it without following
 * redirects, log the attempt, then either finish the delivery or schedule the
 * next attempt with a delayed message. The schedule backs off exponentially
 * for about a day; then the delivery is `failed`, and an endpoint that has not
 * succeeded once during that whole time is disabled and its owners notified.
 */
import { and, eq, lte, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { decryptText } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { checkOutboundUrl } from "../../lib/ssrf";
import { MINUTE } from "../../lib/time";
import { createDb, type Db } from "../../platform/db/client";
import {
  companyMembers,
  type WebhookEndpointRow,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "../../platform/db/schema";
import { enqueueDelayed } from "../../platform/queue/enqueue";
import type { MessageOf } from "../../platform/queue/messages";
import { type NotifyEnv, notify } from "../notifications";
import { allowLocalUrls } from "./urls";

/**
 * Seconds before attempt n+2 after attempt n+1 failed (the first is immediate):
 * 5 s, 5 min, 30 min, 2 h, 5 h, 8 h, 8 h — eight attempts over about 23.6 hours.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 8 * 3600, 8 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
/** A receiver gets this long to answer; it should acknowledge quickly and work later. */
export const REQUEST_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 500;

export type DeliverEnv = NotifyEnv &
  Pick<Env, "ENCRYPTION_KEY" | "ENVIRONMENT"> & { WEBHOOKS_ALLOW_LOCAL_URLS?: string };

/** The secrets an attempt at `now` signs with: the current one, and the previous one during its overlap. */
export async function signingSecrets(
  env: Pick<Env, "ENCRYPTION_KEY">,
  endpoint: Pick<WebhookEndpointRow, "id" | "secretEnc" | "previousSecretEnc" | "previousSecretExpiresAt">,
  now: number,
): Promise<string[]> {
  const secrets = [await decryptText(env.ENCRYPTION_KEY, endpoint.secretEnc, endpoint.id)];
  if (endpoint.previousSecretEnc && (endpoint.previousSecretExpiresAt ?? 0) > now) {
    secrets.push(await decryptText(env.ENCRYPTION_KEY, endpoint.previousSecretEnc, endpoint.id));
  }
  return secrets;
}

/** The three Standard Webhooks headers; with several secrets the signatures are space-separated. */
export function signatureHeaders(secrets: string[], webhookId: string, at: Date, payload: string) {
  const signature = secrets.map((s) => new Webhook(s).sign(webhookId, at, payload)).join(" ");
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

interface Outcome {
  requestStatus: "sent" | "network_error" | "timeout" | "refused";
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
}

const ok = (o: Outcome) => o.requestStatus === "sent" && o.responseStatus !== null && o.responseStatus < 300;

async function send(env: DeliverEnv, endpoint: WebhookEndpointRow, deliveryId: string, payload: string, now: number) {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const check = checkOutboundUrl(endpoint.url, { allowLocal: allowLocalUrls(env) });
  if (!check.ok) {
    return { requestStatus: "refused", responseStatus: null, durationMs: 0, error: `URL ${check.reason}` } as Outcome;
  }
  try {
    const headers = signatureHeaders(await signingSecrets(env, endpoint, now), deliveryId, new Date(now), payload);
    const res = await fetch(check.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "JobBoard-Webhooks/1.0", ...headers },
      body: payload,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.body?.cancel();
    const redirect = res.status >= 300 && res.status < 400;
    return {
      requestStatus: "sent",
      responseStatus: res.status,
      durationMs: elapsed(),
      error: res.status < 300 ? null : redirect ? "redirects are not followed" : `HTTP ${res.status}`,
    } as Outcome;
  } catch (err) {
    const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return {
      requestStatus: timeout ? "timeout" : "network_error",
      responseStatus: null,
      durationMs: elapsed(),
      error: (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH),
    } as Outcome;
  }
}

/** The `webhook.deliver` handler. Idempotent: a repeated message for an attempt already made does nothing. */
export async function deliverWebhook(env: DeliverEnv, message: MessageOf<"webhook.deliver">, now = Date.now()) {
  const db = createDb(env.DB);
  const row = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, message.delivery_id))
    .get();
  if (!row) return;
  const { delivery, endpoint } = row;
  const manual = message.manual === true;

  if (!manual && endpoint.status !== "enabled") {
    await db
      .update(webhookDeliveries)
      .set({ status: "failed", nextAttemptAt: null })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, "pending")));
    return;
  }
  // Claim an automatic attempt: only the message for the current attempt count moves it. A manual
  // redelivery claims nothing, so the automatic schedule (if any) goes on untouched.
  let attempt: number;
  if (manual) {
    const done = await db
      .select({ n: sql<number>`count(*)` })
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, delivery.id))
      .get();
    attempt = (done?.n ?? 0) + 1;
  } else {
    const claimed = await db
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: null })
      .where(
        and(
          eq(webhookDeliveries.id, delivery.id),
          eq(webhookDeliveries.status, "pending"),
          eq(webhookDeliveries.attempts, message.attempt),
        ),
      )
      .returning({ attempts: webhookDeliveries.attempts });
    if (claimed.length === 0) return;
    const done = await db
      .select({ n: sql<number>`count(*)` })
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, delivery.id))
      .get();
    attempt = (done?.n ?? 0) + 1;
  }

  const outcome = await send(env, endpoint, delivery.id, delivery.payload, now);
  const success = ok(outcome);
  const automaticAttempt = manual ? null : message.attempt + 1;
  const retryIn = !success && automaticAttempt !== null ? RETRY_SCHEDULE_SECONDS[automaticAttempt - 1] : undefined;
  const exhausted = !success && automaticAttempt !== null && retryIn === undefined;

  await db.batch([
    db.insert(webhookAttempts).values({
      id: newId(now),
      deliveryId: delivery.id,
      attempt,
      trigger: manual ? "manual" : "automatic",
      ...outcome,
      createdAt: now,
    }),
    db
      .update(webhookDeliveries)
      .set(
        success
          ? { status: "delivered", nextAttemptAt: null, lastAttemptAt: now }
          : retryIn !== undefined
            ? { nextAttemptAt: now + retryIn * 1000 }
            : exhausted
              ? { status: "failed", nextAttemptAt: null }
              : { lastAttemptAt: now },
      )
      .where(eq(webhookDeliveries.id, delivery.id)),
    db
      .update(webhookEndpoints)
      .set(success ? { failingSince: null } : { failingSince: sql`COALESCE(${webhookEndpoints.failingSince}, ${now})` })
      .where(eq(webhookEndpoints.id, endpoint.id)),
  ]);

  if (retryIn !== undefined && automaticAttempt !== null) {
    await enqueueDelayed(env, retryIn, {
      type: "webhook.deliver",
      id: `webhook-deliver:${delivery.id}:${automaticAttempt}`,
      delivery_id: delivery.id,
      attempt: automaticAttempt,
    });
  }
  if (exhausted) {
    const first = await db
      .select({ at: sql<number>`min(${webhookAttempts.createdAt})` })
      .from(webhookAttempts)
      .where(and(eq(webhookAttempts.deliveryId, delivery.id), eq(webhookAttempts.trigger, "automatic")))
      .get();
    await disableIfFailing(env, db, endpoint, first?.at ?? now, outcome.error, now);
  }
}

/**
 * A delivery just used up its schedule. If the endpoint has not succeeded
 * since that delivery's first attempt (every attempt to it for about a day
 * failed), it is disabled and its owners hear about it once.
 */
async function disableIfFailing(
  env: DeliverEnv,
  db: Db,
  endpoint: WebhookEndpointRow,
  firstAttemptAt: number,
  lastError: string | null,
  now: number,
): Promise<void> {
  const disabled = await db
    .update(webhookEndpoints)
    .set({
      status: "disabled",
      disabledReason: "Every delivery attempt failed for about a day; fix the receiver and enable it again.",
      updatedAt: now,
    })
    .where(
      and(
        eq(webhookEndpoints.id, endpoint.id),
        eq(webhookEndpoints.status, "enabled"),
        lte(webhookEndpoints.failingSince, firstAttemptAt),
      ),
    )
    .returning({ id: webhookEndpoints.id });
  if (disabled.length === 0) return;
  const recipients = await ownersOf(db, endpoint);
  if (recipients.length === 0) return;
  await notify(
    env,
    {
      id: `webhook_disabled:${endpoint.id}:${now}`,
      type: "webhook_endpoint_disabled",
      recipients,
      title: "A webhook endpoint was disabled",
      body: `Deliveries to ${endpoint.url} kept failing for about a day, so we disabled the endpoint. Fix the receiver, then enable it again; failed deliveries can be redelivered from the delivery log.`,
      data: { endpoint_id: endpoint.id, url: endpoint.url, last_error: lastError ?? "" },
      action_url: `/webhook-endpoints/${endpoint.id}`,
    },
    now,
  );
}

/** Company endpoints: the company's owners; platform endpoints: the admin who created it. */
async function ownersOf(db: Db, endpoint: WebhookEndpointRow): Promise<string[]> {
  if (endpoint.companyId) {
    const rows = await db
      .select({ userId: companyMembers.userId })
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, endpoint.companyId), eq(companyMembers.role, "owner")))
      .limit(100);
    return rows.map((r) => r.userId);
  }
  return endpoint.createdBy ? [endpoint.createdBy] : [];
}

/** Re-enqueues attempts whose delayed message the queue lost (due more than 15 minutes ago); cron. */
export async function sweepLostWebhookAttempts(env: Pick<Env, "DB" | "EVENTS">, now = Date.now()) {
  const db = createDb(env.DB);
  const rows = await db
    .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now - 15 * MINUTE)))
    .limit(100);
  for (const r of rows) {
    await enqueueDelayed(env, 0, {
      type: "webhook.deliver",
      id: `webhook-deliver:${r.id}:${r.attempts}:swept`,
      delivery_id: r.id,
      attempt: r.attempts,
    });
  }
  return { requeued: rows.length };
}
