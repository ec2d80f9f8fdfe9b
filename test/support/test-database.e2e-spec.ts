import pg from 'pg';
import { createTestDatabase } from './test-database.js';

describe('test database harness', () => {
  it('creates an isolated database that accepts connections and drops it', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('select current_database() as name');
    await client.end();
    expect(rows[0].name).toBe(db.name);
    await db.drop();
  });
});
