/**
 * `nid-journeys/react` (types only): the journey tags in React 19's JSX.
 *
 *     import type {} from 'nid-journeys/react'; // once, anywhere in the app
 *
 * React 19 sets a prop on a custom element as a property when the element
 * has one (`baseDomain`, `settings`, ...) and as an attribute otherwise
 * (`base-domain`), and adds any `on…` function prop as an event listener
 * (`onnid-success` listens to `nid-success`). The props are derived from the
 * element classes (props.ts), so they follow them.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { NidElementAttributes, NidElementProperties, NidJourneyElements, NidJourneyEvents } from './props.js';

export type { NidJourneyElements, NidJourneyEvents } from './props.js';

/** `onnid-submit`, `onnid-success`, `onnid-error`, each with its event class. */
export type NidReactEventProps = {
  [K in keyof NidJourneyEvents as `on${K}`]?: (event: NidJourneyEvents[K]) => void;
};

/** The JSX props of one journey element: React's own, the element's properties and attributes, its events. */
export type NidReactProps<E extends NidJourneyElements[keyof NidJourneyElements]> = Omit<
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
