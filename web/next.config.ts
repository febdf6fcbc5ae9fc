import type { NextConfig } from 'next';

// A static export: `catalog run` and the api function serve web/out/ as plain files.
const config: NextConfig = {
  output: 'export',
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  eslint: { ignoreDuringBuilds: true }, // `npm run lint` (make lint) runs ESLint with our own config
};

export default config;
