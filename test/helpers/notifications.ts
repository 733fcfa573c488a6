/**
 * Tools for the notifications tests: a queue stand-in that captures what
 * `notify` enqueues, and a real WebSocket opened through the Worker with a ticket.
 */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import type { QueueMessage } from "../../src/platform/queue/messages";
import { api, BASE } from "./http";

/** A Queue whose `send`/`sendBatch` record the bodies instead of delivering them. */
export function captureQueue() {
  const sent: QueueMessage[] = [];
  const queue = {
    async send(body: QueueMessage) {
      sent.push(body);
    },
    async sendBatch(batch: Iterable<{ body: QueueMessage }>) {
      for (const m of batch) sent.push(m.body);
    },
  } as unknown as Queue;
  return { sent, queue };
}

/** The test env with EVENTS replaced (everything else is the real binding). */
export function envWith(overrides: Partial<Env>): Env {
  return new Proxy(env, {
    get: (target, prop, receiver) =>
      prop in overrides ? overrides[prop as keyof Env] : Reflect.get(target, prop, receiver),
  }) as Env;
}

export interface Frame {
  type: string;
  count?: number;
  notification?: Record<string, unknown>;
  /** Messages frames (src/modules/messages): the message, a read receipt, unread counts. */
  message?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A client socket plus the frames it has received, with a way to await the next one. */
export class TestSocket {
  readonly frames: Frame[] = [];
  private waiters: { type: string; resolve: (f: Frame) => void; from: number }[] = [];
  closed = false;
  closeCode: number | null = null;
  closeReason: string | null = null;
  private closeWaiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      const frame = JSON.parse(String(e.data)) as Frame;
      this.frames.push(frame);
      this.flush();
    });
    ws.addEventListener("close", (e) => {
      this.closed = true;
      this.closeCode = e.code;
      this.closeReason = e.reason;
      for (const w of this.closeWaiters.splice(0)) w();
    });
  }

  private flush() {
    this.waiters = this.waiters.filter((w) => {
      const hit = this.frames.slice(w.from).find((f) => f.type === w.type);
      if (hit) w.resolve(hit);
      return !hit;
    });
  }

  /** Resolves with the first frame of `type` received after `from` frames (default: any so far). */
  next(type: string, from = 0, timeoutMs = 3000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        type,
        from,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
      this.flush();
    });
  }

  /** Resolves with the close code and reason once the server closes the socket. */
  closedBy(timeoutMs = 3000): Promise<{ code: number | null; reason: string | null }> {
    return new Promise((resolve, reject) => {
      const done = () => resolve({ code: this.closeCode, reason: this.closeReason });
      if (this.closed) return done();
      const timer = setTimeout(() => reject(new Error(`socket not closed within ${timeoutMs} ms`)), timeoutMs);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        done();
      });
    });
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }
}

export async function issueTicket(token: string): Promise<string> {
  const r = await api.post("/api/v1/realtime/ticket", undefined, { token });
  if (r.status !== 201) throw new Error(`ticket failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.ticket as string;
}

/** Upgrades through the Worker exactly like a browser would (ticket in the query string). */
export function upgrade(ticket: string, headers: Record<string, string> = { Upgrade: "websocket" }) {
  return exports.default.fetch(
    new Request(`${BASE}/api/v1/realtime?ticket=${encodeURIComponent(ticket)}`, { headers }),
  );
}

export async function openSocket(token: string): Promise<TestSocket> {
  const res = await upgrade(await issueTicket(token));
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
  res.webSocket.accept();
  return new TestSocket(res.webSocket);
}
