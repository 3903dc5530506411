// A page that receives a code (?code=...): components/reset.tsx is the README's Next.js recipe as
// written (the test copies it from the packed README, with its own service's address).
import { Refresh } from '../../components/refresh';
import { Reset } from '../../components/reset';

export default function ResetPage() {
  return (
    <>
      <Reset />
      <Refresh />
    </>
  );
}
