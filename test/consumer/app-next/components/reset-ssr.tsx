'use client';
import { NidForgotPassword } from 'nid-journeys/react';

export function ResetServerRendered({ baseDomain }: { baseDomain: string }) {
  return <NidForgotPassword baseDomain={baseDomain} clientId="next-consumer" redirectUri="https://app.example/reset" />;
}
