import { describe, expect, inject, it } from "vitest";
import { json, signUp } from "./session-client";

const base = inject("baseUrl");
const wsUrl = (ticket: string) => `${base.replace(/^http/, "ws")}/api/v1/realtime?ticket=${encodeURIComponent(ticket)}`;

async function ticket(token: string): Promise<string> {
  const r = await json(base, "POST", "/api/v1/realtime/ticket", undefined, { Authorization: `Bearer ${token}` });
  expect(r.status).toBe(201);
  return r.json.ticket as string;
}

describe("logout ends the realtime channel (running server)", () => {
  it("an open WebSocket is closed with 4401 when its session logs out", async () => {
    const { token } = await signUp(base);
    const ws = new WebSocket(wsUrl(await ticket(token)));
    const frames: string[] = [];
    const first = new Promise<void>((resolve, reject) => {
      ws.addEventListener("message", (e) => {
        frames.push(String(e.data));
        resolve();
      });
      ws.addEventListener("error", () => reject(new Error("socket error")));
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
    );
    await first;
    expect(JSON.parse(frames[0] ?? "{}")).toMatchObject({ type: "unread_count" });

    const out = await json(base, "POST", "/api/v1/auth/logout", undefined, { Authorization: `Bearer ${token}` });
    expect(out.status).toBe(204);
    const { code, reason } = await closed;
    expect(code).toBe(4401);
    expect(reason).toBe("session revoked: logout");
    expect(frames).toHaveLength(1);
  });

  it("a ticket minted before logout is refused after it", async () => {
    const { token } = await signUp(base);
    const t = await ticket(token);
    expect(
      (await json(base, "POST", "/api/v1/auth/logout", undefined, { Authorization: `Bearer ${token}` })).status,
    ).toBe(204);
    const ws = new WebSocket(wsUrl(t));
    const outcome = await new Promise<string>((resolve) => {
      ws.addEventListener("open", () => resolve("open"));
      ws.addEventListener("error", () => resolve("refused"));
    });
    expect(outcome).toBe("refused");
  });
});
