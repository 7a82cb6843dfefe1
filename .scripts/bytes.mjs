#!/usr/bin/env node
// First-load bytes per page of the built web app (web/dist), from Vite's manifest: the script
// a browser must fetch before a page can draw (the entry and the page's chunk with everything
// they import statically), then what it fetches on demand afterwards (the map, the charts), raw
// and gzip. Node built-ins only; run `npm run build` first. Usage: npm run bytes [-- --json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'web', 'dist');
const MANIFEST = path.join(DIST, '.vite', 'manifest.json');

/**
 * The entry (main.tsx) loads one of two apps: the public page's (`/public`) or everyone
 * else's. A page of one never fetches the other, so neither counts in the other's bytes.
 */
const PUBLIC_START = 'src/features/public-page/start.tsx';
const APP_START = 'src/start.tsx';

/**
 * The public page's budget, bytes of script before it can draw (issue 16): React and the page,
 * nothing of the room. A phone on a weak network must get the warnings first.
 */
const PUBLIC_FIRST_LOAD_BUDGET_BYTES = 450_000;

/** The pages and the module each one loads (see web/src/app/router.tsx). Login is the entry alone. */
const PAGES = [
  ['/public', PUBLIC_START],
  ['/ (sign-in)', null],
  ['/ (room)', 'src/app/RoomView.tsx'],
  ['/wall', 'src/features/wall/WallView.tsx'],
  ['/review', 'src/features/review/ReviewView.tsx'],
  ['/review/report', 'src/features/review/ReportView.tsx'],
  ['/training', 'src/features/training/TrainingView.tsx'],
];

/** The wall must stay under this much script on its first load, bytes (issue 12). */
const WALL_FIRST_LOAD_BUDGET_BYTES = 1_400_000;

if (!fs.existsSync(MANIFEST)) {
  console.error(`no ${path.relative(ROOT, MANIFEST)}: build the web app first (npm run build)`);
  process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const pageKeys = new Set(PAGES.map(([, key]) => key).filter(Boolean));

/** Every chunk `keys` import statically, themselves included. */
function staticClosure(keys, into = new Set()) {
  for (const key of keys) {
    if (into.has(key) || !manifest[key]) continue;
    into.add(key);
    staticClosure(manifest[key].imports ?? [], into);
  }
  return into;
}

/** What those chunks import on demand (never another page), with its own static imports. */
function lazyClosure(loaded, otherApp) {
  const lazy = new Set();
  let frontier = [...loaded];
  while (frontier.length > 0) {
    const next = frontier
      .flatMap((key) => manifest[key]?.dynamicImports ?? [])
      .filter((key) => key !== otherApp && !pageKeys.has(key) && !loaded.has(key) && !lazy.has(key));
    const added = [...staticClosure(next)].filter((key) => !loaded.has(key) && !lazy.has(key));
    for (const key of added) lazy.add(key);
    frontier = added;
  }
  return lazy;
}

const sizeCache = new Map();
function sizes(file) {
  let size = sizeCache.get(file);
  if (!size) {
    const content = fs.readFileSync(path.join(DIST, file));
    size = {
      raw: content.length,
      gzip: gzipSync(content, { level: 9 }).length,
      text: content.toString('latin1'),
    };
    sizeCache.set(file, size);
  }
  return size;
}

function total(files) {
  return [...files].reduce(
    (sum, file) => {
      const size = sizes(file);
      return { raw: sum.raw + size.raw, gzip: sum.gzip + size.gzip };
    },
    { raw: 0, gzip: 0 },
  );
}

const scriptsOf = (keys) => new Set([...keys].map((key) => manifest[key].file));
const cssOf = (keys) => new Set([...keys].flatMap((key) => manifest[key].css ?? []));
// recharts draws with class names such as `recharts-surface`: their presence means the charts' code.
const hasCharts = (files) => [...files].some((file) => sizes(file).text.includes('recharts-'));
// socket.io-client names the reason of a server-side disconnect with this string.
const hasSocket = (files) => [...files].some((file) => sizes(file).text.includes('io server disconnect'));

const rows = PAGES.map(([page, key]) => {
  const first = staticClosure(key ? [entryKey, key] : [entryKey]);
  const later = lazyClosure(first, key === PUBLIC_START ? APP_START : PUBLIC_START);
  const firstScripts = scriptsOf(first);
  const laterScripts = new Set([...scriptsOf(later)].filter((file) => !firstScripts.has(file)));
  const workers = [...first, ...later].flatMap((k) =>
    (manifest[k].assets ?? []).filter((a) => a.endsWith('.mjs')),
  );
  return {
    page,
    firstLoad: total(firstScripts),
    onDemand: total(laterScripts),
    worker: total(new Set(workers)),
    css: total(cssOf(new Set([...first, ...later]))),
    hasChartsFirst: hasCharts(firstScripts),
    hasSocket: hasSocket(new Set([...firstScripts, ...laterScripts])),
    hasRoomCode: [...first, ...later].some((k) => k === APP_START || (k !== key && pageKeys.has(k))),
    hasChartsAtAll: hasCharts(new Set([...firstScripts, ...laterScripts])),
  };
});

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const header = [
    'page',
    'first load (raw)',
    'gzip',
    'then on demand (raw)',
    'gzip',
    'map worker',
    'CSS',
    'charts',
  ];
  const table = rows.map((row) => [
    row.page,
    kb(row.firstLoad.raw),
    kb(row.firstLoad.gzip),
    kb(row.onDemand.raw),
    kb(row.onDemand.gzip),
    kb(row.worker.raw),
    kb(row.css.raw),
    row.hasChartsFirst ? 'first load' : row.hasChartsAtAll ? 'on demand' : 'never',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...table.map((cells) => cells[i].length)));
  const line = (cells) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
  for (const cells of table) console.log(line(cells));
}

const publicPage = rows.find((row) => row.page === '/public');
if (
  publicPage &&
  (publicPage.firstLoad.raw > PUBLIC_FIRST_LOAD_BUDGET_BYTES ||
    publicPage.hasChartsAtAll ||
    publicPage.hasSocket ||
    publicPage.hasRoomCode)
) {
  console.error(
    `the public page is over budget (${publicPage.firstLoad.raw} > ${PUBLIC_FIRST_LOAD_BUDGET_BYTES} bytes) or loads charts, the socket or the room's code`,
  );
  process.exit(1);
}

const wall = rows.find((row) => row.page === '/wall');
if (wall && (wall.firstLoad.raw > WALL_FIRST_LOAD_BUDGET_BYTES || wall.hasChartsAtAll)) {
  console.error(
    `the wall's first load is over budget (${wall.firstLoad.raw} > ${WALL_FIRST_LOAD_BUDGET_BYTES} bytes) or loads charting code`,
  );
  process.exit(1);
}
