import { createExecutionContext, env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { toBase64Url, utf8 } from "../src/lib/encoding";
import { oauthAccounts, users } from "../src/platform/db/schema";
import { db, makeUser } from "./factories";

const ISSUER = "https://accounts.google.com";
const CLIENT_ID = "google-client-id";
const oauthEnv = {
  ...env,
  OAUTH_GOOGLE_CLIENT_ID: CLIENT_ID,
  OAUTH_GOOGLE_CLIENT_SECRET: "google-secret",
  OAUTH_GOOGLE_TOKEN_URL: "https://oauth.test/google/token",
  OAUTH_GOOGLE_JWKS_URL: "https://oauth.test/google/jwks",
  OAUTH_GOOGLE_USERINFO_URL: "https://oauth.test/google/userinfo",
} as Env;

let privateKey: CryptoKey;
let jwk: Record<string, unknown>;
beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey as CryptoKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
});
afterEach(() => vi.restoreAllMocks());

const call = (path: string, e: Env = oauthEnv) =>
  worker.fetch(new Request(`http://api.test${path}`, { redirect: "manual" }), e, createExecutionContext());

interface Claims {
  sub?: string;
  email?: string;
  email_verified?: boolean;
  aud?: string;
  nonce?: string;
  given_name?: string;
}

/** Stubs the provider: token endpoint (checks PKCE), JWKS and userinfo. */
function stubProvider(claims: (nonce: string) => Claims, opts: { userinfo?: Record<string, unknown> } = {}) {
  const seen: { verifier?: string; redirectUri?: string } = {};
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url === "https://oauth.test/google/token") {
      const form = new URLSearchParams(String(init?.body));
      seen.verifier = form.get("code_verifier") ?? undefined;
      seen.redirectUri = form.get("redirect_uri") ?? undefined;
      if (form.get("code") !== "good-code" || form.get("client_secret") !== "google-secret") {
        return Response.json({ error: "invalid_grant" }, { status: 400 });
      }
      const c = claims(pendingNonce);
      const idToken = await new SignJWT({ ...c, aud: undefined })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(ISSUER)
        .setAudience(c.aud ?? CLIENT_ID)
        .setSubject(c.sub ?? "google-sub-1")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
      return Response.json({ id_token: idToken, access_token: "at-1", token_type: "Bearer" });
    }
    if (url === "https://oauth.test/google/jwks") return Response.json({ keys: [jwk] });
    if (url === "https://oauth.test/google/userinfo") return Response.json(opts.userinfo ?? {});
    throw new Error(`unexpected fetch ${url}`);
  });
  return { spy, seen };
}

let pendingNonce = "";
async function authorize(query = "") {
  const res = await call(`/api/v1/auth/oauth/google/authorize${query}`);
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get("Location") ?? "");
  pendingNonce = loc.searchParams.get("nonce") ?? "";
  return loc;
}

const callback = (state: string, code = "good-code") =>
  call(`/api/v1/auth/oauth/google/callback?code=${code}&state=${encodeURIComponent(state)}`);

