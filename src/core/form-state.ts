/**
 * What the user typed, and what is wrong with it.
 *
 * Values live here, not in the DOM: after any failure they are still here and
 * the inputs re-render with them. Client issues show once the user is done
 * with a field (blur) or has tried to submit; a server issue shows at once
 * and goes away as soon as the user edits that field.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FieldError } from '../api/contract.js';
import type { FieldIssue } from './messages.js';

export type FieldValue = string | boolean;

/** Returns the problem with a field's current value, or undefined. */
export type FieldValidator = (form: FormState) => FieldIssue | undefined;

export class FormState implements ReactiveController {
  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #values = new Map<string, FieldValue>();
  readonly #touched = new Set<string>();
  readonly #serverIssues = new Map<string, FieldIssue>();
  /** The last service errors that matched no rendered field, for the alert region. */
  #unplaced: FieldIssue[] = [];
  #validators = new Map<string, FieldValidator>();
  #submitted = false;
  #holding = false;
  #heldRender = false;

  constructor(host: ReactiveControllerHost & EventTarget) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('pointerdown', this.#onPointerDown);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('pointerdown', this.#onPointerDown);
  }

  /** See holdTouchedErrors: a click must not lose its button to a layout shift. */
  #onPointerDown = (): void => {
    this.holdTouchedErrors(true);
    const release = () => {
      removeEventListener('pointerup', release, true);
      removeEventListener('pointercancel', release, true);
      this.holdTouchedErrors(false);
    };
    addEventListener('pointerup', release, true);
    addEventListener('pointercancel', release, true);
  };

  text(name: string): string {
    const value = this.#values.get(name);
    return typeof value === 'string' ? value : '';
  }

  checked(name: string): boolean {
    return this.#values.get(name) === true;
  }

  /** What the user gave, text or ticked, or undefined before they gave anything. */
  value(name: string): FieldValue | undefined {
    return this.#values.get(name);
  }

  set(name: string, value: FieldValue): void {
    if (this.#values.get(name) === value) return;
    this.#values.set(name, value);
    this.#serverIssues.delete(name);
    this.#host.requestUpdate();
  }

  /** Sets a value only if the user has not typed one (pre-fill, login hint). */
  prefill(name: string, value: FieldValue): void {
    if (!this.#values.has(name)) this.set(name, value);
  }

  /** The user left the field: its client issue may show now. */
  touch(name: string): void {
    if (this.#touched.has(name)) return;
    this.#touched.add(name);
    // Re-render only if an error appears. (Chromium also fires blur when a focused input is
    // removed, in the middle of the render that removes it: that must not cost another one.)
    if (!this.#validators.get(name)?.(this)) return;
    if (this.#holding) this.#heldRender = true;
    else this.#host.requestUpdate();
  }

  /**
   * While a pointer is pressed, errors revealed by a blur wait: the error line
   * would push the button being clicked away between mousedown and mouseup,
   * and the click would be lost. They show when the pointer comes up.
   */
  holdTouchedErrors(holding: boolean): void {
    this.#holding = holding;
    if (!holding && this.#heldRender) {
      this.#heldRender = false;
      this.#host.requestUpdate();
    }
  }

  /** The validators of the fields currently rendered, replaced on every render. */
  useValidators(validators: Map<string, FieldValidator>): void {
    this.#validators = validators;
  }

  /** The issue to show for a field now, if any. */
  issue(name: string): FieldIssue | undefined {
    const server = this.#serverIssues.get(name);
    if (server) return server;
    if (!this.#submitted && !this.#touched.has(name)) return undefined;
    return this.#validators.get(name)?.(this);
  }

  /**
   * Marks a submit attempt; returns the names of the fields with a client
   * issue, in render order. `only`: the attempt needs these controls alone
   * (a "send a new code" beside a form), the others show nothing yet.
   */
  validateAll(only?: readonly string[]): string[] {
    const checked = [...this.#validators].filter(([name]) => !only || only.includes(name));
    if (only) for (const [name] of checked) this.#touched.add(name);
    else this.#submitted = true;
    this.#host.requestUpdate();
    return checked.filter(([, validate]) => validate(this) !== undefined).map(([name]) => name);
  }

  /** Puts the service's field errors on their fields; those that match no rendered field wait for the alert region. */
  applyServerErrors(fields: readonly FieldError[]): void {
    this.#unplaced = [];
    for (const field of fields) {
      const issue = { code: field.code, message: field.message };
      if (this.#validators.has(field.name)) this.#serverIssues.set(field.name, issue);
      else this.#unplaced.push(issue);
    }
    this.#host.requestUpdate();
  }

  /** The last service errors that belong to no rendered field. */
  unplacedServerErrors(): readonly FieldIssue[] {
    return this.#unplaced;
  }

  /** A new step of the journey: what it asks for shows no error before the user has a go at it. Values stay. */
  newStep(): void {
    this.#touched.clear();
    this.#serverIssues.clear();
    this.#unplaced = [];
    this.#submitted = false;
    this.#host.requestUpdate();
  }

  /** Forgets everything but the values of `keep` (the invite form, ready for the next invitation). */
  reset(keep: readonly string[] = []): void {
    for (const name of [...this.#values.keys()]) if (!keep.includes(name)) this.#values.delete(name);
    this.#touched.clear();
    this.#serverIssues.clear();
    this.#unplaced = [];
    this.#submitted = false;
    this.#host.requestUpdate();
  }
}
