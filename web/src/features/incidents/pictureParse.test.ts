import { describe, expect, it } from 'vitest';
import { makeIncident } from '../../test/fixtures.js';
import { parsePictureBytes } from './pictureParse.js';
import { requestPicture } from './requestPicture.js';

const bytesOf = (value: unknown): ArrayBuffer => new TextEncoder().encode(JSON.stringify(value)).buffer;

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
