/**
 * The fields of a journey's current view, built once per update: after every
 * `willUpdate` has settled the element's state and before it renders. Render
 * draws them; a submit checks and reads the same objects, whose validators
 * are the form's.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Field } from './fields/field.js';
import type { PhoneSupport } from './fields/phone-field.js';
import type { FormState } from './form-state.js';

export interface ViewFieldsOptions {
  /** The current view's fields, from the element's state of this update. */
  build: () => Field[];
  form: FormState;
  phone: PhoneSupport;
  /** Moves focus to the first problem (after a failed check, once rendered). */
  focusProblem: () => Promise<void>;
}

export class ViewFields implements ReactiveController {
  readonly #options: ViewFieldsOptions;
  #fields: readonly Field[] | undefined;

  constructor(host: ReactiveControllerHost, options: ViewFieldsOptions) {
    this.#options = options;
    host.addController(this);
  }

  hostUpdate(): void {
    this.#fields = this.#options.build();
    this.#options.form.useValidators(new Map(this.#fields.flatMap((field) => field.validators)));
  }

  /** The fields built for this update (built here on a server, which calls no controller's `hostUpdate`). */
  get all(): readonly Field[] {
    if (!this.#fields) this.hostUpdate();
    return this.#fields!;
  }

  /** A field's value for the body, by name; undefined when the view has no such field. */
  value(name: string): unknown {
    return this.all.find((field) => field.name === name)?.value();
  }

  /**
   * Before a submit: waits for the phone chunk when a phone field is shown,
   * then checks the fields (or only those named `only`: "send a new code"
   * needs the identifier alone); on failure focuses the first problem.
   */
  async ready(only?: readonly string[]): Promise<boolean> {
    const fields = only ? this.all.filter((field) => only.includes(field.name)) : this.all;
    if (fields.some((field) => field.phone)) await this.#options.phone.ready();
    const names = only && fields.flatMap((field) => field.validators.map(([name]) => name));
    if (this.#options.form.validateAll(names).length === 0) return true;
    await this.#options.focusProblem();
    return false;
  }
}
