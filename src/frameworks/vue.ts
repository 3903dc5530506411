/**
 * `nid-journeys/vue` (types only): the journey tags in Vue's
 * `GlobalComponents`, so that vue-tsc (Volar) checks their props and events in
 * templates, as Vue's guide suggests for custom elements not built with Vue.
 *
 *     import type {} from 'nid-journeys/vue'; // once, anywhere in the app
 *
 * Vue sets a bound prop on a custom element as a property when the element
 * has one (`:settings="…"`), and `@nid-success` listens to `nid-success`.
 * Tell the template compiler that the tags are custom elements:
 * `compilerOptions.isCustomElement: (tag) => tag.startsWith('nid-')`. The
 * props are derived from the element classes (props.ts), so they follow them.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { NidElementProperties, NidJourneyElements, NidJourneyEvents } from './props.js';

export type { NidJourneyElements, NidJourneyEvents } from './props.js';

/**
 * A journey element as Vue's type checker sees a component: `$props` and
 * `$emit` exist for template checking only, not on the element.
 */
export type NidVueElement<E extends NidJourneyElements[keyof NidJourneyElements]> = new () => E & {
  /** @deprecated For template type checking only: custom elements have no `$props`. */
  $props: Omit<HTMLAttributes, keyof NidElementProperties<E>> & NidElementProperties<E> & PublicProps;
  /** @deprecated For template type checking only: custom elements have no `$emit`. */
  $emit: EmitFn<{ [K in keyof NidJourneyEvents]: (event: NidJourneyEvents[K]) => void }>;
};

/** The global components this module adds to Vue. */
export type NidVueGlobalComponents = { [Tag in keyof NidJourneyElements]: NidVueElement<NidJourneyElements[Tag]> };

declare module 'vue' {
  interface GlobalComponents extends NidVueGlobalComponents {}
}
