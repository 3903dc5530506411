// Against the README's advice: the component server-rendered on a page that receives a code.
import { Refresh } from '../../components/refresh';
import { ResetServerRendered } from '../../components/reset-ssr';

export default function ResetServerRenderedPage() {
  return (
    <>
      <ResetServerRendered baseDomain={process.env['NID_BASE_DOMAIN']!} />
      <Refresh />
    </>
  );
}
