// `npm run demo`: the PostHog simulator and Findry side by side, with a workspace already connected to the
// simulator's Demo Project, so the integration can be tried with curl or the Swagger UI in one command.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { fillSecretsFromDataDir, readConfigFromEnv } from '../config/index.js';
import { DEMO_KEYS, startPostHogSimulator } from '../libs/posthog-simulator/src/index.js';
import { createApp } from '../src/bootstrap/create-app.js';
import { TokenService } from '../src/common/auth/token.service.js';
import { installJobSchema } from '../src/common/jobs/job-schema.js';
import { resolveDatabase } from '../src/database/embedded-postgres.runtime.js';
import { IntegrationsService } from '../src/modules/integrations/integrations.service.js';
import { WorkspacesService } from '../src/modules/workspaces/workspaces.service.js';

const say = (msg: string) => process.stdout.write(`${msg}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'sim-port': { type: 'string', default: '8010' } } });
  const sim = await startPostHogSimulator({ port: Number(values['sim-port']), seed: 'demo' });
  const { config } = await fillSecretsFromDataDir(
    readConfigFromEnv({ FINDRY_DATA_DIR: '.findry-demo', LOG_LEVEL: 'warn' }, { FINDRY_OUTBOUND_ALLOWLIST: '127.0.0.1', FINDRY_CRON_ENABLED: 'false' }),
  );
  const database = await resolveDatabase(config.databaseUrl, config.dataDir, say);
  const app = await createApp(config, { databaseUrl: database.url });
  await app.get(MikroORM).migrator.up();
  await installJobSchema(database.url);
  await app.listen(config.http.port, config.http.host);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  const { workspaceId, token } = await RequestContext.create(app.get(MikroORM).em, async () => {
    const { workspace, admin } = await app.get(WorkspacesService).createWorkspace({ name: 'Demo workspace', adminEmail: `demo-${Date.now()}@findry.test` });
    await app.get(IntegrationsService).connect(workspace.id, 'posthog', { host: sim.url, projectId: 1, apiKey: DEMO_KEYS.allAccess }, admin.id);
    return { workspaceId: workspace.id, token: await app.get(TokenService).issue(admin.id) };
  });

  say(`\nPostHog simulator: ${sim.url}   (keys: ${Object.values(DEMO_KEYS).join(', ')})`);
  say(`Findry:            ${url}   (API docs at ${url}/docs)\n`);
  say(`export TOKEN=${token}`);
  say(`export WS=${workspaceId}\n`);
  say('# The PostHog tile (no PostHog call is made to render it):');
  say(`curl -s ${url}/api/v1/workspaces/$WS/integrations -H "authorization: Bearer $TOKEN"\n`);
  say('# Replace the key with a read-only one: annotations become blocked, with the scope to add:');
  say(`curl -s -X PUT ${url}/api/v1/workspaces/$WS/integrations/posthog -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`);
  say(`  -d '{"host":"${sim.url}","projectId":1,"apiKey":"${DEMO_KEYS.readOnly}"}'\n`);
  say('# A Project API key is refused with an explanation:');
  say(`curl -s -X PUT ${url}/api/v1/workspaces/$WS/integrations/posthog -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`);
  say(`  -d '{"host":"${sim.url}","projectId":1,"apiKey":"phc_demo_project_token"}'\n`);
  say('# Make PostHog answer 429 once, then re-check:');
  say(`curl -s -X POST ${sim.url}/_sim/faults -H 'content-type: application/json' -d '{"path":"/api/projects/1","type":"throttle","retryAfter":30}'`);
  say(`curl -s -X POST ${url}/api/v1/workspaces/$WS/integrations/posthog/check -H "authorization: Bearer $TOKEN"\n`);
  say('Ctrl-C stops both.');

  const stop = async () => {
    await app.close();
    await sim.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
