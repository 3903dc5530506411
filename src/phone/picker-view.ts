/**
 * What a phone field's country picker draws: the trigger (flag image and
 * calling code, the country's name as accessible name and tooltip) beside
 * the number input, and, when open, the filter combobox over its listbox of
 * countries. The state and keys are `picker.ts`; the look is
 * `picker-styles.ts`, adopted into the element's shadow root (no inline
 * style anywhere: the strict CSP's style-src 'self' holds).
 *
 * Part of the lazy phone chunk, which is built on its own: it must not carry
 * a copy of lit or @lit/localize (a second lit's `nothing` is not the page's,
 * a second localize has no locale). The element hands over its own `html`,
 * `nothing`, `msg` and `str` (`Lit`); lit-localize still extracts the
 * messages, since it knows `msg` by its type.
 *
 * The trigger keeps the parts the native select had (`select country`), so
 * existing ::part() rules still reach it; the list is themed through the
 * same --nid-* custom properties as the rest of the form.
 */
import type { html as litHtml, nothing as litNothing, TemplateResult } from 'lit';
import type { msg as litMsg, str as litStr } from '@lit/localize';
import { filterCountries, type Country, type CountryList } from './countries.js';
import type { CountryPicker } from './picker.js';

/** The element's own lit and @lit/localize functions. */
export interface Lit {
  html: typeof litHtml;
  nothing: typeof litNothing;
  msg: typeof litMsg;
  str: typeof litStr;
}

export interface PickerParts {
  lit: Lit;
  picker: CountryPicker;
  /** The chosen country, undefined when none is (yet). */
  selected: Country | undefined;
  /** The whole list, filtered here by the picker's query. */
  list: CountryList;
  /** Images, unless the element says `flags="none"`. */
  flags: boolean;
  flagUrl: (code: string) => string;
  readonly: boolean;
  /** Takes the country the user chose. */
  choose: (code: string) => void;
}

/** A broken flag (its file not served) disappears instead of showing the browser's broken-image icon. */
const hideBroken = (event: Event) => ((event.target as HTMLImageElement).hidden = true);

function flag(parts: PickerParts, code: string, lazy: boolean): unknown {
  const { html, nothing } = parts.lit;
  if (!parts.flags) return nothing;
  return html`<img class="flag" src=${parts.flagUrl(code)} alt="" width="20" height="15"
    loading=${lazy ? 'lazy' : 'eager'} @error=${hideBroken} />`;
}

function trigger(parts: PickerParts): TemplateResult {
  const { picker, selected } = parts;
  const { html, nothing, msg } = parts.lit;
  // The name holds what the trigger shows (WCAG 2.5.3, label in name): "+44", or "GB +44" without flags.
  const shown = selected ? `${parts.flags ? '' : `${selected.code} `}+${selected.callingCode}` : '';
  const name = selected ? `${selected.name} ${shown}` : msg('Country');
  return html`<button type="button" part="select country" class="country" id=${picker.triggerId} aria-haspopup="listbox"
    aria-expanded=${picker.open ? 'true' : 'false'} aria-controls=${picker.open ? `${picker.triggerId}-panel` : nothing}
    aria-label=${name} title=${selected?.name ?? name} ?disabled=${parts.readonly}
    @click=${picker.onTriggerClick} @keydown=${picker.onTriggerKey} @focusout=${picker.onFocusOut}>
    ${selected ? html`${parts.flags ? flag(parts, selected.code, false) : html`<span class="iso">${selected.code}</span> `}<span class="dial">+${selected.callingCode}</span>` : html`<span class="dial">${name}</span>`}
  </button>`;
}

function option(parts: PickerParts, country: Country): TemplateResult {
  const { picker } = parts;
  const { html } = parts.lit;
  const chosen = country.code === parts.selected?.code;
  return html`<div role="option" id=${picker.optionId(country.code)} class=${chosen ? 'option chosen' : 'option'}
    aria-selected=${country.code === picker.active ? 'true' : 'false'} @click=${() => picker.choose(country.code)}>
    ${flag(parts, country.code, true)}<span class="name">${country.name}</span><span class="dial">+${country.callingCode}</span>
  </div>`;
}

function group(parts: PickerParts, id: string, label: string, countries: Country[]): TemplateResult {
  const { html } = parts.lit;
  return html`<div role="group" aria-labelledby=${id}>
    <div role="presentation" class="group-label" id=${id}>${label}</div>
    ${countries.map((country) => option(parts, country))}
  </div>`;
}

function panel(parts: PickerParts, shown: CountryList): TemplateResult {
  const { picker } = parts;
  const { html, nothing, msg, str } = parts.lit;
  const count = shown.preferred.length + shown.rest.length;
  const listId = `${picker.triggerId}-list`;
  const split = shown.preferred.length > 0 && shown.rest.length > 0;
  return html`<div class="countries" id=${`${picker.triggerId}-panel`} @focusout=${picker.onFocusOut} @mousedown=${picker.onPanelMouseDown}>
    <input class="search" id=${picker.filterId} type="text" role="combobox" autocomplete="off" spellcheck="false"
      aria-label=${msg('Search countries')} placeholder=${msg('Search countries')} aria-autocomplete="list"
      aria-expanded=${count > 0 ? 'true' : 'false'} aria-controls=${count > 0 ? listId : nothing}
      aria-activedescendant=${picker.active ? picker.optionId(picker.active) : nothing}
      .value=${picker.query} @input=${picker.onFilterInput} @keydown=${picker.onFilterKey} />
    <div class="sr-only" aria-live="polite">${picker.query.trim() ? msg(str`Countries found: ${count}`) : ''}</div>
    ${count === 0
      ? html`<p class="empty">${msg('No country matches your search.')}</p>`
      : html`<div role="listbox" class="list" id=${listId} aria-label=${msg('Countries')} tabindex="-1">
          ${split ? group(parts, `${listId}-preferred`, msg('Suggested'), shown.preferred) : shown.preferred.map((country) => option(parts, country))}
          ${split ? group(parts, `${listId}-rest`, msg('All countries'), shown.rest) : shown.rest.map((country) => option(parts, country))}
        </div>`}
  </div>`;
}

/**
 * The trigger, and the list when open. The phone field draws them in its own
 * row around the number input, the same template before and after the chunk
 * arrives: a new template would replace the input under the user's fingers.
 */
export function renderPicker(parts: PickerParts): { trigger: TemplateResult; panel: unknown } {
  const { picker } = parts;
  const shown = filterCountries(parts.list, picker.query);
  picker.view({ shown, selected: parts.selected?.code, choose: parts.choose });
  return { trigger: trigger(parts), panel: picker.open ? panel(parts, shown) : parts.lit.nothing };
}
