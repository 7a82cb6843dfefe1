// Starting a worker thread of the server: where its entry is, and the Node options it takes.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A worker's entry (`relative` to the module `from`). From the build it lies beside that module; under vitest it is the
 * TypeScript source and the worker runs the build of the same code (the test setup builds
 * the server first, so the two never differ).
 */
export function workerEntry(relative: string, from: string): URL {
  const beside = new URL(relative, from);
  if (fs.existsSync(fileURLToPath(beside))) return beside;
  const built = new URL(beside.href.replace('/server/src/', '/server/dist/'));
  if (fs.existsSync(fileURLToPath(built))) return built;
  throw new Error(`the worker ${fileURLToPath(built)} is missing: build the server first (npm run build)`);
}

/**
 * The parent's Node options without its export conditions: under vitest the parent resolves
 * workspace packages to their TypeScript (`--conditions source`), which a worker cannot run.
 */
export function workerExecArgv(): string[] {
  const argv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i] ?? '';
    if (arg === '--conditions' || arg === '-C') i += 1;
    else if (!arg.startsWith('--conditions=')) argv.push(arg);
  }
  return argv;
}
