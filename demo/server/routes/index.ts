/**
 * Every route of the reference Journeys API. A later journey (activate,
 * forgot-password, reset-password, pre-register) adds its file and a line here.
 */
import { clientSettingsRoute } from './client-settings.js';
import type { Route } from './context.js';
import { registerRoute } from './register.js';
import { resendActivationRoute } from './resend-activation.js';

export const routes: readonly Route[] = [registerRoute, resendActivationRoute, clientSettingsRoute];
