/** The dev mailbox as a page: newest first, each email's text with its links clickable. */
import { escapeHtml, linkify } from "../pages";

type Mail = { id: string; to: string; subject: string; text: string; created_at: string };

export function mailboxHtml(mails: Mail[], to: string | undefined): string {
  const filter = `<form method="get" action="/dev/mailbox">
<p><label for="to">Recipient</label> <input id="to" name="to" type="email" value="${escapeHtml(to ?? "")}">
<button type="submit">Filter</button> <a href="/dev/mailbox">All</a></p>
</form>`;
  if (mails.length === 0) return `${filter}<p>No emails yet. Register an account and reload this page.</p>`;
  const items = mails
    .map(
      (m) => `<article aria-labelledby="mail-${escapeHtml(m.id)}">
<h2 id="mail-${escapeHtml(m.id)}">${escapeHtml(m.subject)}</h2>
<p>To <strong>${escapeHtml(m.to)}</strong>, <time datetime="${escapeHtml(m.created_at)}">${escapeHtml(m.created_at)}</time></p>
<pre>${linkify(m.text)}</pre>
</article>`,
    )
    .join("\n<hr>\n");
  return `${filter}<p>${mails.length} email(s), newest first. API clients get the same list as JSON (<code>Accept: application/json</code>).</p>\n${items}`;
}
