import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Kata code imports the engine by this stable name, from exercises/, solutions/ and workspaces alike.
    alias: { 'minigpt-kata/tensor': fileURLToPath(new URL('./tensor/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      // Hangs and memory exhaustion take minutes: `npm run test:validity` (KATA_SLOW=1) runs them.
      ...(process.env.KATA_SLOW === '1' ? [] : ['test/**/*.slow.test.ts']),
      // These drive a real Chromium: `npm run test:browser` (KATA_BROWSER=1) runs them; `npm test` needs no browser.
      ...(process.env.KATA_BROWSER === '1' ? [] : ['test/**/*.browser.test.ts']),
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
