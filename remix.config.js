/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The custom server is compiled with the app into build/index.js (one module graph).
  server: "./app/server.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Tailwind v4 is built by @tailwindcss/cli; Remix's built-in hook expects v3.
  tailwind: false,
  postcss: false,
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
