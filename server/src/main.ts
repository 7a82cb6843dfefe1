import { loadConfig } from './config.js';
import { startServer } from './app.js';
import { seedDemo, startDemoActivity } from './demo/demo.service.js';

/** The process entry: reads the environment, starts the server, and stops cleanly on a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  let stopActivity = (): void => undefined;
  if (config.isDemo) {
    const seeded = await seedDemo(server.incidents, server.store);
    if (seeded > 0) console.log(`Seeded ${seeded} demo incidents.`);
    if (config.isDemoActivity) stopActivity = startDemoActivity(server.incidents, server.store);
  }
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const port = server.app.server.address();
  const shownPort = typeof port === 'object' && port ? port.port : config.port;
  console.log(
    `Mirsad is running at http://${shownHost}:${shownPort}/ (data in ${config.dataDir}, store ${server.store.kind})`,
  );

  let isStopping = false;
  const stop = (signal: string): void => {
    if (isStopping) return;
    isStopping = true;
    console.log(`${signal}: stopping…`);
    stopActivity();
    server.close().then(
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
