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

/** A valid value for each profile field and password, by control name: example addresses and libphonenumber's example numbers. */
const answers: Record<string, string> = {
  emailAddress: 'ada.lovelace@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  companyName: 'Analytical Engines Ltd',
  mobileNumber: '+44 7400 123456',
  twoStepMobileNumber: '+44 7911 123456',
  gender: 'female',
  password: 'correct horse battery staple',
  passwordConfirmation: 'correct horse battery staple',
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
  await until(el, 'is still loading', () => el.hasUpdated && !el.hasAttribute('aria-busy'));
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

export async function type(el: LitElement, name: string, text: string): Promise<void> {
  await userEvent.type(control(el, name), text);
}

async function choose(el: LitElement, name: string, value: string): Promise<void> {
  await userEvent.selectOptions(control(el, name), value);
}

export async function tick(el: LitElement, name: string): Promise<void> {
  await userEvent.click(control(el, name));
}

/**
 * Fills every field the journey shows, top to bottom, with valid values:
 * what the user types for the happy path. Read-only fields (an invitation's
 * given values), the invite form's language, sign-in method and "send again"
 * keep what they show; every consent is accepted.
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

/** "Send the email again", "Send the link again", "Request a new link". */
export async function clickSecondaryAction(el: LitElement): Promise<void> {
  await userEvent.click(part(el, 'secondary-action'));
}

export const showsFieldErrors = (el: LitElement) =>
  until(el, 'shows no field error', (root) => root.querySelector('[aria-invalid="true"]') !== null);

export const showsAlert = (el: LitElement) =>
  until(el, 'says nothing in its alert region', (root) => (root.querySelector('[role="alert"]')?.textContent?.trim() ?? '') !== '');

export const showsCountdown = (el: LitElement) =>
  until(el, 'shows no countdown', (root) => root.querySelector('[part~="countdown"]') !== null);

/** The success message ("check your email", "invitation sent", ...) in the status region. */
export const showsMessage = (el: LitElement) =>
  until(el, 'shows no message in its status region', (root) => root.querySelector('[role="status"] [part~="message"]') !== null);

export const isSending = (el: LitElement) =>
  until(el, 'is not sending', (root) => root.querySelector('button[data-busy]') !== null);

/** A view has replaced the form (a link problem, "already activated"). */
export const showsControl = (el: LitElement, name: string) =>
  until(el, `shows no control named ${name}`, (root) => root.querySelector(`[name="${CSS.escape(name)}"]`) !== null);
