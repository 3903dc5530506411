// A server component (no 'use client'): it renders the client component, which Next server-renders too.
import { SignUp } from '../../components/sign-up';

export default function RegisterPage() {
  return <SignUp baseDomain={process.env['NID_BASE_DOMAIN']!} />;
}
