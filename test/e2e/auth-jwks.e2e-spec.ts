import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import { createWorkspace, type WorkspaceFixture } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('auth with an identity provider’s JWKS (e2e)', () => {
  let jwks: Server;
  let t: TestApp;
  let ws: WorkspaceFixture;
  let privateKey: CryptoKey;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as { port: number };
    t = await startTestApp({ env: { FINDRY_AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` } });
    ws = await createWorkspace(t, 'Acme');
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const idpToken = (sub: string, key: CryptoKey = privateKey) =>
    new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).setSubject(sub).setIssuer('findry').setAudience('findry-api').setIssuedAt().setExpirationTime('5m').sign(key);

  it('accepts a token signed by a key the JWKS publishes; sub is the user id', async () => {
    const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}`).set('authorization', `Bearer ${await idpToken(ws.admin.userId)}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(ws.workspaceId);
  });

  it('refuses a token signed by a key the JWKS does not publish', async () => {
    const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}`).set('authorization', `Bearer ${await idpToken(ws.admin.userId, strangerKey)}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_token');
  });

  it('still accepts the HS256 tokens the CLI issues when a secret is set too', async () => {
    const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}`).set('authorization', `Bearer ${ws.admin.token}`);
    expect(res.status).toBe(200);
  });

  it('refuses a subject that cannot be a Findry user id with 401, and a stranger’s id with 403', async () => {
    const server = t.app.getHttpServer();
    const notOurs = await request(server).get(`/api/v1/workspaces/${ws.workspaceId}`).set('authorization', `Bearer ${await idpToken('auth0|someone-else')}`);
    expect(notOurs.status).toBe(401);
    expect(notOurs.body.code).toBe('invalid_token');
    expect((await request(server).get('/api/v1/me').set('authorization', `Bearer ${await idpToken('auth0|someone-else')}`)).status).toBe(401);
    const stranger = await request(server).get(`/api/v1/workspaces/${ws.workspaceId}`).set('authorization', `Bearer ${await idpToken('00000000-0000-4000-8000-00000000abcd')}`);
    expect(stranger.status).toBe(403);
  });
});
