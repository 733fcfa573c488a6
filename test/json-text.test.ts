/**
 * JSON bodies must be valid UTF-8 and free of U+0000: the default decoder
 * would store U+FFFD for bad bytes, and NUL breaks text downstream.
 */
import { describe, expect, it } from "vitest";
import { signedIn } from "./factories";
import { api, call, expectProblem, readJson } from "./helpers/http";

const json = { "Content-Type": "application/json" };

describe("JSON body text", () => {
  it("refuses invalid UTF-8 (0xC3 0x28) inside a string and stores nothing", async () => {
    const me = await signedIn();
    const enc = new TextEncoder();
    const raw = new Uint8Array([...enc.encode('{"headline":"a'), 0xc3, 0x28, ...enc.encode('b"}')]);
    const r = await readJson(await call("PATCH", "/api/v1/profile", { raw, headers: json, token: me.token }));
    const p = expectProblem(r, 400, "malformed-request");
    expect(p.detail).toMatch(/UTF-8/);
    expect((await api.get("/api/v1/profile", { token: me.token })).json.headline).toBeNull();
  });

  it("refuses U+0000, escaped or raw, in any string or key", async () => {
    const me = await signedIn();
    const send = (text: string) =>
      call("PATCH", "/api/v1/profile", { raw: text, headers: json, token: me.token }).then(readJson);
    for (const body of ['{"headline":"a\\u0000b"}', '{"links":[{"a\\u0000":"x"}]}']) {
      const p = expectProblem(await send(body), 400, "validation-error");
      expect(p.detail).toMatch(/NUL/);
    }
    // A raw control character is not JSON at all.
    expectProblem(await send('{"headline":"a\u0000b"}'), 400, "malformed-request");
    expect((await api.get("/api/v1/profile", { token: me.token })).json.headline).toBeNull();
    // Valid UTF-8 (and an escaped non-NUL control character's neighbours) still pass.
    const ok = await send('{"headline":"Łódź \\u00e9 engineer"}');
    expect(ok.status).toBe(200);
    expect(ok.json.headline).toBe("Łódź é engineer");
  });

  it("leaves malformed JSON to the usual 400", async () => {
    const me = await signedIn();
    const r = await readJson(await call("PATCH", "/api/v1/profile", { raw: "{nope", headers: json, token: me.token }));
    expectProblem(r, 400, "malformed-request");
  });
});
