/**
 * Email providers behind one interface: the dev mailbox (development), the
 * `send_email` binding (default in production) and Resend over HTTP
 * (`EMAIL_PROVIDER=resend` + the `RESEND_API_KEY` secret).
 */
import { EmailMessage } from "cloudflare:email";
import { newId } from "../../lib/ids";
import { isDevelopment } from "../env";
import { buildMime } from "./mime";
import type { RenderedEmail } from "./templates";

export interface OutgoingEmail extends Omit<RenderedEmail, "category"> {
  /** The email log id; providers that support it use it as their idempotency key. */
  id: string;
  to: string;
  from: string;
  headers: Record<string, string>;
}

export interface EmailProvider {
  readonly name: string;
  /** Returns the provider's message id. Throws on failure (the queue retries). */
  send(email: OutgoingEmail): Promise<string>;
}

/** Secrets that are optional, so `wrangler types` does not know them. */
export interface EmailSecrets {
  RESEND_API_KEY?: string;
  RESEND_API_URL?: string;
}

export function devMailboxProvider(db: D1Database): EmailProvider {
  return {
    name: "dev-mailbox",
    async send(email) {
      const id = newId();
      await db
        .prepare(
          'INSERT INTO dev_mailbox (id, "to", subject, text, html, headers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .bind(id, email.to, email.subject, email.text, email.html, JSON.stringify(email.headers), Date.now())
        .run();
      return id;
    },
  };
}

export function sendEmailBindingProvider(binding: SendEmail): EmailProvider {
  return {
    name: "send-email",
    async send(email) {
      const messageId = `<${email.id}@jobboard.dev>`;
      const raw = buildMime({ ...email, messageId });
      await binding.send(new EmailMessage(addressOf(email.from), email.to, raw));
      return messageId;
    },
  };
}

/** Resend's REST API; its `Idempotency-Key` makes a retried request after a lost response harmless. */
export function resendProvider(apiKey: string, apiUrl = "https://api.resend.com/emails"): EmailProvider {
  return {
    name: "resend",
    async send(email) {
      const res = await fetch(apiUrl, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${apiKey}`,
          "Content-Type": "application/json",
          "Idempotency-Key": email.id,
        },
        body: JSON.stringify({
          from: email.from,
          to: [email.to],
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
        }),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`resend answered ${res.status}: ${body.slice(0, 200)}`);
      const id = (JSON.parse(body) as { id?: unknown }).id;
      if (typeof id !== "string") throw new Error("resend answered without a message id");
      return id;
    },
  };
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

export function selectProvider(env: Env & EmailSecrets): EmailProvider {
  if (isDevelopment(env)) return devMailboxProvider(env.DB);
  if (env.EMAIL_PROVIDER === "resend") {
    if (!env.RESEND_API_KEY) throw new Error("EMAIL_PROVIDER=resend needs the RESEND_API_KEY secret");
    return resendProvider(env.RESEND_API_KEY, env.RESEND_API_URL);
  }
  return sendEmailBindingProvider(env.EMAIL);
}
