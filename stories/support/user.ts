/**
 * What a user does with a journey, for the stories' play functions: type,
 * choose, tick and click with user-event, inside the element's shadow root.
 *
 * Controls are found by their `name`, not their label, so that one play
 * function works in every language of the locale toolbar (the catalogue check
 * plays some stories in Arabic). States are recognised the same way, by the
 * element's parts and ARIA attributes rather than by its words.
 */
import type { LitElement } from 'lit';
import { userEvent } from 'storybook/test';

const JOURNEYS = 'nid-register, nid-activate, nid-forgot-password, nid-invite-form';

/** Loading a locale or the phone chunk from the static build takes a moment on a busy CI machine. */
const WAIT_MS = 10_000;

/**
 * A valid value for each control a journey shows, by name: example addresses
 * and libphonenumber's example numbers, the passwords of register
 * (`newPassword`) and change-password (`password`), a verification code.
 */
const answers: Record<string, string> = {
  emailAddress: 'ada.lovelace@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  companyName: 'Analytical Engines Ltd',
  mobileNumber: '+44 7400 123456',
  twoStepMobileNumber: '+44 7911 123456',
  gender: 'female',
  newPassword: 'correct horse battery staple',
  newPasswordConfirm: 'correct horse battery staple',
  password: 'correct horse battery staple',
  password_confirm: 'correct horse battery staple',
  code: '482913',
  'securityQuestions.1.answer': 'Rex',
  'securityQuestions.2.answer': 'Manchester',
  costCentre: 'CC-1024',
};

type Control = HTMLInputElement | HTMLSelectElement;

/**
 * Waits until `done` holds for the element's shadow root; fails with `what`
 * when it never does. (Testing Library's waitFor would add a dump of the
 * whole document to the message.)
 */
