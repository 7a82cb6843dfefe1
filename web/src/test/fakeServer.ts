import { vi } from 'vitest';

/** One answer of the fake API: a status and a JSON body. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

/** A request the component sent, as the server would have read it. */
export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

/**
 * Stands in for the Mirsad API at the browser's `fetch`, so a component test sees exactly the
 * requests a component sends (method, path, JSON body) and answers them as the server would.
 * Everything not answered is a 404 in the API's error shape.
 */
export function fakeApi(answer: (request: SentRequest) => FakeAnswer | undefined): { sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  vi.spyOn(window, 'fetch').mockImplementation((input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    const request: SentRequest = {
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null,
    };
    sent.push(request);
    const reply = answer(request) ?? {
      status: 404,
      body: { error: 'not_found', message: `no route ${request.method} ${request.path}`, statusCode: 404 },
    };
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  });
  return { sent };
}
