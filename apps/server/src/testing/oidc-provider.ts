import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** An account the test provider signs in: its claims as the ID token carries them. */
export type TestAccount = { sub: string } & Record<string, unknown>;

export interface TestOidcProvider {
  issuer: string;
  /** Who the next sign-in authenticates as (the provider asks nobody: tests choose). */
  accounts: Map<string, TestAccount>;
  loginAs(sub: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (the `oidc-provider` package, certified) on 127.0.0.1 and a random port, with one
 * confidential client per entry of `clients`. Its login and consent "interaction" completes at once as the account
 * chosen with `loginAs`, so a test drives the whole authorization code flow with plain HTTP.
 */
export async function startTestOidcProvider(
  clients: Array<{ clientId: string; clientSecret: string; redirectUri: string }>,
): Promise<TestOidcProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const accounts = new Map<string, TestAccount>();
  let next = '';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-only-cookie-key'] },
    scopes: ['openid', 'email', 'profile', 'groups', 'store'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'locale'],
      groups: ['groups'],
      store: ['store_code'],
    },
    // The ID token carries the scopes' claims itself (loopcx reads no userinfo endpoint).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, AuthorizationCode: 60, IdToken: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: async () => account } : undefined;
    },
  });
  const handle = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: next, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: next }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.statusCode = 500;
      res.end(String(err));
    }
  });
  return {
    issuer,
    accounts,
    loginAs(sub) {
      next = sub;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
