/** `GET /idp/v1/clients/{client_id}/settings` (contract section 3). */
import { defaultEndpoints, type ClientSettings } from '../../../src/api/contract.js';
import { requireClient, type Route } from './context.js';

export const clientSettingsRoute: Route = {
  name: 'client-settings',
  method: 'GET',
  path: defaultEndpoints.clientSettings,

  async handle({ deps, params }) {
    const client = requireClient(deps, params['client_id']);
    const settings: ClientSettings = client.settings;
    return { status: 200, body: settings };
  },
};
