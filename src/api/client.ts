/**
 * The elements' side of the one API client: it loads the transport chunk
 * (zod, the schemas, fetch) and turns a failed call into a `JourneyError`.
 * Everything that touches the network lives in `transport.ts`.
 */
import type {
  AcceptedResponse,
  ActivateResponse,
  ClientSettings,
  PreRegisterResponse,
  RegisterResponse,
  ResetPasswordResponse,
} from './contract.js';
import { JourneyError } from './errors.js';
import { transportModule, type TransportModule } from './load-transport.js';
import type { ApiConfig, CallOptions } from './transport.js';
import type { RouteName } from './vocabulary.js';

export { JourneyError } from './errors.js';
export type { ApiConfig, CallOptions } from './transport.js';

/** The validated answer of each endpoint. */
export interface Responses {
  register: RegisterResponse;
  activate: ActivateResponse;
  resendActivation: AcceptedResponse;
  forgotPassword: AcceptedResponse;
  resetPassword: ResetPasswordResponse;
  preRegister: PreRegisterResponse;
  /** The integrator's route relays /pre-register's answer. */
  invite: PreRegisterResponse;
  clientSettings: ClientSettings;
}

/** The transport chunk; failing to fetch it is a network failure like any other. */
async function transport(): Promise<TransportModule> {
  try {
    return await transportModule.load();
  } catch {
    throw new JourneyError({ kind: 'network', code: 'network_error' });
  }
}

/** Calls an endpoint; resolves with its validated answer, rejects with a `JourneyError`. */
export async function callApi<E extends RouteName>(config: ApiConfig, endpoint: E, options: CallOptions = {}): Promise<Responses[E]> {
  const result = await (await transport()).call(config, endpoint, options);
  if (!result.ok) throw new JourneyError(result.error);
  return result.data as Responses[E];
}

/** The valid keys of a settings object, checked with the contract's schema. */
export async function sanitiseSettings(value: unknown): Promise<ClientSettings> {
  if (!value || typeof value !== 'object') return {};
  return (await transport()).sanitiseSettings(value);
}
