/**
 * Types only: the properties, attributes and events of the four journey
 * elements, derived from the element classes so that the framework typings
 * (react.ts, vue.ts) cannot drift from them. A property added to an element
 * class is a typed prop the next build.
 */
import type { LitElement } from 'lit';
import type { NidActivate } from '../elements/activate/nid-activate.js';
import type { NidForgotPassword } from '../elements/forgot-password/nid-forgot-password.js';
import type { NidInviteForm } from '../elements/invite-form/nid-invite-form.js';
import type { NidRegister } from '../elements/register/nid-register.js';
import type { NidErrorEvent, NidSubmitEvent, NidSuccessEvent } from '../events.js';

/** Each journey tag and its element class. */
export interface NidJourneyElements {
  'nid-register': NidRegister;
  'nid-activate': NidActivate;
  'nid-forgot-password': NidForgotPassword;
  'nid-invite-form': NidInviteForm;
}

/** The events every journey element fires, by name. */
export interface NidJourneyEvents {
  'nid-submit': NidSubmitEvent;
  'nid-success': NidSuccessEvent;
  'nid-error': NidErrorEvent;
}

type IfEquals<X, Y, A, B> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? A : B;
/** Keys whose property can be assigned: read-only fields and getters (`resolvedLocale`) are left out. */
type WritableKeys<T> = {
  [K in keyof T]-?: IfEquals<{ [Q in K]: T[K] }, { -readonly [Q in K]: T[K] }, K, never>;
}[keyof T];
type MethodKeys<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/**
 * The element's own public properties: what its class adds to LitElement,
 * without methods and read-only getters. For `<nid-register>`: `baseDomain`,
 * `clientId`, `redirectUri`, `settings`, `endpoints`, ...
 */
export type NidPropertyName<E extends LitElement> = Exclude<WritableKeys<E>, keyof LitElement | MethodKeys<E>> & string;

/** `baseDomain` → `base-domain`: the elements' attributes are their properties in kebab case. */
export type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;

/** What an attribute of a property of type T takes: objects and arrays have no attribute. */
type AttributeValue<T> = [NonNullable<T>] extends [boolean]
  ? boolean
  : [NonNullable<T>] extends [number]
    ? number | `${number}`
    : [NonNullable<T>] extends [string]
      ? NonNullable<T>
      : never;

/** Every property of element E, optional, with its own type (`settings`, `endpoints` are objects). */
export type NidElementProperties<E extends LitElement> = { [K in NidPropertyName<E>]?: E[K] };

/**
 * The same properties by attribute name where that differs (`base-domain`,
 * `client-id`, `settings-src`, ...), typed as attribute values.
 */
export type NidElementAttributes<E extends LitElement> = {
  [K in NidPropertyName<E> as KebabCase<K> extends K ? never : [AttributeValue<E[K]>] extends [never] ? never : KebabCase<K>]?: AttributeValue<E[K]>;
};
