/**
 * The elements' side of the one API client: it loads the transport chunk
 * (zod, the schemas, fetch) and turns a failed call into a `JourneyError`.
 * Everything that touches the network lives in `transport.ts`.
 */
import type { ClientSettings, PreRegisterResponse, RegisterResponse, TokenResponse } from './contract.js';
import { JourneyError } from './errors.js';
import { transportModule, type TransportModule } from './load-transport.js';
import type { ApiConfig, CallOptions } from './transport.js';
import type { RouteName } from './vocabulary.js';

export { JourneyError } from './errors.js';
export type { ApiConfig, CallOptions } from './transport.js';

/** The validated answer of each route. */
export interface Responses {
  register: RegisterResponse;
  resendVerification: Record<string, unknown>;
  forgotPassword: Record<string, unknown>;
  token: TokenResponse;
  changePassword: Record<string, unknown>;
  preRegister: PreRegisterResponse;
  /** The integrator's route relays /pre-register's answer. */
  invite: PreRegisterResponse;
  settings: Record<string, unknown>;
}

/** The transport chunk; failing to fetch it is a network failure like any other. */
async function transport(): Promise<TransportModule> {
  try {
    return await transportModule.load();
  } catch {
    throw new JourneyError({ kind: 'network', code: 'network_error' });
  }
}

/** Calls a route; resolves with its validated answer, rejects with a `JourneyError`. */
export async function callApi<R extends RouteName>(config: ApiConfig, route: R, options: CallOptions = {}): Promise<Responses[R]> {
  const result = await (await transport()).call(config, route, options);
  if (!result.ok) throw new JourneyError(result.error);
  return result.data as Responses[R];
}

/** The valid keys of a settings object, checked with the contract's schema. */
export async function sanitiseSettings(value: unknown): Promise<ClientSettings> {
  if (!value || typeof value !== 'object') return {};
  return (await transport()).sanitiseSettings(value);
}

/**
 * One console warning for the integrator when the service says the
 * integration is wrong (contract section 2): a 403 (the client id) or a 422
 * `invalid_parameters` (which parameters). Names only, never a value.
 */
export function warnIntegrator(element: string, error: JourneyError): void {
  if (error.code === 'invalid_client') {
    console.warn(`<${element}>: the identity service refused client-id (403): check client-id, base-domain and env-id.`);
  } else if (error.code === 'invalid_request') {
    const names = Object.entries(error.details).map(([name, problem]) => `${name} (${problem})`);
    console.warn(`<${element}>: the identity service refused the request's parameters: ${names.join(', ') || 'unnamed'}.`);
  }
}
