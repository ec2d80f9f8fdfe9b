import { MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health and API docs (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves /health without a token, with the database up', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
  });

  it('renders the Swagger UI at /docs and the document at /docs-json', async () => {
    const ui = await request(t.app.getHttpServer()).get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const doc = await request(t.app.getHttpServer()).get('/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/workspaces/{workspaceId}', '/api/v1/workspaces/{workspaceId}/audit-log']));
    expect(doc.body.components.securitySchemes.bearer).toBeDefined();
  });

  it('reports 503 with the database down', async () => {
    await t.app.get(MikroORM).close(true);
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
    expect(res.body.details.status).toBe('error');
    expect(res.body.details.error.database.status).toBe('down');
  });
});
