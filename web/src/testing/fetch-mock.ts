// A fetch stand-in for unit tests: routes "METHOD /path" to handlers and records every call.
export type MockCall = {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: unknown;
};
export type MockReply = { status?: number; body?: unknown; contentType?: string };
type Handler = (call: MockCall) => MockReply | Promise<MockReply>;

export function mockFetch(routes: Record<string, Handler | MockReply>) {
  const calls: MockCall[] = [];
  const fetchMock = jest.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const raw = typeof init.body === 'string' ? init.body : undefined;
    const call: MockCall = {
      method,
      path: url.pathname,
      search: url.search,
      headers: (init.headers ?? {}) as Record<string, string>,
      body: raw === undefined ? undefined : parseBody(raw),
    };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    if (!route) throw new Error(`no mock for ${method} ${url.pathname}`);
    const reply = typeof route === 'function' ? await route(call) : route;
    return response(reply);
  });
  (globalThis as { fetch: unknown }).fetch = fetchMock;
  return { calls, fetchMock };
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

function response({ status = 200, body = null }: MockReply) {
  const text = body === null ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    text: async () => text,
    json: async () => JSON.parse(text),
  };
}

export function problem(status: number, detail: string, field?: string) {
  return {
    status,
    body: {
      type: 'about:blank',
      title: 'Unprocessable',
      status,
      detail,
      field,
      request_id: 'req-1',
    },
  };
}
