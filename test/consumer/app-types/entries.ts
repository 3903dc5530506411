// Every entry of the package as a TypeScript app imports it, compiled with node16, bundler
// and node (node10) resolution by typescript-resolution.test.ts. Each `@ts-expect-error`
// proves that a type is really there: with an entry typed `any`, the line would compile.
import { NidRegister, NidSuccessEvent, shippedLocales } from 'nid-journeys';
import { NidRegister as RegisterEntry } from 'nid-journeys/register';
import { NidActivate } from 'nid-journeys/activate';
import { NidForgotPassword } from 'nid-journeys/forgot-password';
import { NidInviteForm } from 'nid-journeys/invite-form';
import { NidErrorEvent } from 'nid-journeys/elements';
import { createPreRegisterHandler, type FetchHandler } from 'nid-journeys/server';
import { completeJourney } from 'nid-journeys/oauth';
import type {} from 'nid-journeys/react';
import type {} from 'nid-journeys/vue';
import { NidRegister as ModuleBundleRegister } from 'nid-journeys/nid-journeys.mjs';

export const sameClass: typeof NidRegister = RegisterEntry;
export const moduleBundle: typeof NidRegister = ModuleBundleRegister;
// @ts-expect-error not the same element
export const notTheSame: typeof NidActivate = RegisterEntry;

// The tags, through HTMLElementTagNameMap.
export const elements: [NidRegister, NidActivate, NidForgotPassword, NidInviteForm] = [
  document.createElement('nid-register'),
  document.createElement('nid-activate'),
  document.createElement('nid-forgot-password'),
  document.createElement('nid-invite-form'),
];
elements[0].addEventListener('nid-success', (event) => {
  const typed: NidSuccessEvent = event;
  console.log(typed.journey, shippedLocales.length);
});
export const onError = (event: NidErrorEvent): string => event.detail.code;

export const handler: FetchHandler = createPreRegisterHandler({
  baseDomain: 'https://id.example.com',
  clientId: 'my-client',
  clientSecret: 'from-the-environment',
  redirectUri: 'https://app.example.com/activated',
  authorize: () => true,
});
// @ts-expect-error clientId, clientSecret, redirectUri and authorize are required
createPreRegisterHandler({ baseDomain: 'https://id.example.com' });
// @ts-expect-error completeJourney needs its options
void completeJourney();
