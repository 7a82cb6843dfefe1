import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../test/fixtures.js';
import { parsePictureBytes, PICTURE_PART_SIZE, pictureMessages } from './pictureParse.js';
import { requestPicture } from './requestPicture.js';

const bytesOf = (value: unknown): ArrayBuffer => new TextEncoder().encode(JSON.stringify(value)).buffer;

describe('pictureMessages', () => {
  it('sends the picture as its head, then its incidents in order in parts of at most PICTURE_PART_SIZE', () => {
    const incidents = Array.from({ length: PICTURE_PART_SIZE * 2 + 3 }, (_, i) => makeIncident(i + 1));
    const messages = pictureMessages({ list: { seq: 9, incidents } });
    expect(messages[0]).toEqual({ kind: 'head', head: { seq: 9 }, parts: 3 });
    const parts = messages.slice(1).map((message) => (message.kind === 'part' ? message.incidents : []));
    expect(parts.map((part) => part.length)).toEqual([PICTURE_PART_SIZE, PICTURE_PART_SIZE, 3]);
    expect(parts.flat()).toEqual(incidents);
  });

  it('sends an empty picture as its head alone, and an error as itself', () => {
    expect(pictureMessages({ list: { seq: 0, incidents: [] } })).toEqual([
      { kind: 'head', head: { seq: 0 }, parts: 0 },
    ]);
    expect(pictureMessages({ error: 'no' })).toEqual([{ kind: 'error', error: 'no' }]);
  });
});

describe('parsePictureBytes', () => {
  it('gives the picture as the shared schema parses it', () => {
    const incidents = [makeIncident(1), makeIncident(2)];
    expect(parsePictureBytes(bytesOf({ seq: 7, incidents }))).toEqual({ list: { seq: 7, incidents } });
  });

  it('says when the answer is not JSON', () => {
    const parsed = parsePictureBytes(new TextEncoder().encode('{"seq": 7, "incid').buffer);
    expect(parsed).toEqual({ error: expect.stringMatching(/^the picture is not JSON/) as unknown });
  });

  it('names the field of an incident that breaks the contract', () => {
    const broken = { ...makeIncident(2), severity: 9 };
    const parsed = parsePictureBytes(bytesOf({ seq: 7, incidents: [makeIncident(1), broken] }));
    expect('error' in parsed && parsed.error).toMatch(
      /does not match the contract[\s\S]*incidents\[1\]\.severity/,
    );
  });
});

describe('requestPicture', () => {
  it('throws a clear error for a malformed picture, parsed on the page where there are no workers', async () => {
    const server =
      (body: string): typeof fetch =>
      () =>
        Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
    const original = globalThis.fetch;
    try {
      globalThis.fetch = server(JSON.stringify({ seq: 1, incidents: [{ id: 'not-an-incident' }] }));
      await expect(requestPicture('/api/incidents?scope=active')).rejects.toThrow(
        /Mirsad: the picture does not match the contract/,
      );
    } finally {
      globalThis.fetch = original;
    }
  });
});
