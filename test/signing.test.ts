import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url, utf8 } from "../src/lib/encoding";
import { sign, verify } from "../src/lib/signing";
import { DAY, MINUTE } from "../src/lib/time";

const SECRET = "unit-test-signing-secret-0123456789abcdef";
const NOW = Date.UTC(2026, 0, 1);

/** The token with its payload replaced (signature kept), as an attacker would try. */
function withPayload(token: string, edit: (body: { exp: number; f: Record<string, unknown> }) => void): string {
  const [payload, signature] = token.split(".");
  const body = JSON.parse(new TextDecoder().decode(fromBase64Url(payload ?? "")));
  edit(body);
  return `${toBase64Url(utf8(JSON.stringify(body)))}.${signature}`;
}

describe("sign / verify", () => {
  it("round-trips the fields and states the expiry", async () => {
    const { token, expiresAt } = await sign(SECRET, "test", { id: "r1", n: 3, b: true }, DAY, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(expiresAt).toBe(NOW + DAY);
    expect(await verify(SECRET, "test", token, NOW + DAY - 1)).toEqual({
      ok: true,
      fields: { id: "r1", n: 3, b: true },
      expiresAt: NOW + DAY,
    });
  });

  it("refuses a token for another purpose, even with the same fields", async () => {
    const { token } = await sign(SECRET, "unsubscribe", { id: "x" }, DAY, NOW);
    expect(await verify(SECRET, "resume-download", token, NOW)).toEqual({ ok: false, reason: "invalid" });
    // A purpose cannot be smuggled through the separator either.
    const { token: dotted } = await sign(SECRET, "a.b", { id: "x" }, DAY, NOW);
    expect(await verify(SECRET, "a", dotted, NOW)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses tampered fields, a tampered expiry, another secret and malformed tokens", async () => {
    const { token } = await sign(SECRET, "test", { id: "mine" }, DAY, NOW);
    const bad = [
      withPayload(token, (b) => {
        b.f.id = "yours";
      }),
      withPayload(token, (b) => {
        b.exp += 3600;
      }),
      `${token.slice(0, -2)}xx`,
      (await sign("another-secret-0123456789abcdef0123456789", "test", { id: "mine" }, DAY, NOW)).token,
      `${token}.extra`,
      token.replace(".", ""),
      "",
      ".",
      "garbage",
    ];
    for (const t of bad) expect(await verify(SECRET, "test", t, NOW), t).toEqual({ ok: false, reason: "invalid" });
  });

  it("says expired only for a genuine token past its expiry", async () => {
    const { token } = await sign(SECRET, "test", { id: "r1" }, 10 * MINUTE, NOW);
    expect((await verify(SECRET, "test", token, NOW + 10 * MINUTE)).ok).toBe(true);
    expect(await verify(SECRET, "test", token, NOW + 10 * MINUTE + 1)).toEqual({ ok: false, reason: "expired" });
  });
});
