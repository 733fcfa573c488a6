/**
 * OAuth/OIDC provider configuration from env. A provider is enabled only when
 * its client id and secret are set; endpoints default to the provider's
 * published ones and can be overridden (tests, proxies).
 */
export const OAUTH_PROVIDERS = ["google", "linkedin"] as const;
export type OAuthProviderName = (typeof OAUTH_PROVIDERS)[number];

export interface OAuthProviderConfig {
  name: OAuthProviderName;
  clientId: string;
  clientSecret: string;
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  userinfoUrl: string;
  scope: string;
}

/** Optional secrets/vars, not declared in wrangler.toml, so typed here. */
export type OAuthEnv = Partial<
  Record<
    | `OAUTH_${"GOOGLE" | "LINKEDIN"}_${"CLIENT_ID" | "CLIENT_SECRET" | "ISSUER" | "AUTHORIZE_URL" | "TOKEN_URL" | "JWKS_URL" | "USERINFO_URL"}`
    | "OAUTH_CALLBACK_ORIGIN"
    | "OAUTH_REDIRECT_ORIGINS",
    string
  >
>;

const DEFAULTS: Record<OAuthProviderName, Omit<OAuthProviderConfig, "name" | "clientId" | "clientSecret">> = {
  google: {
    issuer: "https://accounts.google.com",
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    jwksUrl: "https://www.googleapis.com/oauth2/v3/certs",
    userinfoUrl: "https://openidconnect.googleapis.com/v1/userinfo",
    scope: "openid email profile",
  },
  linkedin: {
    issuer: "https://www.linkedin.com/oauth",
    authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization",
    tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
    jwksUrl: "https://www.linkedin.com/oauth/openid/jwks",
    userinfoUrl: "https://api.linkedin.com/v2/userinfo",
    scope: "openid email profile",
  },
};

export function isProviderName(name: string): name is OAuthProviderName {
  return (OAUTH_PROVIDERS as readonly string[]).includes(name);
}

/** The provider's config, or null when unknown or not configured (→ `404`). */
export function providerConfig(env: OAuthEnv, name: string): OAuthProviderConfig | null {
  if (!isProviderName(name)) return null;
  const p = name.toUpperCase() as "GOOGLE" | "LINKEDIN";
  const clientId = env[`OAUTH_${p}_CLIENT_ID`];
  const clientSecret = env[`OAUTH_${p}_CLIENT_SECRET`];
  if (!clientId || !clientSecret) return null;
  const d = DEFAULTS[name];
  return {
    name,
    clientId,
    clientSecret,
    issuer: env[`OAUTH_${p}_ISSUER`] ?? d.issuer,
    authorizeUrl: env[`OAUTH_${p}_AUTHORIZE_URL`] ?? d.authorizeUrl,
    tokenUrl: env[`OAUTH_${p}_TOKEN_URL`] ?? d.tokenUrl,
    jwksUrl: env[`OAUTH_${p}_JWKS_URL`] ?? d.jwksUrl,
    userinfoUrl: env[`OAUTH_${p}_USERINFO_URL`] ?? d.userinfoUrl,
    scope: d.scope,
  };
}

/** Origins a `redirect_uri` may point to: OAUTH_REDIRECT_ORIGINS, else PUBLIC_APP_URL + CORS_ORIGINS. */
export function allowedRedirectOrigins(env: OAuthEnv & Pick<Env, "PUBLIC_APP_URL" | "CORS_ORIGINS">): Set<string> {
  const list = env.OAUTH_REDIRECT_ORIGINS ?? `${env.PUBLIC_APP_URL},${env.CORS_ORIGINS}`;
  const out = new Set<string>();
  for (const item of list.split(",")) {
    try {
      if (item.trim()) out.add(new URL(item.trim()).origin);
    } catch {
      // ignore malformed entries
    }
  }
  return out;
}
