import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'promptjam',
  description: 'Co-edit one prompt; SDXL Turbo redraws the picture for everyone as you type.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0b0d12', colorScheme: 'dark' };

/** The document shell shared by every page: dark theme, system fonts (no web fonts: the app must run offline). */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
