/**
 * The Journeys API, played by the catalogue itself: no server runs behind
 * Storybook, locally or in CI.
 *
 * A docs page renders every story of an element in one iframe, so a fetch
 * stub per story would answer for its neighbours too. Instead each story
 * gets an address of its own, a base domain (`https://<name>.story.invalid`)
 * or, for the invite form, a same-origin route (`/story-api/<name>`), mapped
 * to its scenario; one router, installed once by `.storybook/preview.ts`,
 * answers every request by that address. `.invalid` never resolves (RFC
 * 2606), so a request that escaped the router would fail rather than reach
 * someone's server.
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

/** A same-origin route of the story's own (the invite form's `action`), answered by `scenario`. */
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

/** The contract's 503: an unknown client, or the service is down. */
/** A `request-timeout` for stories whose reply never comes: the element's own timeout must not end them either. */
export const NO_TIMEOUT = 24 * 60 * 60 * 1000;

export const serviceUnavailable = reply(503, { error: 'service_unavailable', error_description: 'The service is unavailable.' });

/** A 429 whose countdown is still running when the story is looked at. */
export const rateLimited = (seconds: number) => reply(429, { error: 'rate_limited' }, { 'Retry-After': String(seconds) });

/** A 400 with errors on named fields. */
export const fieldErrors = (fields: { name: string; code: string }[]) => reply(400, { error: 'validation_failed', fields });

/** Where a story address's scenario is registered, or undefined for any other address. */
function storyAddress(url: URL): { scenarios: Map<string, Scenario>; key: string } | undefined {
  if (url.hostname.endsWith(SERVICE_SUFFIX)) return { scenarios: services, key: url.hostname };
  if (url.origin === location.origin && url.pathname.startsWith(ACTION_PREFIX)) return { scenarios: actions, key: url.pathname };
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
  const answer =
    typeof scenario === 'function'
      ? scenario({ method: request.method, path: url.pathname, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined })
      : scenario;
  if (answer === 'never') return unanswered(request.signal);
  if (answer === 'network-failure') throw new TypeError('Failed to fetch');
  const body = answer.body === undefined ? null : JSON.stringify(answer.body);
  return new Response(body, { status: answer.status, headers: { 'Content-Type': 'application/json', ...answer.headers } });
}

/**
 * Puts the router in front of `fetch`. Requests to other addresses (Storybook's
 * own) go through unchanged; a story address without a scenario is a mistake
 * in a story, reported as a console error so that the catalogue check fails.
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
    return respond(request, scenario);
  };
}
