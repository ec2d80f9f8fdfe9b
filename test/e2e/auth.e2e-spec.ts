import { SignJWT } from 'jose';
import request from 'supertest';
import { addMember, createWorkspace, type WorkspaceFixture } from '../support/factories.js';
import { startTestApp, TEST_AUTH_SECRET, type TestApp } from '../support/test-app.js';

const sign = (claims: { sub: string; exp?: number; iss?: string; aud?: string }, secret = TEST_AUTH_SECRET) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? 'findry')
    .setAudience(claims.aud ?? 'findry-api')
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '1h')
    .sign(new TextEncoder().encode(secret));

describe('auth (e2e)', () => {
  let t: TestApp;
  let ws: WorkspaceFixture;
  let other: WorkspaceFixture;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t, 'Acme');
    other = await createWorkspace(t, 'Other');
  });
  afterAll(() => t.close());

  const get = (path: string, token?: string) => {
    const r = request(t.app.getHttpServer()).get(path);
    return token ? r.set('authorization', `Bearer ${token}`) : r;
  };

  it('refuses a request without a token with 401 missing_token', async () => {
    const res = await get(`/api/v1/workspaces/${ws.workspaceId}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'missing_token', message: expect.any(String) });
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}`).set('authorization', `Basic ${ws.admin.token}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('missing_token');
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await sign({ sub: ws.admin.userId }, 'another-secret-that-is-also-long-enough-xx');
    const res = await get(`/api/v1/workspaces/${ws.workspaceId}`, forged);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_token');
  });

  it('refuses garbage and a token with a tampered payload', async () => {
    expect((await get(`/api/v1/workspaces/${ws.workspaceId}`, 'not-a-jwt')).body.code).toBe('invalid_token');
    const [h, , s] = ws.admin.token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: other.admin.userId, iss: 'findry', aud: 'findry-api', exp: 9999999999 })).toString('base64url');
    const res = await get(`/api/v1/workspaces/${other.workspaceId}`, `${h}.${payload}.${s}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_token');
  });

  it('refuses an expired token with token_expired', async () => {
    const expired = await sign({ sub: ws.admin.userId, exp: Math.floor(Date.now() / 1000) - 60 });
    const res = await get(`/api/v1/workspaces/${ws.workspaceId}`, expired);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('token_expired');
  });

  it('refuses a token for another audience or issuer', async () => {
    expect((await get(`/api/v1/workspaces/${ws.workspaceId}`, await sign({ sub: ws.admin.userId, aud: 'elsewhere' }))).status).toBe(401);
    expect((await get(`/api/v1/workspaces/${ws.workspaceId}`, await sign({ sub: ws.admin.userId, iss: 'evil' }))).status).toBe(401);
  });

  it('lets a member read their workspace', async () => {
    const res = await get(`/api/v1/workspaces/${ws.workspaceId}`, ws.admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ws.workspaceId, name: 'Acme' });
  });

  it('gives a non-member the same 403 for an existing and a missing workspace', async () => {
    const existing = await get(`/api/v1/workspaces/${ws.workspaceId}`, other.admin.token);
    const missing = await get('/api/v1/workspaces/00000000-0000-4000-8000-000000000000', other.admin.token);
    const malformed = await get('/api/v1/workspaces/not-a-uuid', other.admin.token);
    expect(existing.status).toBe(403);
    expect(missing.status).toBe(403);
    expect(malformed.status).toBe(403);
    expect(missing.body).toEqual(existing.body);
    expect(malformed.body).toEqual(existing.body);
    expect(existing.body).toEqual({ statusCode: 403, code: 'forbidden', message: 'You do not have access to this workspace' });
  });

  it('lets members read but only admins change', async () => {
    const member = await addMember(t, ws, 'member');
    expect((await get(`/api/v1/workspaces/${ws.workspaceId}/members`, member.token)).status).toBe(200);
    const denied = await request(t.app.getHttpServer())
      .post(`/api/v1/workspaces/${ws.workspaceId}/members`)
      .set('authorization', `Bearer ${member.token}`)
      .send({ email: 'x@example.test', role: 'member' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('admin_required');
    expect((await get(`/api/v1/workspaces/${ws.workspaceId}/audit-log`, member.token)).status).toBe(403);
    expect((await get(`/api/v1/workspaces/${ws.workspaceId}/audit-log`, ws.admin.token)).status).toBe(200);
  });

  it('applies a role change on the very next request', async () => {
    const second = await addMember(t, ws, 'admin');
    const audit = `/api/v1/workspaces/${ws.workspaceId}/audit-log`;
    expect((await get(audit, second.token)).status).toBe(200);
    const demote = await request(t.app.getHttpServer())
      .patch(`/api/v1/workspaces/${ws.workspaceId}/members/${second.userId}`)
      .set('authorization', `Bearer ${ws.admin.token}`)
      .send({ role: 'member' });
    expect(demote.status).toBe(200);
    expect(demote.body.role).toBe('member');
    expect((await get(audit, second.token)).status).toBe(403);
  });

  it('lists only the caller’s workspaces at /api/v1/me', async () => {
    const res = await get('/api/v1/me', other.admin.token);
    expect(res.status).toBe(200);
    expect(res.body.workspaces).toEqual([{ id: other.workspaceId, name: 'Other', role: 'admin' }]);
  });

  it('never logs a token', () => {
    expect(t.logs.lines.length).toBeGreaterThan(0);
    expect(t.logs.text).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
    expect(t.logs.text).not.toContain(ws.admin.token);
  });
});
