/**
 * `nid-journeys/react`: the four journeys as React components, and the tags
 * in React 19's JSX.
 *
 *     'use client';
 *     import { NidRegister } from 'nid-journeys/react';
 *
 *     <NidRegister baseDomain="https://id.eu.nextreason.com" clientId="my-client"
 *       redirectUri="https://app.example/verified" settings={{ ... }}
 *       onNidSuccess={(event) => router.push('/welcome')} />
 *
 * Why components and not only the tags: React 19 sets properties and adds
 * `on…` listeners on a custom element it renders in the browser, but not on
 * one it *hydrates* from server-rendered HTML (react/react#35446), so on a
 * server-rendered page `onnid-success` never fires and `settings` never
 * arrives. `@lit/react`'s `createComponent` sets every element property and
 * listener itself, in a layout effect, whether the element was rendered or
 * hydrated. On top of it, each primitive property (`baseDomain`, `clientId`,
 * `fields`...) is also rendered as its attribute (`base-domain`...), so that
 * the server's HTML already carries the configuration: the element that
 * upgrades before React hydrates is configured from its first update, not
 * only once the layout effect ran.
 *
 * Importing this module defines the four tags, like `nid-journeys` does.
 * The JSX typings of the bare tags stay: `<nid-register onnid-success={…}>`
 * is typed too (fine in client-only rendering).
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { DetailedHTMLProps, ForwardRefExoticComponent, HTMLAttributes, RefAttributes } from 'react';
import { NidActivate as ActivateElement } from '../elements/activate/nid-activate.js';
import { NidForgotPassword as ForgotPasswordElement } from '../elements/forgot-password/nid-forgot-password.js';
import { NidInviteForm as InviteFormElement } from '../elements/invite-form/nid-invite-form.js';
import { NidRegister as RegisterElement } from '../elements/register/nid-register.js';
import type { NidErrorEvent, NidSubmitEvent, NidSuccessEvent } from '../events.js';
import type { NidElementAttributes, NidElementProperties, NidJourneyElements, NidJourneyEvents } from './props.js';
import '../index.js';

export type { NidJourneyElements, NidJourneyEvents } from './props.js';

/** The components' listener props, each with its event class: `onNidSuccess` gets a `NidSuccessEvent`. */
export interface NidReactListeners {
  onNidSubmit?: (event: NidSubmitEvent) => void;
  onNidSuccess?: (event: NidSuccessEvent) => void;
  onNidError?: (event: NidErrorEvent) => void;
}

const events = {
  onNidSubmit: 'nid-submit' as EventName<NidSubmitEvent>,
  onNidSuccess: 'nid-success' as EventName<NidSuccessEvent>,
  onNidError: 'nid-error' as EventName<NidErrorEvent>,
};

type JourneyElement = NidJourneyElements[keyof NidJourneyElements];

/** The props of a journey component: React's own for an element, the element's properties, its listeners. */
export type NidComponentProps<E extends JourneyElement> = Omit<HTMLAttributes<E>, keyof NidElementProperties<E> | keyof NidReactListeners> &
  NidElementProperties<E> &
  NidReactListeners;

/** A journey component: its props, and a ref to the element. */
export type NidComponent<E extends JourneyElement> = ForwardRefExoticComponent<NidComponentProps<E> & RefAttributes<E>>;

/** What `createComponent` needs to know about an element class (Lit's static property map). */
interface LitElementClass<E extends HTMLElement> {
  new (): E;
  readonly name: string;
  readonly elementProperties: ReadonlyMap<PropertyKey, { attribute?: boolean | string }>;
}

/** The attribute a property reflects from, as Lit names it, or undefined when it has none. */
function attributeOf(elementClass: LitElementClass<HTMLElement>, property: string): string | undefined {
  const attribute = elementClass.elementProperties.get(property)?.attribute;
  if (attribute === false) return undefined;
  if (typeof attribute === 'string') return attribute;
  return elementClass.elementProperties.has(property) ? property.toLowerCase() : undefined;
}

/** A property's value as an attribute, for the server's HTML: only strings, numbers and `true`. */
function attributeValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return value === true ? '' : undefined;
}

function journeyComponent<E extends JourneyElement>(tagName: keyof NidJourneyElements, elementClass: LitElementClass<E>): NidComponent<E> {
  const Inner = createComponent({ react: React, tagName, elementClass, events, displayName: `${elementClass.name}Element` });
  const Component = React.forwardRef<E, NidComponentProps<E>>((props, ref) => {
    const attributes: Record<string, string> = {};
    for (const [property, value] of Object.entries(props)) {
      const attribute = attributeOf(elementClass, property);
      const text = attributeValue(value);
      // `attribute !== property`: an attribute spelled like its property would be routed to the property again.
      if (attribute !== undefined && attribute !== property && text !== undefined) attributes[attribute] = text;
    }
    return React.createElement(Inner, { ...attributes, ...(props as object), ref } as Parameters<typeof Inner>[0]);
  });
  Component.displayName = elementClass.name;
  return Component as unknown as NidComponent<E>;
}

/** `<nid-register>` as a React component. */
export const NidRegister = journeyComponent('nid-register', RegisterElement as unknown as LitElementClass<RegisterElement>);
/** `<nid-activate>` as a React component. */
export const NidActivate = journeyComponent('nid-activate', ActivateElement as unknown as LitElementClass<ActivateElement>);
/** `<nid-forgot-password>` as a React component. */
export const NidForgotPassword = journeyComponent('nid-forgot-password', ForgotPasswordElement as unknown as LitElementClass<ForgotPasswordElement>);
/** `<nid-invite-form>` as a React component. */
export const NidInviteForm = journeyComponent('nid-invite-form', InviteFormElement as unknown as LitElementClass<InviteFormElement>);

/** `onnid-submit`, `onnid-success`, `onnid-error` on the bare tags, each with its event class. */
export type NidReactEventProps = {
  [K in keyof NidJourneyEvents as `on${K}`]?: (event: NidJourneyEvents[K]) => void;
};

/** The JSX props of one bare journey tag: React's own, the element's properties and attributes, its events. */
export type NidReactProps<E extends JourneyElement> = Omit<
  DetailedHTMLProps<HTMLAttributes<E>, E>,
  keyof NidElementProperties<E> | keyof NidElementAttributes<E> | keyof NidReactEventProps
> &
  NidElementProperties<E> &
  NidElementAttributes<E> &
  NidReactEventProps;

/** The intrinsic elements this module adds to `React.JSX`. */
export type NidReactIntrinsicElements = { [Tag in keyof NidJourneyElements]: NidReactProps<NidJourneyElements[Tag]> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends NidReactIntrinsicElements {}
  }
}
