import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { UserChannel } from "../src/realtime/user-channel";
import { unique } from "./helpers/factories";

/** Opens a real WebSocket to the user's channel and collects the frames it receives. */
async function connect(stub: DurableObjectStub<UserChannel>) {
  const res = await stub.fetch("http://do/connect", { headers: { Upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket;
  if (!ws) throw new Error("no websocket in the upgrade response");
  ws.accept();
  const frames: unknown[] = [];
  const waiters: Array<() => void> = [];
  ws.addEventListener("message", (e) => {
    frames.push(JSON.parse(String(e.data)));
    for (const w of waiters.splice(0)) w();
  });
  /** Resolves once `n` frames have arrived (or fails after a second). */
  const next = (n: number) =>
    new Promise<unknown[]>((resolve, reject) => {
      const check = () => (frames.length >= n ? resolve(frames.slice(0, n)) : waiters.push(check));
      setTimeout(() => reject(new Error(`only ${frames.length} of ${n} frames arrived`)), 1000);
      check();
    });
  return { ws, frames, next };
}

const channel = () => env.USER_CHANNEL.get(env.USER_CHANNEL.idFromName(`user-${unique()}`));

describe("UserChannel Durable Object", () => {
  it("refuses plain HTTP with 426", async () => {
    const res = await channel().fetch("http://do/connect");
    expect(res.status).toBe(426);
  });

  it("answers a ping with a pong (auto-response and handler paths)", async () => {
    const c = await connect(channel());
    c.ws.send('{"type":"ping"}');
    c.ws.send('{ "type": "ping" }');
    expect(await c.next(2)).toEqual([{ type: "pong" }, { type: "pong" }]);
    c.ws.close(1000, "done");
  });

  it("deliver() reaches every open socket of the user", async () => {
    const stub = channel();
    const a = await connect(stub);
    const b = await connect(stub);
    expect(await stub.connections()).toBe(2);
    const frame = { type: "unread_count", count: 3 } as const;
    expect(await stub.deliver(frame)).toBe(2);
    expect(await a.next(1)).toEqual([frame]);
    expect(await b.next(1)).toEqual([frame]);
    // Another user's channel receives nothing.
    const other = await connect(channel());
    await stub.deliver({ type: "unread_count", count: 4 });
    expect(await a.next(2)).toEqual([frame, { type: "unread_count", count: 4 }]);
    expect(other.frames).toEqual([]);
  });

  it("closes a socket that sends something other than JSON", async () => {
    const stub = channel();
    const c = await connect(stub);
    const closed = new Promise<number>((resolve) => c.ws.addEventListener("close", (e) => resolve(e.code)));
    c.ws.send("not json");
    expect(await closed).toBe(1003);
  });

  it("tracks sockets in the object's state", async () => {
    const stub = channel();
    await connect(stub);
    const n = await runInDurableObject(stub, (_instance, state) => state.getWebSockets().length);
    expect(n).toBe(1);
  });
});
