import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The protocol package ships compiled ESM; transpiling keeps one module graph for Yjs.
  transpilePackages: ['@promptjam/protocol'],
  poweredByHeader: false,
};

export default nextConfig;