async function until(el: LitElement, what: string, done: (root: ParentNode) => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!done(el.renderRoot)) {
    if (Date.now() > deadline) throw new Error(`<${el.localName}> ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await el.updateComplete;
}

/** The story's journey element, once it shows its journey (settings checked, translations loaded). */
export async function journeyIn(canvasElement: HTMLElement): Promise<LitElement> {
  const el = canvasElement.querySelector<LitElement>(JOURNEYS);
  if (!el) throw new Error('the story renders no journey element');
  await until(el, 'is still loading', () => el.hasUpdated && !el.matches(':state(busy)'));
  return el;
}

function control(el: LitElement, name: string): Control {
  const found = el.renderRoot.querySelector<Control>(`[name="${CSS.escape(name)}"]`);
  if (!found) throw new Error(`<${el.localName}> has no control named ${name}`);
  return found;
}

function part(el: LitElement, name: string): HTMLElement {
  const found = el.renderRoot.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`<${el.localName}> has no ${name} part`);
  return found;
}

/** Types into a control, replacing what it held (a value pre-filled from `user-id`, a login hint or an earlier journey). */
export async function type(el: LitElement, name: string, text: string): Promise<void> {
  const field = control(el, name);
  if (field.value !== '') await userEvent.clear(field);
  await userEvent.type(field, text);
}

async function choose(el: LitElement, name: string, value: string): Promise<void> {
  await userEvent.selectOptions(control(el, name), value);
}

export async function tick(el: LitElement, name: string): Promise<void> {
  await userEvent.click(control(el, name));
}

/**
 * Fills every field the journey shows, top to bottom, with valid values:
 * what the user types for the happy path. Read-only fields, the invite
 * form's language, sign-in method and "send again" keep what they show, and
 * so does a field pre-filled from `user-id` or a login hint (unless `values`
 * names it); every consent is accepted.
 */
export async function fillForm(el: LitElement, values: Record<string, string> = {}): Promise<void> {
  const given = { ...answers, ...values };
  const controls = el.renderRoot.querySelectorAll<Control>('form input[name], form select[name]');
  for (const field of controls) {
    const { name } = field;
    if (field.matches('[readonly], [disabled], [hidden], [type="radio"]') || name === 'locale' || name === 'resend') continue;
    if (field instanceof HTMLInputElement && field.type === 'checkbox') {
      if (name.startsWith('consents.') && !field.checked) await tick(el, name);
      continue;
    }
    const question = /^securityQuestions\.(\d+)\.id$/.exec(name);
    if (question) {
      // The Nth question for the Nth row: each row needs a different one.
      const option = (field as HTMLSelectElement).options[Number(question[1])];
      if (!option) throw new Error(`<${el.localName}> offers too few security questions`);
      await choose(el, name, option.value);
      continue;
    }
    if (field.value !== '' && !(name in values)) continue;
    const value = given[name];
    if (value === undefined) throw new Error(`fillForm() has no value for ${name}: pass one`);
    if (field instanceof HTMLSelectElement) await choose(el, name, value);
    else await type(el, name, value);
  }
}

export async function submit(el: LitElement): Promise<void> {
  await userEvent.click(part(el, 'submit'));
}

/** The story's journey, filled as a visitor would (see fillForm), then sent. */
export async function fillAndSubmit(canvasElement: HTMLElement, values?: Record<string, string>): Promise<LitElement> {
  const el = await journeyIn(canvasElement);
  await fillForm(el, values);
  await submit(el);
  return el;
}

/** "Send the email again", "Send a new code", "Send the link again", "Send the code again", "Request a new link". */
export async function clickSecondaryAction(el: LitElement): Promise<void> {
  await userEvent.click(part(el, 'secondary-action'));
}

export const showsFieldErrors = (el: LitElement) =>
  until(el, 'shows no field error', (root) => root.querySelector('[aria-invalid="true"]') !== null);

/** An error on the control named `name` (a code the service refused, a password it did not accept). */
export const showsErrorOn = (el: LitElement, name: string) =>
  until(el, `shows no error on ${name}`, (root) => root.querySelector(`[name="${CSS.escape(name)}"][aria-invalid="true"]`) !== null);

export const showsAlert = (el: LitElement) =>
  until(el, 'says nothing in its alert region', (root) => (root.querySelector('[role="alert"]')?.textContent?.trim() ?? '') !== '');

export const showsCountdown = (el: LitElement) =>
  until(el, 'shows no countdown', (root) => root.querySelector('[part~="countdown"]') !== null);

/** The success message ("check your email", "invitation sent", ...) in the status region. */
export const showsMessage = (el: LitElement) =>
  until(el, 'shows no message in its status region', (root) => root.querySelector('[role="status"] [part~="message"]') !== null);

/** The journey is over: its form is gone, and a message says so in the status region ("your account is verified"). */
export const showsOutcome = (el: LitElement) =>
  until(
    el,
    'still shows a form, or no message in its status region',
    (root) => root.querySelector('form') === null && root.querySelector('[role="status"] [part~="message"]') !== null,
  );

/** The form is gone, and one action is offered instead ("Request a new link" after an expired one). */
export const offersOnlyAction = (el: LitElement) =>
  until(el, 'still shows a form, or no action', (root) => root.querySelector('form') === null && root.querySelector('[part~="secondary-action"]') !== null);

/** The "Sign in" link after verifying an account or changing a password (`sign-in-url`). */
export const showsSignInLink = (el: LitElement) =>
  until(el, 'shows no sign-in link', (root) => root.querySelector('p[part~="message"] > a[part~="link"][href]') !== null);

export const isSending = (el: LitElement) =>
  until(el, 'is not sending', (root) => root.querySelector('button[data-busy]') !== null);

/** A control has appeared (the SMS reset's code, after its step 1), or is back (step 1 after an expired link). */
export const showsControl = (el: LitElement, name: string) =>
  until(el, `shows no control named ${name}`, (root) => root.querySelector(`[name="${CSS.escape(name)}"]`) !== null);
