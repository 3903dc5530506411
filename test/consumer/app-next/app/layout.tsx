import Link from 'next/link';
import type { ReactNode } from 'react';

// No favicon request (a 404 would be a console error in the test).
export const metadata = { title: 'nid-journeys in Next', icons: { icon: 'data:,' } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <nav>
          <Link href="/register">Register</Link> <Link href="/elsewhere">Elsewhere</Link>
        </nav>
        <main>{children}</main>
      </body>
    </html>
  );
}
