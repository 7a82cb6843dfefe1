import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeIncident } from '../../test/fixtures.js';
import { PICTURE_PART_SIZE } from './pictureParse.js';
import { requestPicture } from './requestPicture.js';

/** The server's answer, as `fetch` gives it to the page. */
function answerWith(body: string): void {
  vi.spyOn(globalThis, 'fetch').mockImplementation(() =>
    Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('requestPicture in the browser', () => {
  it('parses the picture in a worker and gives it back whole', async () => {
    const incidents = [makeIncident(1), makeIncident(2, { severity: 5 })];
    answerWith(JSON.stringify({ seq: 12, incidents }));
    expect(await requestPicture('/api/incidents?scope=active')).toEqual({ seq: 12, incidents });
    // The worker's script was loaded: the parse ran there, not on the page.
    const scripts = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(scripts.some((name) => name.includes('picture.worker'))).toBe(true);
  });

  it('hands a large picture to the page in parts, each decoded in a task of its own', async () => {
    const incidents = Array.from({ length: PICTURE_PART_SIZE * 2 + 1 }, (_, i) => makeIncident(i + 1));
    answerWith(JSON.stringify({ seq: 40, incidents }));
    // Counts the messages the page's thread receives from the picture's worker.
    let messages = 0;
    const PageWorker = globalThis.Worker;
    vi.stubGlobal(
      'Worker',
      class extends PageWorker {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          this.addEventListener('message', () => {
            messages += 1;
          });
        }
      },
    );
    try {
      expect(await requestPicture('/api/incidents?scope=active')).toEqual({ seq: 40, incidents });
    } finally {
      vi.unstubAllGlobals();
    }
    // The head, then three parts.
    expect(messages).toBe(4);
  });

  it('rejects a picture that breaks the contract, naming the field', async () => {
    answerWith(
      JSON.stringify({ seq: 12, incidents: [makeIncident(1), { ...makeIncident(2), status: 'lost' }] }),
    );
    await expect(requestPicture('/api/incidents?scope=active')).rejects.toThrow(
      /Mirsad: the picture does not match the contract[\s\S]*incidents\[1\]\.status/,
    );
  });

  it('rejects an answer that is not JSON', async () => {
    answerWith('<html>proxy error</html>');
    await expect(requestPicture('/api/incidents?scope=active')).rejects.toThrow(
      /Mirsad: the picture is not JSON/,
    );
  });
});
