import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The bridge client is a classic script so it runs before the renderer's module script. */
export default defineConfig({
  build: {
    outDir: resolve(import.meta.dirname, 'out/bridge-client'),
    emptyOutDir: true,
    lib: {
      entry: resolve(import.meta.dirname, 'src/bridge-client/index.ts'),
      formats: ['iife'],
      name: 'crossbucketBridge',
      fileName: () => 'bridge-client.js',
    },
  },
});
