import { loadFacilities } from '@mirsad/mock-data';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './auth/auth.service.js';
import { loadConfig } from './config.js';
import { startServer } from './app.js';
import { seedDemoHistory } from './demo/demo.history.js';
import { seedDemo, startDemoActivity } from './demo/demo.service.js';
import { startDemoSensors } from './demo/sensors.demo.js';

/** The process entry: reads the environment, starts the server, and stops cleanly on a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  let created: string[] = [];
  const server = await startServer(config, {
    prepare: async (services) => {
      created = await services.auth.bootstrap({ isDemo: config.isDemo, admin: config.bootstrapAdmin });
      if (!config.isDemo) return;
      const seeded = await seedDemo(services.incidents, services.units, services.store, loadFacilities());
      if (seeded > 0) console.log(`Seeded ${seeded} demo incidents.`);
      const past = await seedDemoHistory(services.history, new Date());
      if (past > 0) console.log(`Loaded a year of history: ${past} past incidents for pattern watch.`);
    },
  });
  let stopSensors = (): Promise<void> => Promise.resolve();
  if (config.isDemo) {
    // On several nodes only the leader keeps the demo going (it moves on to the next leader).
    if (config.isDemoActivity)
      await server.whileLeading(() => startDemoActivity(server.incidents, server.units, server.store));
    // Field sensors are part of the demo when a broker is configured (MQTT_URL).
    stopSensors = await startDemoSensors(server, config, { username: 'commander', password: DEMO_PASSWORD });
    console.log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const account of DEMO_ACCOUNTS) {
      console.log(
        `  ${account.username.padEnd(14)} ${account.role}${account.sectors.length ? ` of ${account.sectors.join(', ')}` : ''}`,
      );
    }
  } else if (created.length > 0) {
    console.log(`Created the first administrator: ${created.join(', ')}`);
  } else if ((await server.auth.listAccounts()).length === 0) {
    console.log(
      'No account exists: set MIRSAD_ADMIN_USERNAME and MIRSAD_ADMIN_PASSWORD (12+ characters) to create the first administrator.',
    );
  }
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const port = server.app.server.address();
  const shownPort = typeof port === 'object' && port ? port.port : config.port;
  const where = server.store.kind === 'sqlite' ? `data in ${config.dataDir}` : 'several nodes may share it';
  console.log(
    `Mirsad is running at http://${shownHost}:${shownPort}/ (${where}, store ${server.store.kind}${config.redisUrl ? ', Redis' : ''}${server.isLeader ? ', leading' : ''})`,
  );

  let isStopping = false;
  const stop = (signal: string): void => {
    if (isStopping) return;
    isStopping = true;
    console.log(`${signal}: stopping…`);
    stopSensors()
      .catch((error: unknown) => {
        console.error('Stopping the simulated sensors failed', error);
      })
      .then(() => server.close())
      .then(
        () => {
          console.log('Stopped; every committed event is on disk.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error('Stopping failed', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
