/**
 * A non-2xx answer of the service as a `JourneyErrorInit` (contract section 2):
 * the one place that reads the vendor's error shapes.
 *
 * The codes the elements act on, by status: 400 `bad_request` (400
 * `invalid_domain`, a wrong `env-id`, is `invalid_request`), 401
 * `unauthorized`, 403 `invalid_client` (or the integrator route's
 * `access_denied`), 404 `not_found`, 422 `invalid_form_fields` with `fields`
 * or `invalid_request` with `details`, 429 `rate_limited` with `retryAfter`,
 * 503 `service_unavailable`, other 5xx `server_error`, anything else
 * `http_error`.
 */
import { errorBody, type ErrorBody, type FieldError } from './contract.js';
import { DEFAULT_RETRY_AFTER_SECONDS, parseRetryAfter, type JourneyErrorInit, type ParameterProblem } from './errors.js';
import { normaliseServiceMessage, serviceMessageCodes } from './vocabulary.js';

/** A parameter name worth repeating in a console warning: short and plain (never a value). */
const PARAMETER_NAME = /^[A-Za-z_][\w.-]{0,63}$/;
/** 422 errors that name one condition of their own rather than a generic class. */
const OWN_CODE = /^[a-z][a-z_]{0,63}$/;

function readBody(text: string): ErrorBody | undefined {
  try {
    const parsed = errorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `"newPassword, newPasswordConfirm"`: one key of `error_details` can name several fields. */
const namesOf = (key: string) => key.split(',').map((name) => name.trim()).filter((name) => name !== '');

/** The texts of one `error_details` entry when it is a message or a list of them. */
function messagesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A field message as the elements handle it: a code they word themselves, or the service's text. */
function fieldErrorFor(name: string, message: string): FieldError {
  return { name, code: serviceMessageCodes[normaliseServiceMessage(message)] ?? 'service_message', message };
}

/** Every message of `invalid_form_fields`, one error per field (the first message of each). */
function formFieldErrors(details: Record<string, unknown>): FieldError[] {
  const fields: FieldError[] = [];
  for (const [key, value] of Object.entries(details)) {
    const message = messagesOf(value)[0];
    if (message === undefined) continue;
    for (const name of namesOf(key)) fields.push(fieldErrorFor(name, message));
  }
  return fields;
}

/**
 * Messages the user can act on that the service files under other 422 errors
 * (change-password's `invalid_parameters` `{ "message": "Passwords do not
 * match" }`): only texts of the message table count, anything else stays an
 * integration problem.
 */
function recognisedFieldErrors(details: Record<string, unknown>): FieldError[] {
  return formFieldErrors(details).filter((field) => field.code !== 'service_message');
}

/** What is wrong with each parameter: `{ missing: "required" }`, `"field required"`, `{ invalid: … }`, `{ unexpected_keys: … }`. */
function parameterProblems(body: ErrorBody): Record<string, ParameterProblem> {
  const problems: Record<string, ParameterProblem> = {};
  for (const [key, value] of Object.entries(body.error_details ?? {})) {
    const shape = value && typeof value === 'object' ? Object.keys(value)[0] : String(value);
    const problem: ParameterProblem = /unexpected/i.test(shape ?? '') ? 'unexpected' : /missing|required/i.test(shape ?? '') ? 'missing' : 'invalid';
    for (const name of namesOf(key)) if (PARAMETER_NAME.test(name)) problems[name] = problem;
  }
  // 422 http_exception / missing_argument with null details: "Missing Parameter: redirect_uri".
  for (const match of (body.error_description ?? '').matchAll(/missing parameter:\s*([\w.-]+)/gi)) {
    if (match[1] && PARAMETER_NAME.test(match[1])) problems[match[1]] = 'missing';
  }
  return problems;
}

function unprocessable(body: ErrorBody | undefined): Pick<JourneyErrorInit, 'code' | 'fields' | 'details'> {
  if (!body) return { code: 'invalid_request' };
  const details = body.error_details ?? {};
  if (body.error === 'invalid_form_fields') return { code: 'invalid_form_fields', fields: formFieldErrors(details) };
  const recognised = recognisedFieldErrors(details);
  if (recognised.length > 0) return { code: 'invalid_form_fields', fields: recognised };
  const generic = ['invalid_parameters', 'http_exception', 'missing_argument'].includes(body.error);
  if (!generic && OWN_CODE.test(body.error)) return { code: body.error }; // unverified_user, say
  return { code: 'invalid_request', details: parameterProblems(body) };
}

function classify(status: number, body: ErrorBody | undefined): Pick<JourneyErrorInit, 'code' | 'fields' | 'details'> {
  switch (status) {
    case 400:
      return body?.error.toLowerCase() === 'invalid_domain' ? { code: 'invalid_request', details: { env_id: 'invalid' } } : { code: 'bad_request' };
    case 401:
      return { code: 'unauthorized' };
    case 403:
      return { code: body?.error === 'access_denied' ? 'access_denied' : 'invalid_client' };
    case 404:
      return { code: 'not_found' };
    case 422:
      return unprocessable(body);
    case 429:
      return { code: 'rate_limited' };
    case 503:
      return { code: 'service_unavailable' };
    default:
      return { code: status >= 500 ? 'server_error' : 'http_error' };
  }
}

/**
 * A non-2xx answer as an error. The body is read as the service's error shape
 * when it is one; anything else (HTML from a proxy, garbage) still gets the
 * code of its status.
 */
export function errorFromResponse(status: number, bodyText: string, retryAfterHeader: string | null): JourneyErrorInit {
  const body = readBody(bodyText);
  const { code, fields, details } = classify(status, body);
  const retryAfter = status === 429 ? (parseRetryAfter(retryAfterHeader) ?? DEFAULT_RETRY_AFTER_SECONDS) : undefined;
  const description = body?.error_description;
  return {
    kind: 'http',
    status,
    code,
    ...(fields?.length ? { fields } : {}),
    ...(details && Object.keys(details).length ? { details } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}
