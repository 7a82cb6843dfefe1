#!/usr/bin/env node
// The two commands a newcomer runs, `npm start` and `npm test`, with nothing but Node 20 and
// npm: install what is missing, build what is stale, then run the server or every check.
// Node built-ins only: this runs before any dependency is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PNPM = ['-y', 'pnpm@12.4.2'];
const BIN = path.join(ROOT, 'node_modules', '.bin');
const STAMP = path.join(ROOT, 'node_modules', '.cache', 'mirsad-build.json');
const REPORTS = path.join(ROOT, 'node_modules', '.cache', 'mirsad-reports');

/** Inputs of the build: a change to any of these makes the build stale. */
const BUILD_INPUTS = ['pnpm-lock.yaml', 'tsconfig.base.json', 'shared', 'mock-data', 'server', 'web'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-types', 'public']);

function log(message) {
  console.log(`\x1b[36m[mirsad]\x1b[0m ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function mustRun(command, args, what, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n[mirsad] ${what} failed (exit ${status}).`);
    process.exit(status);
  }
}

function listFiles(entry, files = []) {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return files;
  const stat = fs.statSync(full);
  if (stat.isFile()) {
    files.push(entry);
    return files;
  }
  for (const child of fs.readdirSync(full, { withFileTypes: true })) {
    if (child.isDirectory() && (SKIP_DIRS.has(child.name) || child.name.startsWith('.'))) continue;
    if (
      child.isFile() &&
      (child.name.endsWith('.tsbuildinfo') ||
        child.name.endsWith('.test.ts') ||
        child.name.endsWith('.test.tsx'))
    )
      continue;
    listFiles(path.join(entry, child.name), files);
  }
  return files;
}

function hashOf(entries) {
  const hash = createHash('sha256');
  for (const file of entries.flatMap((entry) => listFiles(entry)).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function ensureInstalled() {
  const marker = path.join(ROOT, 'node_modules', '.modules.yaml');
  const lock = path.join(ROOT, 'pnpm-lock.yaml');
  const wanted = hashOf([
    'pnpm-lock.yaml',
    'pnpm-workspace.yaml',
    'package.json',
    ...['shared', 'mock-data', 'server', 'web', 'e2e'].map((p) => `${p}/package.json`),
  ]);
  const stampFile = path.join(ROOT, 'node_modules', '.cache', 'mirsad-install.txt');
  const isCurrent =
    fs.existsSync(marker) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === wanted;
  if (isCurrent) return;
  log('installing dependencies (pnpm 12.4.2; better-sqlite3 compiles from source, about a minute)…');
  const args = fs.existsSync(lock) ? ['install', '--frozen-lockfile'] : ['install'];
  mustRun('npx', [...PNPM, ...args], 'pnpm install');
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, wanted);
}

function ensureBuilt() {
  const wanted = hashOf(BUILD_INPUTS);
  const isCurrent =
    fs.existsSync(STAMP) &&
    JSON.parse(fs.readFileSync(STAMP, 'utf8')).hash === wanted &&
    fs.existsSync(path.join(ROOT, 'server', 'dist', 'main.js')) &&
    fs.existsSync(path.join(ROOT, 'web', 'dist', 'index.html'));
  if (isCurrent) {
    log('build is up to date');
    return;
  }
  log('building shared, mock-data and server (tsc)…');
  mustRun(path.join(BIN, 'tsc'), ['-b', 'shared', 'mock-data', 'server'], 'the server build');
  log('building the web app (vite)…');
  mustRun(
    path.join(ROOT, 'web', 'node_modules', '.bin', 'vite'),
    ['build', '--logLevel', 'warn'],
    'the web build',
    {
      cwd: path.join(ROOT, 'web'),
    },
  );
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, JSON.stringify({ hash: wanted, at: new Date().toISOString() }));
}

async function start() {
  ensureInstalled();
  ensureBuilt();
  // The server runs in this process, so Ctrl-C and SIGTERM reach its own handlers directly.
  await import(pathToFileURL(path.join(ROOT, 'server', 'dist', 'main.js')).href);
}

function readVitestReport(file) {
  if (!fs.existsSync(file)) return null;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.numRuntimeErrorTests ?? 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function test() {
  ensureInstalled();
  ensureBuilt();
  fs.rmSync(REPORTS, { recursive: true, force: true });
  fs.mkdirSync(REPORTS, { recursive: true });
  const steps = [
    ['typecheck', path.join(BIN, 'tsc'), ['-b', 'shared', 'mock-data', 'server', 'web', 'e2e']],
    ['lint', path.join(BIN, 'eslint'), ['--config', '.config/eslint.config.mjs', '--max-warnings', '0', '.']],
    ['format', path.join(BIN, 'prettier'), ['--check', '--log-level', 'warn', '.']],
    [
      'unit and integration tests',
      path.join(BIN, 'vitest'),
      [
        'run',
        '--config',
        '.config/vitest.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${path.join(REPORTS, 'unit.json')}`,
      ],
    ],
    [
      'component tests in Chromium',
      path.join(BIN, 'vitest'),
      [
        'run',
        '--config',
        'web/vitest.browser.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${path.join(REPORTS, 'components.json')}`,
      ],
    ],
    [
      'browser tests',
      path.join(BIN, 'vitest'),
      [
        'run',
        '--config',
        'e2e/vitest.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${path.join(REPORTS, 'e2e.json')}`,
      ],
    ],
  ];
  const failedSteps = [];
  for (const [name, command, args] of steps) {
    log(`${name}…`);
    const started = Date.now();
    const status = run(command, args);
    log(
      `${name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (status !== 0) failedSteps.push(name);
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of ['unit.json', 'components.json', 'e2e.json']) {
    const counts = readVitestReport(path.join(REPORTS, file));
    if (!counts) continue;
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  }
  // A failed step that ran no test (typecheck, lint) still counts as a failure.
  const failed = totals.failed + (failedSteps.length > 0 && totals.failed === 0 ? failedSteps.length : 0);
  console.log('');
  if (failedSteps.length > 0) console.log(`failed steps: ${failedSteps.join(', ')}`);
  console.log(`tests: ${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
  process.exit(failedSteps.length > 0 || totals.passed === 0 ? 1 : 0);
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'test') test();
else if (command === 'build') {
  ensureInstalled();
  ensureBuilt();
} else {
  console.error('usage: node .scripts/mirsad.mjs start|test|build');
  process.exit(2);
}
