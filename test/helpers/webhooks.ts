/** Webhook fixtures: endpoints inserted directly, a captured queue, and a fake receiver behind `fetch`. */
import { createExecutionContext } from "cloudflare:test";
import { vi } from "vitest";
import { createApp } from "../../src/app";
import { encryptText } from "../../src/lib/crypto";
import { newId } from "../../src/lib/ids";
import { newSecret } from "../../src/modules/webhooks/service";
import { type WebhookEndpointRow, webhookDeliveries, webhookEndpoints } from "../../src/platform/db/schema";
import type { QueueMessage } from "../../src/platform/queue/messages";
import { db } from "../factories";
import { envWith } from "./notifications";

/** An enabled endpoint of `companyId` (null: platform-wide) with its plain secret. */
export async function makeEndpoint(
  companyId: string | null,
  o: Partial<WebhookEndpointRow> = {},
): Promise<WebhookEndpointRow & { secret: string }> {
  const id = o.id ?? newId();
  const secret = newSecret();
  const now = Date.now();
  const row: WebhookEndpointRow = {
    id,
    companyId,
    createdBy: null,
    url: "https://hooks.example.com/jobboard",
    description: null,
    eventTypes: ["application.created"],
    secretEnc: await encryptText(envWith({}).ENCRYPTION_KEY, secret, id),
    previousSecretEnc: null,
    previousSecretExpiresAt: null,
    status: "enabled",
    disabledReason: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
    ...o,
  };
  await db().insert(webhookEndpoints).values(row);
  return { ...row, secret };
}

export interface Sent {
  body: QueueMessage;
  delaySeconds: number | undefined;
}

/** A queue that records what is sent (with delays) instead of delivering it. */
export function capturedQueue() {
  const sent: Sent[] = [];
  const queue = {
    async send(body: QueueMessage, options?: { delaySeconds?: number }) {
      sent.push({ body, delaySeconds: options?.delaySeconds });
    },
    async sendBatch(batch: Iterable<{ body: QueueMessage; delaySeconds?: number }>) {
      for (const m of batch) sent.push({ body: m.body, delaySeconds: m.delaySeconds });
    },
  } as unknown as Queue;
  const env = envWith({ EVENTS: queue });
  /** The Worker's app on this env, for `call(..., { app })`. */
  const app = createApp();
  const viaApp = { fetch: (req: Request) => app.fetch(req, env, createExecutionContext()) };
  const deliveries = () =>
    sent
      .map((s) => s.body)
      .filter((m): m is Extract<QueueMessage, { type: "webhook.deliver" }> => m.type === "webhook.deliver");
  return { sent, env, app: viaApp, deliveries };
}

export interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
  redirect: string | undefined;
}

/** Replaces `fetch` with a receiver answering `respond(request n)`; returns what it received. */
export function fakeReceiver(respond: (n: number) => Response | Promise<Response> = () => new Response("ok")) {
  const received: Received[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input, init);
    received.push({
      url: req.url,
      headers: Object.fromEntries(req.headers),
      body: await req.text(),
      redirect: init?.redirect,
    });
    return respond(received.length);
  });
  return { received, restore: () => spy.mockRestore() };
}

/** A delivered `webhook.test` delivery of `endpoint` (for routes that need one). */
export async function makeDelivery(endpoint: { id: string }) {
  const now = Date.now();
  const [row] = await db()
    .insert(webhookDeliveries)
    .values({
      id: `msg_${newId(now)}`,
      endpointId: endpoint.id,
      eventId: `evt_${newId(now)}`,
      eventType: "webhook.test",
      payload: JSON.stringify({ type: "webhook.test", timestamp: new Date(now).toISOString(), data: {} }),
      status: "delivered",
      attempts: 1,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error("delivery not stored");
  return row;
}
