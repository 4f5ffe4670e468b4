'use client';

import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * The QR code of `text` as an SVG data URL (dark on white, error correction M, a one-module margin), or null
 * while it is being made, when `text` is empty, or when it cannot be encoded.
 */
export function useQrCode(text: string): string | null {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    if (text === '') return;
    let cancelled = false;
    QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#0b0d12', light: '#ffffff' } }).then(
      (made) => {
        if (!cancelled) setSvg(made);
      },
      () => {
        if (!cancelled) setSvg(null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [text]);
  return svg === null ? null : `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
