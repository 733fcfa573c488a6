/**
 * The `email.send` handler. Delivery is idempotent per email log row: the row
 * is claimed (`queued` → `sending`) with a conditional update before the
 * provider is called, so a redelivered message finds it `sent` and does nothing.
 * A provider error puts the row back to `queued` with the error and rethrows,
 * so the queue retries with backoff; after the last retry the dead-letter
 * consumer marks it `failed`.
 */
import { and, eq, lt, or, sql } from "drizzle-orm";
import { resolveLocale, type Translator, translator } from "../../i18n";
import { MINUTE } from "../../lib/time";
import { createDb, type Db } from "../db/client";
import { emailLog, users } from "../db/schema";
import type { MessageOf } from "../queue/messages";
import { type EmailSecrets, selectProvider } from "./providers";
import { isSuppressed } from "./suppressions";
import { type RenderedEmail, renderTemplate, UnknownTemplateError } from "./templates";
import { unsubscribeUrl } from "./unsubscribe";

type Category = RenderedEmail["category"];

/** A claim older than this is from a consumer that died mid-send; it may be retried. */
const STALE_CLAIM_MS = 10 * MINUTE;

export async function sendEmailMessage(env: Env & EmailSecrets, message: MessageOf<"email.send">): Promise<void> {
  const db = createDb(env.DB);
  const id = message.email_id ?? message.id;
  const now = Date.now();
  // Messages enqueued without a log row (other modules may enqueue directly) get one now.
  await db
    .insert(emailLog)
    .values({
      id,
      userId: message.user_id ?? null,
      to: message.to,
      template: message.template,
      status: "queued",
      createdAt: message.created_at,
      updatedAt: now,
    })
    .onConflictDoNothing();

  const [claimed] = await db
    .update(emailLog)
    .set({ status: "sending", attempts: sql`${emailLog.attempts} + 1`, updatedAt: now })
    .where(
      and(
        eq(emailLog.id, id),
        or(
          eq(emailLog.status, "queued"),
          and(eq(emailLog.status, "sending"), lt(emailLog.updatedAt, now - STALE_CLAIM_MS)),
        ),
      ),
    )
    .returning({ id: emailLog.id });
  if (!claimed) return; // already sent, failed, suppressed, or being sent right now

  let category: Category;
  try {
    category = renderTemplate(message.template, message.data).category;
  } catch (err) {
    if (!(err instanceof UnknownTemplateError)) throw err;
    await finish(db, id, { status: "failed", error: err.message, category: null });
    return; // retrying cannot fix a missing template
  }

  const headers: Record<string, string> = {};
  let link: string | undefined;
  if (category !== "security") {
    if (await isSuppressed(db, message.to, category)) {
      await finish(db, id, { status: "suppressed", error: null, category });
      return;
    }
    // A producer's own link (a notification type's, an alert's) is more specific than the category's.
    link = message.unsubscribe_url ?? (await unsubscribeUrl(env, { kind: "email", email: message.to, category }));
    headers["List-Unsubscribe"] = `<${link}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  const t = await recipientTranslator(db, message);
  const rendered = renderTemplate(message.template, message.data, { t, ...(link ? { unsubscribeUrl: link } : {}) });

  const provider = selectProvider(env);
  try {
    const providerId = await provider.send({
      id,
      to: message.to,
      from: env.EMAIL_FROM,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers,
    });
    await db
      .update(emailLog)
      .set({
        status: "sent",
        provider: provider.name,
        providerId,
        error: null,
        category,
        sentAt: Date.now(),
        updatedAt: Date.now(),
      })
      .where(eq(emailLog.id, id));
  } catch (err) {
    await finish(db, id, {
      status: "queued",
      error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      category,
      provider: provider.name,
    });
    throw err;
  }
}

/**
 * The recipient's language and time zone: the account's `locale` and `timezone`
 * when the message names an account (one indexed read by primary key), else a
 * `locale` the producer put in the data (sign-up emails before the account
 * settles), else English and UTC.
 */
async function recipientTranslator(db: Db, message: MessageOf<"email.send">): Promise<Translator> {
  const account = message.user_id
    ? await db
        .select({ locale: users.locale, timezone: users.timezone })
        .from(users)
        .where(eq(users.id, message.user_id))
        .get()
    : undefined;
  const fromData = typeof message.data.locale === "string" ? message.data.locale : null;
  return translator(resolveLocale(account?.locale ?? fromData), account?.timezone ?? "UTC");
}

async function finish(
  db: Db,
  id: string,
  set: {
    status: "queued" | "failed" | "suppressed";
    error: string | null;
    category: Category | null;
    provider?: string;
  },
) {
  await db
    .update(emailLog)
    .set({
      status: set.status,
      error: set.error,
      category: set.category,
      ...(set.provider ? { provider: set.provider } : {}),
      updatedAt: Date.now(),
    })
    .where(eq(emailLog.id, id));
}
