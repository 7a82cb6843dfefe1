// The page's main-thread work per frame, from a Chromium trace (CDP's Tracing domain), for the
// benchmarks: requestAnimationFrame intervals say how often the page showed a frame, not whose
// work held it. Under SwiftShader a frame can wait on the GPU process drawing WebGL on the CPU
// while the page's own thread is idle; the trace tells the two apart.
import type { CDPSession } from 'playwright-core';

/**
 * Trace categories: every thread's tasks (`toplevel`) and the frames (`…timeline.frame`), no
 * more: what ran inside the tasks (`devtools.timeline`) or JS sampling would add their own work
 * to what is measured (the CPU profile of `--profile` says what the tasks were).
 */
const CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline.frame'];

/**
 * With `gpuDetail`, also the GPU process's own categories: what its main thread's tasks ran
 * (WebGL commands of the map's canvas, raster of the page's layers, drawing the compositor's
 * frames), summed by name. It adds to the GPU side's work, so runs compare only with each other.
 */
const GPU_CATEGORIES = ['gpu', 'viz'];

/**
 * With `mainDetail`, also what the page's main thread ran inside its frame tasks (script,
 * style, layout, paint, the map's animation-frame callbacks), summed by name. It costs the
 * page a little, so such runs compare only with each other.
 */
const MAIN_CATEGORIES = ['devtools.timeline'];

/** Chromium's name for a thread's task in the `toplevel` category (older builds: `RunTask`). */
const TASK_NAMES: ReadonlySet<string> = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** One event of Chromium's trace event format, as much of it as is read here. */
interface TraceEvent {
  pid: number;
  tid: number;
  /** Start, in µs. */
  ts: number;
  /** Duration of a complete ('X') event, in µs. */
  dur?: number;
  ph: string;
  name: string;
  args?: { name?: string; data?: { frames?: { processId?: number; url?: string }[] } };
}

/** What one traced window shows; durations in ms. */
export interface FrameWork {
  /** How long the window lasted, in ms. */
  windowMs: number;
  /** The page's main-thread frames (BeginMainThreadFrame) in the window. */
  frames: number;
  /**
   * The main thread's frame tasks, in ms: each the task that began a frame (BeginMainThreadFrame)
   * and ran its rendering (animation-frame callbacks, style, layout, paint, commit to the
   * compositor), which with a GPU is what holds a frame on the page's side.
   */
  frameTasks: number[];
  /** Main-thread task time between one frame's start and the next's, per frame, in ms: all the page's work, whatever it waited on. */
  workPerFrame: number[];
  /** The main thread's other tasks (events, socket messages, the map worker's answers), in ms. */
  otherTasks: number[];
  /** The main thread's longest task, in ms. */
  longestTaskMs: number;
  /** Share of the window the main thread was running tasks, 0–1. */
  mainBusy: number;
  /** Compositor frames the page's compositor drew (DrawFrame), the GPU side's pace. */
  drawnFrames: number;
  /** Share of the window the GPU process's main thread (WebGL and SwiftShader's raster) was busy, 0–1. */
  gpuBusy: number | null;
  /** Share of the window the display compositor (Viz) was busy, 0–1. */
  vizBusy: number | null;
  /** With `gpuDetail`: the GPU main thread's time in ms by what its tasks ran (their first level), most first. */
  gpuWork: [string, number][] | null;
  /** With `mainDetail`: the page's main-thread time in ms by what its frame tasks ran (their first level), most first. */
  frameWork: [string, number][] | null;
}

/** Starts tracing on the page's session; `stop` ends it and sums it up. */
export async function startFrameTrace(
  cdp: CDPSession,
  gpuDetail = false,
  mainDetail = false,
): Promise<{ stop: () => Promise<FrameWork | null> }> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: [
        ...CATEGORIES,
        ...(gpuDetail ? GPU_CATEGORIES : []),
        ...(mainDetail ? MAIN_CATEGORIES : []),
      ],
      excludedCategories: ['*'],
    },
  });
  return {
    stop: async () => {
      const done = new Promise<string | undefined>((resolve) => {
        cdp.once('Tracing.tracingComplete', (event) => {
          resolve(event.stream);
        });
      });
      await cdp.send('Tracing.end');
      const stream = await done;
      if (stream === undefined) return null;
      let text = '';
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle: stream, size: 4 * 1_048_576 });
        text += chunk.base64Encoded === true ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle: stream });
      const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
      return summarize(Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []), gpuDetail, mainDetail);
    },
  };
}

/** Merged [start, end] spans of a thread's top-level tasks (a nested task is inside its parent's). */
function taskSpans(events: readonly TraceEvent[], pid: number, tid: number): [number, number][] {
  const tasks = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && TASK_NAMES.has(e.name))
    .map((e): [number, number] => [e.ts, e.ts + (e.dur ?? 0)])
    .sort((a, b) => a[0] - b[0]);
  const spans: [number, number][] = [];
  for (const [start, end] of tasks) {
    const last = spans.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  }
  return spans;
}

const busyShare = (spans: readonly [number, number][], from: number, to: number): number =>
  spans.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, to) - Math.max(start, from)), 0) /
  Math.max(1, to - from);

