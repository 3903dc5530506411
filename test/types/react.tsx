/**
 * Compile-only test of `nid-journeys/react` (npm run typecheck; never run):
 * what a React 19 application writes compiles, and a wrong prop or listener
 * does not (each `@ts-expect-error` fails the check if the line compiles).
 * Imports the package by name, as an application does: .config/tsconfig.types.json
 * maps the names to src/, and the consumer test checks this file again
 * against the packed package.
 */
import { NidActivate as Activate, NidForgotPassword as ForgotPassword, NidInviteForm as InviteForm, NidRegister as Register } from 'nid-journeys/react';
import 'nid-journeys/register';
import { NidErrorEvent, NidSuccessEvent, type NidRegister } from 'nid-journeys';
import { useRef } from 'react';

export function SignUp({ clientId }: { clientId: string }) {
  const ref = useRef<NidRegister>(null);
  return (
    <nid-register
      ref={ref}
      base-domain="https://id.eu.nextreason.com"
      client-id={clientId}
      redirect-uri="https://app.example/callback"
      env-id="eu-prod"
      settings-src="/nid/settings.json"
      request-timeout={20_000}
      ui-locales="de-DE fr-FR"
      theme="dark"
      className="sign-up"
      onnid-success={(event) => {
        const success: NidSuccessEvent = event;
        console.log(success.journey, success.detail);
      }}
      onnid-error={(event) => console.log(event.detail.code, event.detail.status)}
      onnid-submit={(event) => event.waitUntil(Promise.resolve())}
    >
      <p slot="footer">Already registered?</p>
    </nid-register>
  );
}

/** Properties by their own names: React 19 sets them on the element (objects too). */
export const byProperty = (
  <nid-register
    baseDomain="https://id.eu.nextreason.com"
    clientId="demo"
    redirectUri="https://app.example/callback"
    envId="eu-prod"
    password="none"
    requestTimeout={20_000}
    settings={{ default_locale: 'en-GB', register_fields: [{ name: 'firstName', required: true }] }}
    endpoints={{ register: '/custom/register' }}
    fields="firstName* lastName*"
  />
);

export const others = (
  <>
    <nid-activate base-domain="https://id.example" client-id="demo" redirect-uri="https://app.example/" user-id="ada@example.com" sign-in-url="/sign-in" />
    <nid-forgot-password baseDomain="https://id.example" clientId="demo" redirectUri="https://app.example/" codeParam="reset" />
    <nid-invite-form base-domain="https://id.example" action="/api/invite" auth-types="email sms" />
  </>
);

export const wrong = (
  <>
    {/* @ts-expect-error requestTimeout is a number */}
    <nid-register requestTimeout="soon" />
    {/* @ts-expect-error theme is light or dark */}
    <nid-register theme="blue" />
    {/* @ts-expect-error the attribute takes a number too */}
    <nid-register request-timeout="soon" />
    {/* @ts-expect-error settings is an object of the contract's shape */}
    <nid-register settings={{ default_locale: 42 }} />
    {/* @ts-expect-error no such property */}
    <nid-register baseDomian="https://id.example" />
    {/* @ts-expect-error a NidErrorEvent has no waitUntil */}
    <nid-register onnid-error={(event) => event.waitUntil(Promise.resolve())} />
    {/* @ts-expect-error the listener gets a NidSuccessEvent, not a NidErrorEvent */}
    <nid-register onnid-success={(event: NidErrorEvent) => event.detail.code} />
    {/* @ts-expect-error signInUrl is a property of <nid-activate>, not of <nid-register> */}
    <nid-register signInUrl="/sign-in" />
    {/* @ts-expect-error the OAuth parameters of v1 are gone: the API does not take them */}
    <nid-register state="xyz" />
    {/* @ts-expect-error read-only getters are not props */}
    <nid-register resolvedLocale="de-DE" />
    {/* @ts-expect-error methods are not props */}
    <nid-register announce={() => undefined} />
  </>
);

/** The components (`NidRegister`... from nid-journeys/react): the same props, listeners as `onNid…`. */
export function Components({ clientId }: { clientId: string }) {
  const ref = useRef<NidRegister>(null);
  return (
    <>
      <Register
        ref={ref}
        baseDomain="https://id.eu.nextreason.com"
        clientId={clientId}
        redirectUri="https://app.example/callback"
        settings={{ register_fields: [{ name: 'firstName', required: true }] }}
        className="sign-up"
        onNidSuccess={(event) => {
          const success: NidSuccessEvent = event;
          const status: string | undefined = event.detail.status;
          // @ts-expect-error the detail's keys are the documented ones
          console.log(success.journey, status, event.detail.password);
        }}
        onNidError={(event) => console.log(event.detail.code)}
        onNidSubmit={(event) => event.waitUntil(Promise.resolve())}
      >
        <p slot="footer">Already registered?</p>
      </Register>
      <Activate baseDomain="https://id.example" clientId="demo" redirectUri="https://app.example/" signInUrl="/sign-in" />
      <ForgotPassword baseDomain="https://id.example" clientId="demo" redirectUri="https://app.example/" />
      <InviteForm baseDomain="https://id.example" action="/api/invite" />
      {/* @ts-expect-error the listener gets a NidErrorEvent, which has no waitUntil */}
      <Register onNidError={(event) => event.waitUntil(Promise.resolve())} />
      {/* @ts-expect-error no such property */}
      <Register baseDomian="https://id.example" />
      {/* @ts-expect-error signInUrl is a property of <nid-activate> */}
      <Register signInUrl="/sign-in" />
      {/* @ts-expect-error the ref is the element of its own tag */}
      <Activate ref={ref} />
    </>
  );
}
