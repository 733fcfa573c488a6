/**
 * Email delivery behind a provider interface. In development every email goes
 * to the dev mailbox (readable at /dev/mailbox); in production through the
 * `send_email` binding. Handlers call `sendEmailMessage` from the queue consumer.
 */
import { EmailMessage } from "cloudflare:email";
import { isDevelopment } from "../env";
import { newId } from "../lib/ids";
import type { MessageOf } from "../queue/messages";
import { buildMime } from "./mime";
import { type RenderedEmail, renderTemplate } from "./templates";

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  from: string;
  headers: Record<string, string>;
}

export interface EmailProvider {
  readonly name: string;
  /** Returns the provider's message id. Throws on failure (the queue retries). */
  send(email: OutgoingEmail): Promise<string>;
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
      const messageId = `<${newId()}@jobboard.dev>`;
      const raw = buildMime({ ...email, messageId });
      await binding.send(new EmailMessage(addressOf(email.from), email.to, raw));
      return messageId;
    },
  };
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

export function selectProvider(env: Env): EmailProvider {
  if (isDevelopment(env)) return devMailboxProvider(env.DB);
  return sendEmailBindingProvider(env.EMAIL);
}

export async function sendEmailMessage(env: Env, message: MessageOf<"email.send">): Promise<void> {
  const rendered = renderTemplate(message.template, message.data);
  await selectProvider(env).send({
    ...rendered,
    to: message.to,
    from: env.EMAIL_FROM,
    headers: rendered.headers ?? {},
  });
}
