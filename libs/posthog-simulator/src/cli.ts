// `npm run posthog:sim -- --port 8010 --seed demo`: a standalone simulator on 127.0.0.1 for the demo and manual tests.
import { parseArgs } from 'node:util';
import { SEED_NAMES, type SeedName } from './seed/seed.registry.js';
import { startPostHogSimulator } from './simulator.server.js';

const USAGE = `Usage: npm run posthog:sim -- [options]
  --port <n>             port on 127.0.0.1 (default 8010; 0 picks a free one)
  --seed <name>          demo | large | empty (default demo)
  --events <n>           large seed: product events in project 1 (default 1000000)
  --now <iso>            start time the seed is relative to (default: now)
  --no-throttle          disable rate limiting
  --throttle-scale <x>   multiply every rate limit by x (e.g. 0.01)
  --quiet                do not log requests`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8010' },
      seed: { type: 'string', default: 'demo' },
      events: { type: 'string' },
      now: { type: 'string' },
      'no-throttle': { type: 'boolean', default: false },
      'throttle-scale': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = values.seed as SeedName;
  if (!SEED_NAMES.includes(seed)) fail(`--seed must be one of ${SEED_NAMES.join(', ')}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0-65535');
  const events = values.events === undefined ? undefined : Number(values.events);
  if (events !== undefined && !(Number.isInteger(events) && events > 0)) fail('--events must be a positive integer');
  const scale = values['throttle-scale'] === undefined ? 1 : Number(values['throttle-scale']);
  if (!(scale > 0)) fail('--throttle-scale must be a positive number');

  const started = performance.now();
  const simulator = await startPostHogSimulator({
    port,
    seed,
    events,
    now: values.now,
    throttling: { enabled: !values['no-throttle'], scale },
    log: !values.quiet,
  });
  const summary = simulator.control.summary();
  const eventCount = summary.projects.reduce((sum, p) => sum + p.events, 0);
  const throttling = summary.throttling.enabled ? `throttling on${scale !== 1 ? ` (x${scale})` : ''}` : 'throttling off';
  console.log(
    `PostHog simulator listening on ${simulator.url} (seed ${seed}, ${eventCount.toLocaleString('en')} events, ${throttling}) in ${Math.round(performance.now() - started)} ms`,
  );
  console.log('Keys: phx_demo_all_access, phx_demo_read_only, phx_demo_project2_only, phx_demo_no_scopes; control API at /_sim/');

  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

await main();
