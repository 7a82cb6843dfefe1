import type { IncidentList } from '@mirsad/shared';
import { requestBytes } from '../../api/http.js';
import { parsePictureBytes, type PictureMessage, type PictureParse } from './pictureParse.js';

/**
 * Asks for the active picture (`GET /api/incidents?scope=active`) and has it parsed and
 * validated against the shared schema in a worker, whose answer comes back as structured
 * clones in parts (see PICTURE_PART_SIZE): at 50,000 incidents zod held the page's thread for
 * over a second, and MapLibre, the list and the socket all wait on that thread. A picture that is not JSON or breaks the contract
 * throws, naming what is wrong. Without workers (unit tests in Node) it is parsed here.
 */
export async function requestPicture(path: string, signal?: AbortSignal): Promise<IncidentList> {
  // Started before the request, so that its code loads while the answer is on its way.
  const worker =
    typeof Worker === 'undefined'
      ? null
      : new Worker(new URL('./picture.worker.ts', import.meta.url), { type: 'module', name: 'picture' });
  try {
    const bytes = await requestBytes(path, signal ? { signal } : {});
    const parsed = worker ? await parseIn(worker, bytes, signal) : parsePictureBytes(bytes);
    if ('error' in parsed) throw new Error(`Mirsad: ${parsed.error}`);
    return parsed.list;
  } finally {
    worker?.terminate();
  }
}

function parseIn(worker: Worker, bytes: ArrayBuffer, signal?: AbortSignal): Promise<PictureParse> {
  return new Promise((resolve, reject) => {
    let head: Extract<PictureMessage, { kind: 'head' }> | null = null;
    const incidents: IncidentList['incidents'] = [];
    let parts = 0;
    worker.addEventListener('message', (event: MessageEvent<PictureMessage>) => {
      const message = event.data;
      if (message.kind === 'error') resolve({ error: message.error });
      else if (message.kind === 'head') head = message;
      else {
        for (const incident of message.incidents) incidents.push(incident);
        parts += 1;
      }
      // The worker posts in order: the head, then every part.
      if (head && parts === head.parts) resolve({ list: { ...head.head, incidents } });
    });
    worker.addEventListener('error', (event) => {
      reject(new Error(`Mirsad: the picture's worker failed: ${event.message}`));
    });
    signal?.addEventListener('abort', () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
    // The bytes are handed over, not copied.
    worker.postMessage(bytes, [bytes]);
  });
}
