/** Every route of the reference Journeys API: a journey adds its file and a line here. */
import { activateRoute } from './activate.js';
import { clientSettingsRoute } from './client-settings.js';
import type { Route } from './context.js';
import { forgotPasswordRoute } from './forgot-password.js';
import { preRegisterRoute } from './pre-register.js';
import { registerRoute } from './register.js';
import { resendActivationRoute } from './resend-activation.js';
import { resetPasswordRoute } from './reset-password.js';

export const routes: readonly Route[] = [
  registerRoute,
  activateRoute,
  resendActivationRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  preRegisterRoute,
  clientSettingsRoute,
];
