/**
 * New password + confirmation, each with a show/hide toggle (a labelled
 * button with `aria-pressed`). The password is sent exactly as typed: no
 * trim, no normalisation; its length is counted in code points; no
 * composition rules (NIST SP 800-63B, ASVS 6.2).
 */
import { html, nothing, svg, type ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import type { FormState } from '../form-state.js';
import { atLeastCharacters, fieldIssueText } from '../messages.js';
import { bind } from './control.js';
import { frame, idsFor, type Field } from './field.js';

/** The control (and body key) names of the two inputs: register's `profile_fields` keys by default. */
export interface PasswordNames {
  password: string;
  confirmation: string;
}
export const REGISTER_PASSWORD_NAMES: PasswordNames = { password: 'newPassword', confirmation: 'newPasswordConfirm' };

/** Length as the user perceives it: code points, so an emoji counts once. */
export const codePointLength = (value: string) => [...value].length;

/** The stroke that crosses out the toggle's eye once the password shows (the eye is static in the template). */
const strike = svg`<path d="M4 4l16 16"/>`;

export interface PasswordSpec {
  minLength: number;
  maxLength: number;
  /** Ask for the password twice (every journey that sets a new password does); both are sent as typed. */
  confirm: boolean;
  /** The names the service knows the two inputs by (contract sections 3 and 5). */
  names?: PasswordNames;
  /** "New password" where an old one exists (password reset). */
  isNew?: boolean;
  /**
   * The account's identifier when no field on the form shows it (an invitation):
   * a hidden `autocomplete="username"` input lets password managers save the
   * new password under the right account.
   */
  username?: string;
}

/** Remembers which password inputs are shown in clear text. */
export class PasswordVisibility {
  readonly #host: ReactiveControllerHost;
  readonly #shown = new Set<string>();
  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }
  isShown(name: string): boolean {
    return this.#shown.has(name);
  }
  toggle(name: string): void {
    if (!this.#shown.delete(name)) this.#shown.add(name);
    this.#host.requestUpdate();
  }
}

export function passwordFields(form: FormState, visibility: PasswordVisibility, spec: PasswordSpec): Field[] {
  const { password: PASSWORD, confirmation: CONFIRMATION } = spec.names ?? REGISTER_PASSWORD_NAMES;
  const validatePassword = () => {
    const value = form.text(PASSWORD);
    if (value === '') return { code: 'required' };
    const length = codePointLength(value);
    if (length < spec.minLength) return { code: 'too_short', min: spec.minLength };
    if (length > spec.maxLength) return { code: 'too_long', max: spec.maxLength };
    return undefined;
  };
  const validateConfirmation = () => {
    const value = form.text(CONFIRMATION);
    if (value === '') return { code: 'required' };
    return value === form.text(PASSWORD) ? undefined : { code: 'mismatch' };
  };
  const hint = `${atLeastCharacters(spec.minLength)} ${msg('A few unrelated words make a strong password.')}`;

  const password: Field = {
    name: PASSWORD,
    secret: true,
    validators: [[PASSWORD, validatePassword]],
    // Exactly as typed: the one value that is never trimmed or normalised.
    value: () => form.text(PASSWORD),
    render: () => renderPassword(form, visibility, PASSWORD, spec.isNew ? msg('New password') : msg('Password'), hint, msg('Show password'), spec),
  };
  if (!spec.confirm) return [password];
  const confirmation: Field = {
    name: CONFIRMATION,
    secret: true,
    validators: [[CONFIRMATION, validateConfirmation]],
    // Sent as typed too: the service checks the pair itself (contract sections 3 and 5).
    value: () => form.text(CONFIRMATION),
    render: () =>
      renderPassword(
        form,
        visibility,
        CONFIRMATION,
        spec.isNew ? msg('Confirm new password') : msg('Confirm password'),
        undefined,
        msg('Show password confirmation'),
      ),
  };
  return [password, confirmation];
}

function renderPassword(
  form: FormState,
  visibility: PasswordVisibility,
  name: string,
  label: string,
  hint: string | undefined,
  toggleLabel: string,
  spec?: PasswordSpec,
) {
  const ids = idsFor(name);
  // The service's too_short/too_long carry no numbers: say the policy's.
  const issue = form.issue(name);
  const error = issue ? fieldIssueText({ min: spec?.minLength, max: spec?.maxLength, ...issue }, 'password') : undefined;
  const shown = visibility.isShown(name);
  const username = spec?.username;
  const control = html`${username ? html`<input hidden type="text" name="username" autocomplete="username" tabindex="-1" readonly .value=${username} />` : nothing}
    <div class="row">
      <input
        part="input"
        id=${ids.id}
        name=${name}
        type=${shown ? 'text' : 'password'}
        autocomplete="new-password"
        autocapitalize="off"
        spellcheck="false"
        required
        ${bind(form, name, { ids, hint, error })}
      />
      <button
        part="toggle"
        class="toggle"
        type="button"
        aria-controls=${ids.id}
        aria-pressed=${shown ? 'true' : 'false'}
        aria-label=${toggleLabel}
        @click=${() => visibility.toggle(name)}
      >
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true" focusable="false">
          <path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12Z" /><circle cx="12" cy="12" r="3" />${shown ? strike : nothing}
        </svg>
      </button>
    </div>`;
  return frame(ids, { text: label, required: true }, control, hint, error);
}
