// The picture's worker: parses and validates a picture of up to 50,000 incidents off the page's
// thread, where zod alone held it for 1.2-1.4 s. zod must not probe for eval here either (the
// CSP forbids it, see main.tsx), so jitless is set before zod loads, through a dynamic import.
const workerGlobal = globalThis as { __zod_globalConfig?: Record<string, unknown> };
workerGlobal.__zod_globalConfig = { ...workerGlobal.__zod_globalConfig, jitless: true };

const parsing = import('./pictureParse.js');

self.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
  void parsing.then(({ parsePictureBytes, pictureMessages }) => {
    // In parts: the page decodes each message in a task of its own (see PICTURE_PART_SIZE).
    for (const message of pictureMessages(parsePictureBytes(event.data))) self.postMessage(message);
  });
});
