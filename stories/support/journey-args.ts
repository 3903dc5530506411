/**
 * Story args onto a journey element, so that every attribute of the custom
 * elements manifest can have a control without a template listing them all:
 *
 *   html`<nid-register ${journeyArgs(args)}></nid-register>`
 *
 * A text, number or boolean arg is an attribute, named as in HTML
 * (`base-domain`; `false` removes a boolean attribute), unless it names a
 * property that has no attribute: forgot-password's `code`, which never goes
 * into the DOM (nor, in these stories, into a URL). An object arg is a
 * property (`settings`, `endpoints`, `fields` as an array): the elements take
 * those only as properties. An `on…` function listens to the event of that
 * name (`onNidSuccess` hears `nid-success`): Storybook's actions panel.
 */
import { nothing, type LitElement } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

export type JourneyArgs = Record<string, unknown>;

/** A property of the element that no attribute reflects (`code`): a text arg for it is set as the property. */
function isPropertyOnly(element: Element, key: string): boolean {
  if (!(key in element)) return false;
  const observed = (element.constructor as typeof LitElement).observedAttributes ?? [];
  return !observed.includes(key.toLowerCase());
}

/** `onNidSuccess` → `nid-success`. */
const eventName = (key: string) => key.slice(2).replace(/[A-Z]/g, (letter, index: number) => `${index ? '-' : ''}${letter.toLowerCase()}`);

class JourneyArgsDirective extends Directive {
  #attributes = new Set<string>();
  #properties = new Set<string>();
  #listeners = new Map<string, EventListener>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('journeyArgs() goes on the element itself: <nid-register ${journeyArgs(args)}>');
  }

  render(_args: JourneyArgs): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [args]: [JourneyArgs]): typeof nothing {
    const element = part.element as Element & Record<string, unknown>;
    const attributes = new Set<string>();
    const properties = new Set<string>();
    const listeners = new Map<string, EventListener>();
    for (const [key, value] of Object.entries(args)) {
      if (typeof value === 'function') {
        if (/^on[A-Z]/.test(key)) listeners.set(eventName(key), value as EventListener);
      } else if ((value !== null && typeof value === 'object') || (typeof value === 'string' && isPropertyOnly(element, key))) {
        element[key] = value;
        properties.add(key);
      } else if (value !== undefined && value !== null && value !== false) {
        element.setAttribute(key, value === true ? '' : String(value));
        attributes.add(key);
      }
    }
    // An arg that went away (a control cleared) takes its attribute, property or listener with it.
    for (const name of this.#attributes) if (!attributes.has(name)) element.removeAttribute(name);
    for (const name of this.#properties) if (!properties.has(name)) element[name] = undefined;
    for (const [name, listener] of this.#listeners) if (listeners.get(name) !== listener) element.removeEventListener(name, listener);
    for (const [name, listener] of listeners) if (this.#listeners.get(name) !== listener) element.addEventListener(name, listener);
    this.#attributes = attributes;
    this.#properties = properties;
    this.#listeners = listeners;
    return nothing;
  }
}

export const journeyArgs = directive(JourneyArgsDirective);
