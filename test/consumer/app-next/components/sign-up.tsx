'use client';
import { useState } from 'react';
import { NidRegister } from 'nid-journeys/react';

/** The README's React example, with the result written into the page. */
export function SignUp({ baseDomain }: { baseDomain: string }) {
  const [result, setResult] = useState('');
  return (
    <>
      <NidRegister
        baseDomain={baseDomain}
        clientId="next-consumer"
        redirectUri="https://app.example/verified"
        settings={{ register_fields: [{ name: 'firstName', required: true }] }}
        onNidSuccess={(event) => setResult(`registered: ${event.journey} ${(event.detail as { status?: string }).status}`)}
        onNidError={(event) => setResult(`error: ${event.detail.code}`)}
      />
      <p id="result">{result}</p>
    </>
  );
}
