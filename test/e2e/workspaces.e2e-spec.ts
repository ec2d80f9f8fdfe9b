import request from 'supertest';
import { addMember, createWorkspace, type WorkspaceFixture } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('workspaces API, validation and the error format (e2e)', () => {
  let t: TestApp;
  let ws: WorkspaceFixture;
  const auth = () => ({ authorization: `Bearer ${ws.admin.token}` });

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t, 'Acme');
  });
  afterAll(() => t.close());

  it('lists the default project created with the workspace, and creates another', async () => {
    const server = t.app.getHttpServer();
    const list = await request(server).get(`/api/v1/workspaces/${ws.workspaceId}/projects`).set(auth());
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ id: ws.projectId, name: 'Default project' })]);
    const created = await request(server).post(`/api/v1/workspaces/${ws.workspaceId}/projects`).set(auth()).send({ name: '  Checkout  ' });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Checkout');
    const again = await request(server).get(`/api/v1/workspaces/${ws.workspaceId}/projects`).set(auth());
    expect(again.body.map((p: { name: string }) => p.name)).toEqual(['Default project', 'Checkout']);
  });

  it('adds a member (email normalised) and refuses adding them twice with 409', async () => {
    const server = t.app.getHttpServer();
    const res = await request(server).post(`/api/v1/workspaces/${ws.workspaceId}/members`).set(auth()).send({ email: 'Dana@Example.TEST', role: 'member', name: 'Dana' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'dana@example.test', role: 'member', name: 'Dana' });
    const dup = await request(server).post(`/api/v1/workspaces/${ws.workspaceId}/members`).set(auth()).send({ email: 'dana@example.test', role: 'admin' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ statusCode: 409, code: 'already_member', message: 'dana@example.test is already a member of this workspace' });
    const members = await request(server).get(`/api/v1/workspaces/${ws.workspaceId}/members`).set(auth());
    expect(members.body.map((m: { email: string }) => m.email)).toContain('dana@example.test');
  });

  it('refuses to demote the last admin', async () => {
    const res = await request(t.app.getHttpServer())
      .patch(`/api/v1/workspaces/${ws.workspaceId}/members/${ws.admin.userId}`)
      .set(auth())
      .send({ role: 'member' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('last_admin');
  });

  it('answers 404 member_not_found for a user outside the workspace', async () => {
    const res = await request(t.app.getHttpServer())
      .patch(`/api/v1/workspaces/${ws.workspaceId}/members/00000000-0000-4000-8000-000000000001`)
      .set(auth())
      .send({ role: 'admin' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('member_not_found');
  });

  it('promotes a member, after which demoting the original admin is allowed', async () => {
    const server = t.app.getHttpServer();
    const m = await addMember(t, ws, 'member');
    expect((await request(server).patch(`/api/v1/workspaces/${ws.workspaceId}/members/${m.userId}`).set(auth()).send({ role: 'admin' })).status).toBe(200);
    const res = await request(server).patch(`/api/v1/workspaces/${ws.workspaceId}/members/${ws.admin.userId}`).set({ authorization: `Bearer ${m.token}` }).send({ role: 'member' });
    expect(res.status).toBe(200);
    // Restore, so later tests still run as an admin.
    expect((await request(server).patch(`/api/v1/workspaces/${ws.workspaceId}/members/${ws.admin.userId}`).set({ authorization: `Bearer ${m.token}` }).send({ role: 'admin' })).status).toBe(200);
  });

  describe('validation', () => {
    it('names an unknown field', async () => {
      const res = await request(t.app.getHttpServer()).post(`/api/v1/workspaces/${ws.workspaceId}/members`).set(auth()).send({ email: 'a@b.test', role: 'member', isOwner: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.message).toContain('property isOwner should not exist');
      expect(res.body.details).toEqual([{ field: 'isOwner', problems: ['property isOwner should not exist'] }]);
    });

    it('names every bad field and does not echo values', async () => {
      const res = await request(t.app.getHttpServer()).post(`/api/v1/workspaces/${ws.workspaceId}/members`).set(auth()).send({ email: 'phx_secretlooking', role: 'owner' });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'role']);
      expect(JSON.stringify(res.body)).not.toContain('phx_secretlooking');
    });

    it('rejects a missing body field', async () => {
      const res = await request(t.app.getHttpServer()).post(`/api/v1/workspaces/${ws.workspaceId}/projects`).set(auth()).send({});
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('name');
    });

    it('rejects a bad query parameter', async () => {
      const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}/audit-log?limit=0`).set(auth());
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('limit');
    });

    it('rejects a malformed path id with 400', async () => {
      const res = await request(t.app.getHttpServer()).patch(`/api/v1/workspaces/${ws.workspaceId}/members/not-a-uuid`).set(auth()).send({ role: 'admin' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad_request');
    });
  });

  describe('error format', () => {
    const shape = { statusCode: expect.any(Number), code: expect.any(String), message: expect.any(String) };

    it('answers malformed JSON with 400 invalid_json', async () => {
      const res = await request(t.app.getHttpServer())
        .post(`/api/v1/workspaces/${ws.workspaceId}/projects`)
        .set(auth())
        .set('content-type', 'application/json')
        .send('{"name": ');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, code: 'invalid_json', message: 'The request body is not valid JSON' });
    });

    it('answers an unknown route with the same shape', async () => {
      const res = await request(t.app.getHttpServer()).get('/api/v1/nothing-here').set(auth());
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ...shape, statusCode: 404, code: 'not_found' });
    });

    it('answers an unsupported media type with the same shape', async () => {
      const res = await request(t.app.getHttpServer()).post(`/api/v1/workspaces/${ws.workspaceId}/projects`).set(auth()).set('content-type', 'text/csv').send('a,b');
      expect(res.status).toBe(415);
      expect(res.body).toEqual({ ...shape, statusCode: 415, code: 'unsupported_media_type' });
    });

    it('uses the shape for 401 and 403 too', async () => {
      const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}`);
      expect(Object.keys(res.body).sort()).toEqual(['code', 'message', 'statusCode']);
    });
  });
});
