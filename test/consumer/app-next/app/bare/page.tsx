// The bare tag, server-rendered: React 19 sets neither `settings` nor `onnid-success` on an element it hydrates (react/react#35446).
import { BareSignUp } from '../../components/bare-sign-up';

export default function BarePage() {
  return <BareSignUp baseDomain={process.env['NID_BASE_DOMAIN']!} />;
}
