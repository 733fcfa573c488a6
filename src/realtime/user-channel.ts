/**
 * One Durable Object per user holding that user's open WebSockets (several tabs),
 * using the WebSocket Hibernation API so idle sockets cost nothing. The queue
 * consumer delivers frames to it over RPC (`deliver`).
 */
import { DurableObject } from "cloudflare:workers";

export type ServerFrame =
  | { type: "notification"; notification: Record<string, unknown> }
  | { type: "unread_count"; count: number }
  | { type: "pong" };

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
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends a frame to every open socket of this user; returns how many received it. */
  async deliver(frame: ServerFrame): Promise<number> {
    const payload = JSON.stringify(frame);
    let delivered = 0;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(payload);
        delivered++;
      } catch {
        ws.close(1011, "send failed");
      }
    }
    return delivered;
  }

  /** Number of open sockets (for tests and diagnostics). */
  async connections(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string") return;
    try {
      const frame = JSON.parse(message) as { type?: unknown };
      if (frame.type === "ping") ws.send(JSON.stringify({ type: "pong" }));
    } catch {
      ws.close(1003, "frames must be JSON");
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    try {
      ws.close(1011, "error");
    } catch {
      // already closed
    }
  }
}
