import { env, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../src/lib/crypto";
import { notify } from "../src/modules/notifications/notify";
import { realtimeTickets } from "../src/platform/db/schema";
import { userChannel } from "../src/platform/realtime/push";
import type { UserChannel } from "../src/platform/realtime/user-channel";
import { db, makeNotification, signedIn, unique } from "./factories";
import { api, expectProblem } from "./helpers/http";
import { captureQueue, envWith, issueTicket, openSocket, type TestSocket, upgrade } from "./helpers/notifications";

const connections = (userId: string) =>
  runInDurableObject(userChannel(env, userId) as unknown as DurableObjectStub<UserChannel>, (instance) =>
    instance.connections(),
  );

async function problemOf(res: Response) {
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

describe("POST /api/v1/realtime/ticket", () => {
  it("issues a 60 s ticket stored only as a hash", async () => {
    const me = await signedIn();
    const r = await api.post("/api/v1/realtime/ticket", undefined, { token: me.token });
    expect(r.status).toBe(201);
    expect(r.json.expires_in).toBe(60);
    expect(r.json.ticket).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(r.headers.get("Cache-Control")).toBe("no-store");
    const rows = await db().select().from(realtimeTickets).where(eq(realtimeTickets.userId, me.user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(await sha256Hex(r.json.ticket));
    expect(rows[0]?.tokenHash).not.toBe(r.json.ticket);
    expect((rows[0]?.expiresAt ?? 0) - (rows[0]?.createdAt ?? 0)).toBe(60_000);
  });

  it("requires authentication", async () => {
    expectProblem(await api.post("/api/v1/realtime/ticket"), 401);
  });
});

describe("GET /api/v1/realtime", () => {
  it("opens a socket that first receives the unread count", async () => {
    const me = await signedIn();
    await makeNotification(me.user.id);
    await makeNotification(me.user.id);
    await makeNotification(me.user.id, { readAt: Date.now() });
    const socket = await openSocket(me.token);
    expect(await socket.next("unread_count")).toEqual({ type: "unread_count", count: 2 });
    expect(await connections(me.user.id)).toBe(1);
    socket.ws.close(1000, "bye");
  });

  it("answers pings with pongs (auto-response and spaced JSON)", async () => {
    const me = await signedIn();
    const socket = await openSocket(me.token);
    await socket.next("unread_count");
    socket.send('{"type":"ping"}');
    await socket.next("pong");
    const seen = socket.frames.length;
    socket.send('{ "type": "ping" }');
    await socket.next("pong", seen);
    expect(socket.frames.filter((f) => f.type === "pong")).toHaveLength(2);
    socket.ws.close(1000);
  });

  it("delivers a notification from the queue consumer to every open tab, and cleans up closed ones", async () => {
    const me = await signedIn();
    const tabA = await openSocket(me.token);
    const tabB = await openSocket(me.token);
    await tabA.next("unread_count");
    await tabB.next("unread_count");
    expect(await connections(me.user.id)).toBe(2);

    const { queue } = captureQueue();
    const fromA = tabA.frames.length;
    const fromB = tabB.frames.length;
    const result = await notify(envWith({ EVENTS: queue }), {
      id: unique("evt"),
      type: "interview_scheduled",
      recipients: [me.user.id],
      title: "Interview on Monday",
      body: "Acme scheduled a video interview.",
      action_url: "/interviews/i1",
    });
    expect(result.pushed).toBe(1);
    for (const [tab, from] of [
      [tabA, fromA],
      [tabB, fromB],
    ] as const) {
      const frame = await tab.next("notification", from);
      expect(frame.notification).toMatchObject({
        type: "interview_scheduled",
        title: "Interview on Monday",
        action_url: "/interviews/i1",
        read_at: null,
      });
      expect(await tab.next("unread_count", from)).toEqual({ type: "unread_count", count: 1 });
    }

    tabA.ws.close(1000, "tab closed");
    await vi.waitFor(async () => expect(await connections(me.user.id)).toBe(1), { timeout: 3000 });

    // Marking read in one tab updates the badge of the others.
    const [row] = (await api.get("/api/v1/notifications", { token: me.token })).json.data;
    const fromB2 = tabB.frames.length;
    await api.post(`/api/v1/notifications/${row.id}/read`, undefined, { token: me.token });
    expect(await tabB.next("unread_count", fromB2)).toEqual({ type: "unread_count", count: 0 });
    tabB.ws.close(1000);
  });

  it("does not push anything again when an event is redelivered", async () => {
    const me = await signedIn();
    const tab = await openSocket(me.token);
    await tab.next("unread_count");
    const { queue } = captureQueue();
    const ev = {
      id: unique("evt"),
      type: "job_moderated" as const,
      recipients: [me.user.id],
      title: "Approved",
      body: "",
    };
    await notify(envWith({ EVENTS: queue }), ev);
    await tab.next("notification");
    const again = await notify(envWith({ EVENTS: queue }), ev);
    expect(again).toEqual({ created: 0, emailed: 0, pushed: 0 });
    expect(tab.frames.filter((f) => f.type === "notification")).toHaveLength(1);
    tab.ws.close(1000);
  });

  it("refuses a reused ticket", async () => {
    const me = await signedIn();
    const ticket = await issueTicket(me.token);
    const first = await upgrade(ticket);
    expect(first.status).toBe(101);
    first.webSocket?.accept();
    first.webSocket?.close(1000);
    expectProblem(await problemOf(await upgrade(ticket)), 401, "invalid-ticket");
  });

  it("refuses unknown and expired tickets", async () => {
    const me = await signedIn();
    expectProblem(await problemOf(await upgrade("made-up-ticket")), 401, "invalid-ticket");
    const expired = "expired-ticket-0123456789abcdef0123456789abcdef";
    await db()
      .insert(realtimeTickets)
      .values({
        tokenHash: await sha256Hex(expired),
        userId: me.user.id,
        expiresAt: Date.now() - 1,
        createdAt: Date.now() - 61_000,
      });
    expectProblem(await problemOf(await upgrade(expired)), 401, "invalid-ticket");
    expectProblem(await problemOf(await upgrade("")), 400);
  });

  it("answers 426 to a request without an upgrade, without burning the ticket", async () => {
    const me = await signedIn();
    const ticket = await issueTicket(me.token);
    const plain = await problemOf(await upgrade(ticket, {}));
    expectProblem(plain, 426, "upgrade-required");
    expect(plain.headers.get("Upgrade")).toBe("websocket");
    const res = await upgrade(ticket);
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    res.webSocket?.close(1000);
  });

  it("keeps at most 10 sockets per user, dropping the oldest", async () => {
    const me = await signedIn();
    const sockets: TestSocket[] = [];
    for (let i = 0; i < 11; i++) sockets.push(await openSocket(me.token));
    await vi.waitFor(() => expect(sockets[0]?.closed).toBe(true), { timeout: 3000 });
    expect(sockets.filter((s) => s.closed)).toHaveLength(1);
    expect(await connections(me.user.id)).toBe(10);
    for (const s of sockets) s.ws.close(1000);
  });
});
