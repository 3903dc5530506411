/** Every route of the reference Journeys API: a call adds its file and a line here. */
import { changePasswordRoute } from './change-password.js';
import type { Route } from './context.js';
import { forgotPasswordRoute } from './forgot-password.js';
import { preRegisterRoute } from './pre-register.js';
import { registerRoute } from './register.js';
import { resendVerificationRoute } from './resend-verification.js';
import { tokenRoute } from './token.js';

export const routes: readonly Route[] = [
  registerRoute,
  resendVerificationRoute,
  forgotPasswordRoute,
  tokenRoute,
  changePasswordRoute,
  preRegisterRoute,
];
