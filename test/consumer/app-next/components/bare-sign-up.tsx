'use client';
import { useState } from 'react';
import 'nid-journeys/register';
import type {} from 'nid-journeys/react';

export function BareSignUp({ baseDomain }: { baseDomain: string }) {
  const [result, setResult] = useState('');
  return (
    <>
      <nid-register
        base-domain={baseDomain}
        client-id="next-consumer"
        redirect-uri="https://app.example/verified"
        settings={{ register_fields: [{ name: 'firstName', required: true }] }}
        onnid-success={(event) => setResult(`registered: ${event.journey} ${(event.detail as { status?: string }).status}`)}
      />
      <p id="result">{result}</p>
    </>
  );
}