/** The (pid, tid) of each thread by its name and its process's name. */
function threads(
  events: readonly TraceEvent[],
): { pid: number; tid: number; thread: string; process: string }[] {
  const processNames = new Map<number, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'process_name') processNames.set(e.pid, e.args?.name ?? '');
  return events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name')
    .map((e) => ({
      pid: e.pid,
      tid: e.tid,
      thread: e.args?.name ?? '',
      process: processNames.get(e.pid) ?? '',
    }));
}

/** Events that only wrap the work a GPU task does (its scheduler's own task): looked through. */
const WRAPPERS: ReadonlySet<string> = new Set(['Scheduler::RunTask', 'GpuChannel::ExecuteDeferredRequest']);

/** Time by name of the outermost events inside a thread's tasks (through WRAPPERS), in ms, most first. */
function firstLevelWork(events: readonly TraceEvent[], pid: number, tid: number): [string, number][] {
  const own = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byName = new Map<string, number>();
  // The events open at the current one, outermost first: only tasks and wrappers above it
  // make it a first-level event.
  const open: { end: number; isThrough: boolean }[] = [];
  for (const e of own) {
    while (open.length > 0 && (open.at(-1)?.end ?? 0) <= e.ts) open.pop();
    const isThrough = TASK_NAMES.has(e.name) || WRAPPERS.has(e.name);
    if (!isThrough && open.length > 0 && open.every((o) => o.isThrough))
      byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1_000);
    open.push({ end: e.ts + (e.dur ?? 0), isThrough });
  }
  return [...byName].sort((a, b) => b[1] - a[1]);
}

function summarize(events: readonly TraceEvent[], gpuDetail = false, mainDetail = false): FrameWork | null {
  const all = threads(events);
  const frameStarts = (pid: number, tid: number): number[] =>
    events
      .filter((e) => e.pid === pid && e.tid === tid && e.name === 'BeginMainThreadFrame')
      .map((e) => e.ts)
      .sort((a, b) => a - b);
  // The page's renderer: the main thread that began the most frames (one page is open at a time).
  const main = all
    .filter((t) => t.thread === 'CrRendererMain')
    .map((t) => ({ ...t, starts: frameStarts(t.pid, t.tid) }))
    .sort((a, b) => b.starts.length - a.starts.length)[0];
  if (!main) return null;
  // A loop, not Math.min(...): a trace holds more events than a call takes arguments.
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.ph === 'M' || e.ts <= 0) continue;
    from = Math.min(from, e.ts);
    to = Math.max(to, e.ts + (e.dur ?? 0));
  }
  const spans = taskSpans(events, main.pid, main.tid);
  const workPerFrame: number[] = [];
  let at = 0;
  for (let k = 0; k + 1 < main.starts.length; k += 1) {
    const start = main.starts[k] ?? 0;
    const end = main.starts[k + 1] ?? 0;
    while (at < spans.length && (spans[at]?.[1] ?? 0) <= start) at += 1;
    let work = 0;
    for (let s = at; s < spans.length && (spans[s]?.[0] ?? end) < end; s += 1) {
      const [spanStart, spanEnd] = spans[s] ?? [0, 0];
      work += Math.min(spanEnd, end) - Math.max(spanStart, start);
    }
    workPerFrame.push(work / 1_000);
  }
  // Each frame's own task: the top-level span its BeginMainThreadFrame falls in.
  const frameSpans = new Set<number>();
  let s = 0;
  for (const start of main.starts) {
    while (s < spans.length && (spans[s]?.[1] ?? 0) < start) s += 1;
    if ((spans[s]?.[0] ?? Number.POSITIVE_INFINITY) <= start) frameSpans.add(s);
  }
  const lengthOf = (index: number): number => ((spans[index]?.[1] ?? 0) - (spans[index]?.[0] ?? 0)) / 1_000;
  const busyOf = (process: string, thread: string): number | null => {
    const found = all.filter((t) => t.process === process && t.thread === thread);
    if (found.length === 0) return null;
    return Math.max(...found.map((t) => busyShare(taskSpans(events, t.pid, t.tid), from, to)));
  };
  return {
    windowMs: (to - from) / 1_000,
    frames: main.starts.length,
    frameTasks: [...frameSpans].map(lengthOf),
    workPerFrame,
    otherTasks: spans
      .map((_, index) => index)
      .filter((index) => !frameSpans.has(index))
      .map(lengthOf),
    longestTaskMs: spans.reduce((longest, [start, end]) => Math.max(longest, end - start), 0) / 1_000,
    mainBusy: busyShare(spans, from, to),
    drawnFrames: events.filter((e) => e.pid === main.pid && e.name === 'DrawFrame' && e.ph !== 'e').length,
    gpuBusy: busyOf('GPU Process', 'CrGpuMain'),
    vizBusy: busyOf('GPU Process', 'VizCompositorThread'),
    gpuWork: (() => {
      const gpu = all.find((t) => t.process === 'GPU Process' && t.thread === 'CrGpuMain');
      return gpuDetail && gpu ? firstLevelWork(events, gpu.pid, gpu.tid) : null;
    })(),
    frameWork: (() => {
      if (!mainDetail) return null;
      const inFrames = [...frameSpans].map((index): [number, number] => spans[index] ?? [0, 0]);
      const isInFrame = (e: TraceEvent): boolean =>
        inFrames.some(([start, end]) => e.ts >= start && e.ts < end);
      return firstLevelWork(
        events.filter((e) => e.pid === main.pid && e.tid === main.tid && isInFrame(e)),
        main.pid,
        main.tid,
      );
    })(),
  };
}
