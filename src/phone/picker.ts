/**
 * The state and keyboard of a phone field's country picker: the WAI-ARIA APG
 * "combobox with listbox popup" pattern, opened from a compact trigger
 * button. Focus stays in the filter input while the arrows move the active
 * option (`aria-activedescendant`); Enter chooses it, Escape closes the list,
 * and both give focus back to the trigger.
 *
 * One picker per phone field and element (`PhoneSupport.picker()`), so that
 * the open list and its filter survive the element's updates; the template
 * is `picker-view.ts`. It lives in the lazy phone chunk with the country
 * list: the trigger cannot be used before the chunk is there, so the first
 * paint does not pay for the picker (the initial bundle's budget).
 */
import type { ReactiveControllerHost } from 'lit';
import type { Country, CountryList } from './countries.js';

/** What the picker draws and chooses from, given by the phone field at each render. */
export interface CountryView {
  /** The filtered list, as drawn. */
  shown: CountryList;
  /** Takes a country: the field stores it and reformats the number. */
  choose(code: string): void;
  /** The country chosen now, whose option is active when the list opens. */
  selected: string | undefined;
}

type Host = ReactiveControllerHost & { readonly updateComplete: Promise<boolean> };

export class CountryPicker {
  readonly #host: Host;
  /** Ids of the trigger and the filter input, for focus. */
  readonly #ids: { trigger: string; filter: string; option: (code: string) => string };
  #root: Document | ShadowRoot | undefined;
  #view: CountryView | undefined;
  /** Whether the list is shown. */
  open = false;
  /** What the filter input holds. */
  query = '';
  /** The active option's code (`aria-activedescendant`), if any is shown. */
  active: string | undefined;

  constructor(host: Host, baseId: string) {
    this.#host = host;
    this.#ids = { trigger: `${baseId}-country`, filter: `${baseId}-filter`, option: (code) => `${baseId}-cc-${code}` };
  }

  get triggerId(): string {
    return this.#ids.trigger;
  }
  get filterId(): string {
    return this.#ids.filter;
  }
  optionId(code: string): string {
    return this.#ids.option(code);
  }

  /** The shown countries in order, preferred ones first. */
  #flat(): Country[] {
    const shown = this.#view?.shown;
    return shown ? [...shown.preferred, ...shown.rest] : [];
  }

  /** Called by the template at each render with what it draws. */
  view(view: CountryView): void {
    this.#view = view;
    const flat = this.#flat();
    if (!flat.some((country) => country.code === this.active)) this.active = flat[0]?.code;
  }

  /** Opens the list (with `query` typed already, for type-ahead on the trigger) and moves focus to its filter. */
  async show(event: Event, query = ''): Promise<void> {
    this.#root = (event.currentTarget as Element).getRootNode() as ShadowRoot;
    this.open = true;
    this.query = query;
    this.active = query ? undefined : this.#view?.selected;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    this.#root.getElementById(this.#ids.filter)?.focus();
    this.#reveal();
  }

  /** Closes the list; `focusTrigger` when the user closed it from the keyboard or chose a country. */
  async hide(focusTrigger: boolean): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.query = '';
    this.#host.requestUpdate();
    if (!focusTrigger) return;
    await this.#host.updateComplete;
    this.#root?.getElementById(this.#ids.trigger)?.focus();
  }

  /** Takes a country and closes. */
  choose(code: string): void {
    this.#view?.choose(code);
    void this.hide(true);
  }

  /** The trigger: click toggles; arrows open; a letter or digit opens with it as the filter (type-ahead). */
  onTriggerKey = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.show(event);
    } else if (event.key.length === 1 && event.key !== ' ') {
      event.preventDefault();
      void this.show(event, event.key);
    }
  };

  onTriggerClick = (event: Event): void => {
    if (this.open) void this.hide(false);
    else void this.show(event);
  };

  onFilterInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    this.active = undefined; // view() makes it the first match
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => this.#reveal());
  };

  /** The filter input's keys; Enter never submits the form from here. */
  onFilterKey = (event: KeyboardEvent): void => {
    const flat = this.#flat();
    const index = flat.findIndex((country) => country.code === this.active);
    const move = (to: number) => {
      event.preventDefault();
      this.active = flat[Math.max(0, Math.min(flat.length - 1, to))]?.code;
      this.#host.requestUpdate();
      void this.#host.updateComplete.then(() => this.#reveal());
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'PageDown':
        return move(index + 10);
      case 'PageUp':
        return move(index - 10);
      case 'Home':
        return move(0);
      case 'End':
        return move(flat.length - 1);
      case 'Enter':
        event.preventDefault();
        if (this.active) this.choose(this.active);
        return;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        void this.hide(true);
        return;
    }
  };

  /** Focus leaving the trigger and the list (Tab, a click elsewhere) closes it. */
  onFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget instanceof Element ? event.relatedTarget : undefined;
    if (next?.id !== this.#ids.trigger && !next?.closest('.countries')) void this.hide(false);
  };

  /** A press in the list (an option, the scroll bar) keeps focus in the filter, so that focusout does not close the list first. */
  onPanelMouseDown = (event: MouseEvent): void => {
    if ((event.target as Element).id !== this.#ids.filter) event.preventDefault();
  };

  /** Scrolls the active option into view inside the list, not the page (the list is `position: relative`, its options' offset parent). */
  #reveal(): void {
    const option = this.active ? this.#root?.getElementById(this.#ids.option(this.active)) : undefined;
    const list = option?.closest<HTMLElement>('[role="listbox"]');
    if (!option || !list) return;
    const top = option.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + option.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + option.offsetHeight - list.clientHeight;
  }
}