describe("OAuth (OIDC) login", () => {
  it("authorize redirects with state, nonce and a PKCE S256 challenge; the callback creates a verified seeker", async () => {
    const email = `g-${Date.now()}@gmail.test`;
    const sub = `sub-${Date.now()}`;
    const { seen } = stubProvider((nonce) => ({ sub, email, email_verified: true, nonce, given_name: "Grace" }));
    const loc = await authorize();
    expect(loc.origin + loc.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(loc.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(loc.searchParams.get("code_challenge_method")).toBe("S256");
    expect(loc.searchParams.get("redirect_uri")).toBe("http://api.test/api/v1/auth/oauth/google/callback");
    expect(loc.searchParams.get("scope")).toBe("openid email profile");

    const res = await callback(loc.searchParams.get("state") ?? "");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      access_token: string;
      user: { email: string; email_verified: boolean; role: string; first_name: string };
    };
    expect(body.access_token).toBeTruthy();
    expect(body.user).toMatchObject({ email, email_verified: true, role: "seeker", first_name: "Grace" });
    // PKCE: the verifier sent to the token endpoint hashes to the challenge
    const challenge = toBase64Url(await crypto.subtle.digest("SHA-256", utf8(seen.verifier ?? "")));
    expect(challenge).toBe(loc.searchParams.get("code_challenge"));
    expect(seen.redirectUri).toBe("http://api.test/api/v1/auth/oauth/google/callback");
    const link = await db().select().from(oauthAccounts).where(eq(oauthAccounts.subject, sub)).get();
    expect(link?.provider).toBe("google");
    const user = await db().select().from(users).where(eq(users.email, email)).get();
    expect(user?.passwordHash).toBeNull();
  });

  it("a replayed state is refused (single use)", async () => {
    stubProvider((nonce) => ({
      email: `r-${Date.now()}@gmail.test`,
      email_verified: true,
      nonce,
      sub: `r-${Date.now()}`,
    }));
    const loc = await authorize();
    const state = loc.searchParams.get("state") ?? "";
    expect((await callback(state)).status).toBe(200);
    const again = await callback(state);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { type: string }).type).toContain("invalid-oauth-state");
  });

  it("a bad or missing state is refused before any provider call", async () => {
    const { spy } = stubProvider((nonce) => ({ nonce }));
    expect((await callback("forged-state-value")).status).toBe(400);
    expect((await call("/api/v1/auth/oauth/google/callback?code=good-code")).status).toBe(400);
    expect(spy).not.toHaveBeenCalled();
  });

  it("an expired state is refused", async () => {
    stubProvider((nonce) => ({ nonce }));
    const loc = await authorize();
    await env.DB.prepare("UPDATE oauth_states SET expires_at = 0").run();
    expect((await callback(loc.searchParams.get("state") ?? "")).status).toBe(400);
  });

  it("an ID token for another audience is refused (401 oauth-failed)", async () => {
    stubProvider((nonce) => ({ aud: "someone-elses-client", email: "x@gmail.test", email_verified: true, nonce }));
    const loc = await authorize();
    const res = await callback(loc.searchParams.get("state") ?? "");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { type: string }).type).toContain("oauth-failed");
  });

  it("a wrong nonce or a refused code is 401", async () => {
    stubProvider(() => ({ email: "n@gmail.test", email_verified: true, nonce: "other-nonce" }));
    let loc = await authorize();
    expect((await callback(loc.searchParams.get("state") ?? "")).status).toBe(401);
    loc = await authorize();
    expect((await callback(loc.searchParams.get("state") ?? "", "bad-code")).status).toBe(401);
  });

  it("links to an existing verified account with the same email; refuses an unverified one", async () => {
    const verified = await makeUser();
    stubProvider((nonce) => ({ sub: `v-${verified.id}`, email: verified.email, email_verified: true, nonce }));
    let loc = await authorize();
    let res = await callback(loc.searchParams.get("state") ?? "");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { id: string } }).user.id).toBe(verified.id);
    const link = await db().select().from(oauthAccounts).where(eq(oauthAccounts.userId, verified.id)).get();
    expect(link?.subject).toBe(`v-${verified.id}`);

    vi.restoreAllMocks();
    const unverified = await makeUser({ verified: false });
    stubProvider((nonce) => ({ sub: `u-${unverified.id}`, email: unverified.email, email_verified: true, nonce }));
    loc = await authorize();
    res = await callback(loc.searchParams.get("state") ?? "");
    expect(res.status).toBe(409);
    expect(
      await db().select().from(oauthAccounts).where(eq(oauthAccounts.userId, unverified.id)).get(),
    ).toBeUndefined();
  });

  it("an email the provider has not verified is refused (403)", async () => {
    stubProvider((nonce) => ({
      sub: `nv-${Date.now()}`,
      email: `nv-${Date.now()}@gmail.test`,
      email_verified: false,
      nonce,
    }));
    const loc = await authorize();
    expect((await callback(loc.searchParams.get("state") ?? "")).status).toBe(403);
  });

  it("falls back to userinfo (same subject) when the ID token has no email", async () => {
    const sub = `ui-${Date.now()}`;
    const email = `ui-${Date.now()}@gmail.test`;
    stubProvider((nonce) => ({ sub, nonce }), { userinfo: { sub, email, email_verified: true } });
    const loc = await authorize();
    const res = await callback(loc.searchParams.get("state") ?? "");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe(email);
  });

  it("with an allowed redirect_uri the callback redirects with the tokens in the fragment", async () => {
    stubProvider((nonce) => ({
      sub: `rd-${Date.now()}`,
      email: `rd-${Date.now()}@gmail.test`,
      email_verified: true,
      nonce,
    }));
    const loc = await authorize(`?redirect_uri=${encodeURIComponent("http://localhost:3000/oauth/done")}`);
    const res = await callback(loc.searchParams.get("state") ?? "");
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get("Location") ?? "");
    expect(target.origin + target.pathname).toBe("http://localhost:3000/oauth/done");
    const frag = new URLSearchParams(target.hash.slice(1));
    expect(frag.get("access_token")).toBeTruthy();
    expect(frag.get("refresh_token")).toBeTruthy();
    expect(frag.get("token_type")).toBe("Bearer");
    expect(target.search).toBe("");
  });

  it("refuses a redirect_uri on a foreign origin", async () => {
    const res = await call(
      `/api/v1/auth/oauth/google/authorize?redirect_uri=${encodeURIComponent("https://evil.test/x")}`,
    );
    expect(res.status).toBe(400);
  });

  it("an unconfigured or unknown provider is 404", async () => {
    expect((await call("/api/v1/auth/oauth/linkedin/authorize")).status).toBe(404);
    expect((await call("/api/v1/auth/oauth/myspace/authorize")).status).toBe(404);
    expect((await call("/api/v1/auth/oauth/google/authorize", env)).status).toBe(404);
  });
});
