/**
 * The Journeys API (contract version 2), played by the catalogue itself: no
 * server runs behind Storybook, locally or in CI.
 *
 * A docs page renders every story of an element in one iframe, so a fetch
 * stub per story would answer for its neighbours too. Instead each story
 * gets an address of its own, a base domain (`https://<name>.story.invalid`)
 * or, for the invite form and `settings-src`, a same-origin route
 * (`/story-api/<name>`), mapped to its scenario; one router, installed once
 * by `.storybook/preview.ts`, answers every request by that address. `.invalid`
 * never resolves (RFC 2606), so a request that escaped the router would fail
 * rather than reach someone's server.
 *
 * The router also holds the browser to the contract's request rules: JSON
 * `POST`s (a `GET` only for `settings-src`), no header but `Accept` and
 * `Content-Type`, and `Authorization: Bearer` on `change-password` only.
 * Anything else is reported as a console error, which fails the catalogue
 * check.
 */

/** One answer of the service. */
export interface Reply {
  status: number;
  /** Sent as JSON; none for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** `never`: the request stays unanswered (until the element gives up on it); `network-failure`: fetch rejects. */
export type Answer = Reply | 'never' | 'network-failure';

/** What a scenario sees of a request, to answer a journey's steps differently. */
export interface StoryRequest {
  method: string;
  /** The path on the story's base domain, e.g. `/idp/v1/account/register`. */
  path: string;
  /** The parsed JSON body; undefined for a GET. */
  body: Record<string, unknown> | undefined;
  /** The `Authorization` header: sent with `change-password` only, as `Bearer <access token>`. */
  authorization?: string | undefined;
}

export type Scenario = Answer | ((request: StoryRequest) => Answer);

const SERVICE_SUFFIX = '.story.invalid';
const ACTION_PREFIX = '/story-api/';

const services = new Map<string, Scenario>();
const actions = new Map<string, Scenario>();

/** A base domain of the story's own, `https://<name>.story.invalid`: requests to it get `scenario`'s answers. */
export function storyService(name: string, scenario: Scenario): string {
  const host = `${name}${SERVICE_SUFFIX}`;
  services.set(host, scenario);
  return `https://${host}`;
}

/** A same-origin route of the story's own (the invite form's `action`, a `settings-src`), answered by `scenario`. */
export function storyAction(name: string, scenario: Scenario): string {
  const path = `${ACTION_PREFIX}${name}`;
  actions.set(path, scenario);
  return path;
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({
  status,
  ...(body !== undefined ? { body } : {}),
  ...(headers ? { headers } : {}),
});

/**
 * Answers in turn, the last one from then on: a journey that sends the same
 * request twice ("send the link again"). Give the story `beforeEach:
 * scenario.restart`, so that every render of it starts from the first answer.
 */
export function inTurn(...answers: [Answer, ...Answer[]]): ((request: StoryRequest) => Answer) & { restart(): void } {
  let sent = 0;
  const scenario = () => answers[Math.min(sent++, answers.length - 1)]!;
  return Object.assign(scenario, {
    restart: () => {
      sent = 0;
    },
  });
}

/** A `request-timeout` for stories whose reply never comes: the element's own timeout must not end them either. */
export const NO_TIMEOUT = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------
// The service's answers (contract section 2), in the vendor's shapes
// ---------------------------------------------------------------------------

/** 422 `invalid_form_fields`: user input refused, messages by field, in the service's English. */
export const formFieldErrors = (details: Record<string, string[] | string>) =>
  reply(422, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: details });

/** 422 `invalid_parameters`: the integration is wrong (a parameter missing, invalid or not expected). */
export const invalidParameters = (details: Record<string, unknown>) => reply(422, { error: 'invalid_parameters', error_details: details });

/** 403: the service does not know the `client_id`. */
export const forbidden = reply(403, { error: 'http_exception', error_description: 'Forbidden' });

/** 401: a refused code, or change-password's refused access token. */
export const unauthorized = reply(401, { error: 'http_exception', error_description: 'Unauthorized' });

/** 503: the service is down. */
export const serviceUnavailable = reply(503, { error: 'service_unavailable', error_description: 'The service is unavailable.' });

/** 429 (not documented by the vendor, handled defensively) whose countdown is still running when the story is looked at. */
export const rateLimited = (seconds: number) => reply(429, { error: 'too_many_requests' }, { 'Retry-After': String(seconds) });

// ---------------------------------------------------------------------------
// The Journeys API by path
// ---------------------------------------------------------------------------

/** The documented calls the elements make from the browser (contract sections 3-5). */
export const paths = {
  register: '/idp/v1/account/register',
  resendVerification: '/idp/v1/account/resend-verification',
  forgotPassword: '/idp/v1/account/forgot-password',
  token: '/idp/v1/account/token',
  changePassword: '/idp/v1/account/change-password',
} as const;

export type Route = keyof typeof paths;

/** The access token the stories' token call hands out, and the one their change-password accepts. */
export const ACCESS_TOKEN = 'storybook-access-token';

/** 200 `{ uuid }`: the account was created and a verification message sent. */
export const created = reply(200, { uuid: '00000000-0000-4000-8000-000000000000' });
/** 200 `{ message }`: the address is already registered (the element shows the same as for `created`). */
export const alreadyRegistered = reply(200, { message: 'An email has been sent to the address on record' });
/** 200 `{ authorization_code }`: a client without passwords. */
export const authorizationCode = reply(200, { authorization_code: 'storybook-authorization-code' });
/** 200 from the token call: the account is verified (a PIN), or the reset code is exchanged. */
export const tokens = reply(200, {
  access_token: ACCESS_TOKEN,
  refresh_token: 'storybook-refresh-token',
  id_token: 'storybook-id-token',
  token_type: 'Bearer',
  expires_in: 300,
});

/** change-password as the service does it: 200 `{}` with the access token of the token call, else 401. */
const changePassword = ({ authorization }: StoryRequest): Answer => (authorization === `Bearer ${ACCESS_TOKEN}` ? reply(200, {}) : unauthorized);

/** What each documented call answers when a story does not say otherwise: its success. */
const successes: Record<Route, Scenario> = {
  register: created,
  resendVerification: reply(200, {}),
  forgotPassword: reply(200, {}),
  token: tokens,
  changePassword,
};

/**
 * The service of one story, answering by path: each call its success unless
 * `answers` gives it another scenario. A path outside the contract is a
 * mistake (a console error, so the catalogue check fails) and fails like an
 * unreachable server.
 */
export function journeysApi(answers: Partial<Record<Route, Scenario>> = {}): (request: StoryRequest) => Answer {
  const scenarios: Record<Route, Scenario> = { ...successes, ...answers };
  const byPath = new Map<string, Scenario>((Object.keys(paths) as Route[]).map((route) => [paths[route], scenarios[route]]));
  return (request) => {
    const scenario = byPath.get(request.path);
    if (scenario === undefined || request.method !== 'POST') {
      console.error(`story service: the Journeys API has no ${request.method} ${request.path}`);
      return 'network-failure';
    }
    return typeof scenario === 'function' ? scenario(request) : scenario;
  };
}

// ---------------------------------------------------------------------------
// The router
// ---------------------------------------------------------------------------

/** Where a story address's scenario is registered, or undefined for any other address. */
function storyAddress(url: URL): { scenarios: Map<string, Scenario>; key: string } | undefined {
  if (url.hostname.endsWith(SERVICE_SUFFIX)) return { scenarios: services, key: url.hostname };
  if (url.origin === location.origin && url.pathname.startsWith(ACTION_PREFIX)) return { scenarios: actions, key: url.pathname };
  return undefined;
}

/** Headers the browser may send (contract section 1): no `Idempotency-Key`, no credentials but change-password's Bearer. */
const ALLOWED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** What breaks the contract's request rules, if anything. */
function requestProblem(request: Request, url: URL): string | undefined {
  const unexpected = [...request.headers.keys()].filter((name) => !ALLOWED_HEADERS.has(name));
  if (unexpected.length) return `unexpected header(s) ${unexpected.join(', ')}`;
  const authorization = request.headers.get('Authorization');
  if (authorization !== null && !(url.pathname.endsWith(paths.changePassword) && /^Bearer \S+$/.test(authorization))) {
    return 'an Authorization header (the browser sends one only with change-password, as Bearer)';
  }
  if (request.method === 'POST' && !/^application\/json\b/.test(request.headers.get('Content-Type') ?? '')) return 'a body that is not JSON';
  if (request.method !== 'POST' && request.method !== 'GET') return `method ${request.method}`;
  if ([...url.searchParams.keys()].some((key) => key !== 'env_id')) return 'form data in the URL';
  return undefined;
}

/** Pending until the caller aborts (the element's timeout, or the story being left). */
function unanswered(signal: AbortSignal | null): Promise<Response> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

async function respond(request: Request, scenario: Scenario): Promise<Response> {
  const url = new URL(request.url);
  const text = request.method === 'GET' ? '' : await request.text();
  const authorization = request.headers.get('Authorization') ?? undefined;
  const answer =
    typeof scenario === 'function'
      ? scenario({
          method: request.method,
          path: url.pathname,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
          ...(authorization !== undefined ? { authorization } : {}),
        })
      : scenario;
  if (answer === 'never') return unanswered(request.signal);
  if (answer === 'network-failure') throw new TypeError('Failed to fetch');
  const body = answer.body === undefined ? null : JSON.stringify(answer.body);
  return new Response(body, { status: answer.status, headers: { 'Content-Type': 'application/json', ...answer.headers } });
}

/**
 * Puts the router in front of `fetch`. Requests to other addresses (Storybook's
 * own) go through unchanged; a story address without a scenario, or a request
 * that breaks the contract's rules, is a mistake in a story or an element,
 * reported as a console error so that the catalogue check fails.
 */
export function installStoryService(): void {
  const passThrough = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const address = storyAddress(url);
    if (!address) return passThrough(input, init);
    const scenario = address.scenarios.get(address.key);
    if (scenario === undefined) {
      console.error(`story service: no scenario for ${request.method} ${url.host}${url.pathname}`);
      throw new TypeError('Failed to fetch');
    }
    const problem = requestProblem(request, url);
    if (problem !== undefined) {
      console.error(`story service: ${request.method} ${url.pathname} sent ${problem}`);
      throw new TypeError('Failed to fetch');
    }
    return respond(request, scenario);
  };
}
