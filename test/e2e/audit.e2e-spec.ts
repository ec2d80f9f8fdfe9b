import { MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { addMember, createWorkspace, inContext, type WorkspaceFixture } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('audit log (e2e)', () => {
  let t: TestApp;
  let ws: WorkspaceFixture;
  const path = () => `/api/v1/workspaces/${ws.workspaceId}/audit-log`;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t, 'Acme');
    const m = await addMember(t, ws, 'member');
    await request(t.app.getHttpServer())
      .patch(`/api/v1/workspaces/${ws.workspaceId}/members/${m.userId}`)
      .set('authorization', `Bearer ${ws.admin.token}`)
      .send({ role: 'admin' })
      .expect(200);
  });
  afterAll(() => t.close());

  it('records workspace, member and role changes, newest first', async () => {
    const res = await request(t.app.getHttpServer()).get(path()).set('authorization', `Bearer ${ws.admin.token}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['member.role_changed', 'member.added', 'workspace.created']);
    expect(res.body.items[0]).toMatchObject({ actorId: ws.admin.userId, targetType: 'user', details: { from: 'member', to: 'admin' } });
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with a cursor, each entry exactly once', async () => {
    for (let i = 0; i < 5; i++) {
      await inContext(t, () => t.app.get(AuditService).record({ workspaceId: ws.workspaceId, actorId: null, action: 'test.happened', targetType: 'test', details: { i } }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.app.getHttpServer())
        .get(path())
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .set('authorization', `Bearer ${ws.admin.token}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
  });

  it('never stores secret-named fields or secret-shaped values', async () => {
    const entry = await inContext(t, () =>
      t.app.get(AuditService).record({
        workspaceId: ws.workspaceId,
        actorId: ws.admin.userId,
        action: 'test.secrets',
        targetType: 'test',
        details: { apiKey: 'phx_abcdef123', nested: { note: 'key phx_abcdef123 leaked', accessToken: 'x' }, list: ['phc_zzz'] },
      }),
    );
    const rows = await t.app.get(MikroORM).em.getConnection().execute<{ d: string }[]>('select details::text as d from audit_log where id = ?', [entry.id]);
    expect(rows[0].d).not.toContain('phx_abcdef123');
    expect(rows[0].d).not.toContain('phc_zzz');
    expect(JSON.parse(rows[0].d)).toEqual({ nested: { note: 'key phx_[REDACTED] leaked' }, list: ['phc_[REDACTED]'] });
  });

  it('is append-only at the database', async () => {
    const conn = t.app.get(MikroORM).em.getConnection();
    await expect(conn.execute('update audit_log set action = ?', ['tampered'])).rejects.toThrow(/append-only/);
    await expect(conn.execute('delete from audit_log')).rejects.toThrow(/append-only/);
  });

  it('keeps each workspace’s log to itself', async () => {
    const other = await createWorkspace(t, 'Other');
    const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${other.workspaceId}/audit-log`).set('authorization', `Bearer ${other.admin.token}`);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['workspace.created']);
  });
});
