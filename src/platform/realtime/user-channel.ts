/**
 * One Durable Object per user holding that user's open WebSockets (several tabs),
 * using the WebSocket Hibernation API so idle sockets cost nothing. The Worker
 * authorises the upgrade (single-use ticket) and forwards it here with the user
 * id; the queue consumer delivers frames over RPC (`deliver`).
 */
import { DurableObject } from "cloudflare:workers";
import type { ChannelOwner } from "./tickets";

export type ServerFrame =
  | { type: "notification"; notification: Record<string, unknown> }
  | { type: "unread_count"; count: number }
  | { type: "pong" }
  // Messages per application (src/modules/messages): a new message, a read receipt, unread counts.
  | { type: "message"; message: Record<string, unknown> }
  | { type: "message_read"; application_id: string; side: string; up_to: string; read_at: string }
  | { type: "message_unread"; application_id: string; thread: number; total: number };

/** Headers the Worker sets on the forwarded upgrade; clients cannot reach the object directly. */
export const USER_ID_HEADER = "X-Channel-User-Id";
export const SESSION_ID_HEADER = "X-Channel-Session-Id";
export const API_KEY_ID_HEADER = "X-Channel-Api-Key-Id";

/**
 * Close code for a socket whose session or API key was revoked or whose user was
 * suspended (application range 4000–4999; 4401 echoes HTTP 401). The reason
 * says why, e.g. `session revoked: logout`. Clients should not reconnect with
 * the same credential.
 */
export const REVOKED_CLOSE_CODE = 4401;

/** Which sockets of a user to close: those of some sessions or API keys, or all. */
export type RevokeTarget = { all: true } | { sessionIds?: string[]; apiKeyIds?: string[] };

/** Hibernation tags: every socket is tagged with its credential when accepted. */
const sessionTag = (id: string) => `session:${id}`;
const apiKeyTag = (id: string) => `api-key:${id}`;

/** A user rarely has more tabs than this; the oldest socket is dropped beyond it. */
export const MAX_SOCKETS_PER_USER = 10;

const OPEN = 1;

export class UserChannel extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Answer pings without waking the object from hibernation.
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Upgrades a request (already authorised by the Worker) into a socket on this channel. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const userId = request.headers.get(USER_ID_HEADER);
    const owner: ChannelOwner = {
      userId: userId ?? "",
      sessionId: request.headers.get(SESSION_ID_HEADER),
      apiKeyId: request.headers.get(API_KEY_ID_HEADER),
    };
    if (!userId || (owner.sessionId === null) === (owner.apiKeyId === null)) {
      return new Response("Missing user or credential", { status: 400 });
    }

    // getWebSockets() has no defined order, so each socket carries its connect time.
    const open = this.openSockets().sort((a, b) => connectedAt(a) - connectedAt(b));
    for (const old of open.slice(0, Math.max(0, open.length - MAX_SOCKETS_PER_USER + 1))) {
      safeClose(old, 1008, "too many connections");
    }

    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair) as [WebSocket, WebSocket];
    const tag = owner.sessionId !== null ? sessionTag(owner.sessionId) : apiKeyTag(owner.apiKeyId ?? "");
    this.ctx.acceptWebSocket(server, [userId, tag]);
    // Survives hibernation, unlike fields on this object.
    server.serializeAttachment({ connectedAt: Date.now() } satisfies Attachment);
    // The ticket was checked before the upgrade reached us; a revocation that ran
    // in between found no tagged socket to close. Checking again now that the
    // socket is accepted (and so visible to `revoke`) closes that gap: the
    // revocation writes D1 before it calls `revoke`.
    // Imported here, not at the top: drizzle and the table definitions the tickets
    // module reads are not evaluated at the Worker's startup (the entry exports this class).
    const [{ createDb }, { isOwnerLive }] = await Promise.all([import("../db/client"), import("./tickets")]);
    const db = createDb(this.env.DB);
    const [live, count] = await Promise.all([isOwnerLive(db, owner), this.unreadCount(userId)]);
    if (!live) {
      safeClose(server, REVOKED_CLOSE_CODE, "session revoked");
      return new Response(null, { status: 101, webSocket: client });
    }
    // The first frame tells a fresh tab its badge count without another request.
    server.send(JSON.stringify({ type: "unread_count", count }));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends frames, in order, to every open socket of this user; returns how many sockets got them. */
  async deliver(frames: ServerFrame | ServerFrame[]): Promise<number> {
    const payloads = (Array.isArray(frames) ? frames : [frames]).map((f) => JSON.stringify(f));
    let delivered = 0;
    for (const ws of this.openSockets()) {
      try {
        for (const p of payloads) ws.send(p);
        delivered++;
      } catch {
        safeClose(ws, 1011, "send failed");
      }
    }
    return delivered;
  }

  /**
   * Closes, at once, the sockets opened with the given sessions or API keys (or
   * all of the user's) with `REVOKED_CLOSE_CODE`; returns how many were closed.
   * Called by every revocation path (see revokeSessions in modules/accounts/sessions.ts).
   */
  async revoke(target: RevokeTarget, reason: string): Promise<number> {
    const sockets =
      "all" in target
        ? this.ctx.getWebSockets()
        : [
            ...(target.sessionIds ?? []).flatMap((id) => this.ctx.getWebSockets(sessionTag(id))),
            ...(target.apiKeyIds ?? []).flatMap((id) => this.ctx.getWebSockets(apiKeyTag(id))),
          ];
    let closed = 0;
    for (const ws of sockets) {
      if (ws.readyState !== OPEN) continue;
      // A close reason is at most 123 bytes.
      safeClose(ws, REVOKED_CLOSE_CODE, reason.slice(0, 120));
      closed++;
    }
    return closed;
  }

  /** Number of open sockets (for tests and diagnostics). */
  async connections(): Promise<number> {
    return this.openSockets().length;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string") {
      safeClose(ws, 1003, "frames must be JSON text");
      return;
    }
    let frame: { type?: unknown };
    try {
      frame = JSON.parse(message) as { type?: unknown };
    } catch {
      safeClose(ws, 1003, "frames must be JSON");
      return;
    }
    // Pings with other spacing than the auto-response pattern land here.
    if (frame?.type === "ping") ws.send(JSON.stringify({ type: "pong" }));
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    // Completes the closing handshake so the runtime drops the socket from getWebSockets().
    // Echoing the peer's code could hit reserved values (1005, 1006, 1015); 1000 is always valid.
    void code;
    safeClose(ws, 1000, "closing");
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    safeClose(ws, 1011, "error");
  }

  private openSockets(): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => ws.readyState === OPEN);
  }

  private async unreadCount(userId: string): Promise<number> {
    const row = await this.env.DB.prepare(
      "SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL",
    )
      .bind(userId)
      .first<{ n: number }>();
    return row?.n ?? 0;
  }
}

interface Attachment {
  connectedAt: number;
}

function connectedAt(ws: WebSocket): number {
  return (ws.deserializeAttachment() as Attachment | null)?.connectedAt ?? 0;
}

function safeClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}
