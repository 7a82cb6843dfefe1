// Starts the built Mirsad server as a real child process, on a free port, with its own data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: the nearest folder up with the workspace file (also from e2e/dist). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

const ROOT = findRoot(fileURLToPath(new URL('.', import.meta.url)));
const ENTRY = path.join(ROOT, 'server', 'dist', 'main.js');

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** The password of every account the browser tests sign in with. */
export const E2E_PASSWORD = 'e2e-password-for-tests';

/** The people the browser tests act as, created on a fresh server. */
export const E2E_ACCOUNTS = [
  { username: 'commander', displayName: 'Duty Commander', role: 'commander', sectors: [] },
  { username: 'traffic', displayName: 'Traffic Officer', role: 'officer', sectors: ['traffic'] },
  {
    username: 'civil-defence',
    displayName: 'Civil Defence Officer',
    role: 'officer',
    sectors: ['civil-defence'],
  },
  { username: 'fire', displayName: 'Fire Officer', role: 'officer', sectors: ['fire-marine-rescue'] },
  { username: 'trainer', displayName: 'Training Officer', role: 'trainer', sectors: [] },
] as const;

/** How long a server may take to stop after SIGTERM before the test calls it hung, in ms. */
const TERMINATE_TIMEOUT_MS = 15_000;

/** A server process the test controls: kill it, start it again on the same port and data. */
export class TestServer {
  private child: ChildProcess | null = null;
  readonly dataDir: string;
  output = '';
  /** An API key of a reporting system that may report for every sector. */
  reporterKey = '';

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-e2e-'));
  }

  /** The base URL, such as http://127.0.0.1:41234. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a server with an empty store (or demo data when `MIRSAD_DEMO: '1'`). */
  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    if (!fs.existsSync(ENTRY) || !fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
      throw new Error(
        'the server or web app is not built: run `npm test` (or `npm run build`) from the root',
      );
    }
    const server = new TestServer(await freePort(), env);
    await server.restart();
    await server.seedAccounts();
    return server;
  }

  /** Starts the process (again) and waits until it answers. */
  async restart(port = this.port): Promise<void> {
    const child = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        MIRSAD_DEMO: '0',
        MIRSAD_DEMO_ACTIVITY: '0',
        MIRSAD_ADMIN_USERNAME: 'admin',
        MIRSAD_ADMIN_PASSWORD: E2E_PASSWORD,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the server exited with ${child.exitCode ?? child.signalCode}:\n${this.output}`);
      }
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer within 30 s:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Kills the process without warning, as a power cut would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Stops the process as an operator or a deployment would (SIGTERM: it closes its sockets and
   * store), keeping its port and data for `restart`.
   */
  async terminate(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const isStopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, TERMINATE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!isStopped) {
      await this.kill();
      throw new Error(
        `the server did not stop within ${TERMINATE_TIMEOUT_MS} ms of SIGTERM:\n${this.output}`,
      );
    }
  }

  /** Stops the process and removes its data. */
  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Signs in over HTTP and returns the Cookie header value. */
  async login(username: string): Promise<string> {
    const response = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: E2E_PASSWORD }),
    });
    if (!response.ok) throw new Error(`login as ${username}: ${response.status} ${await response.text()}`);
    return response.headers.get('set-cookie')?.split(';')[0] ?? '';
  }

  private async seedAccounts(): Promise<void> {
    const admin = await this.login('admin');
    for (const account of E2E_ACCOUNTS) {
      const { status } = await this.api(
        'POST',
        '/api/accounts',
        { ...account, password: E2E_PASSWORD },
        this.port,
        admin,
      );
      if (status !== 201) throw new Error(`creating ${account.username} answered ${status}`);
    }
    const key = await this.api(
      'POST',
      '/api/keys',
      { name: 'E2E feed', source: 'e2e', role: 'reporter' },
      this.port,
      admin,
    );
    this.reporterKey = (key.body as { secret: string }).secret;
  }

  /** Has the administrator mint a read-only display key for a wall screen; returns its secret. */
  async createDisplayKey(name: string, source: string): Promise<string> {
    const admin = await this.login('admin');
    const key = await this.api('POST', '/api/keys', { name, source, role: 'display' }, this.port, admin);
    if (key.status !== 201) throw new Error(`minting a display key answered ${key.status}`);
    return (key.body as { secret: string }).secret;
  }

  /** Sends a JSON request, as the reporting key unless a Cookie header value is given, and returns the parsed answer. */
  async api(
    method: string,
    route: string,
    body?: unknown,
    port = this.port,
    cookie?: string,
  ): Promise<{ status: number; body: unknown }> {
    // A cookie is sent as the app's own page would send it: with the page's Origin.
    const credentials: Record<string, string> = cookie
      ? { cookie, origin: `http://127.0.0.1:${port}` }
      : { authorization: `Bearer ${this.reporterKey}` };
    const response = await fetch(`http://127.0.0.1:${port}${route}`, {
      method,
      headers: { ...credentials, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }
}
