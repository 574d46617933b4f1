import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The C++ build embeds dist/ into the shuzhi binary, which serves it at / with an SPA fallback
// (unknown non-/api paths return index.html; /v and /v/… return vote/index.html, the evaluator's
// phone page). Keep the output deterministic: content hashes only, no timestamps, no source maps.
// Two entries: the admin app (index.html) and the phone ballot page (vote/index.html), which imports
// nothing from node_modules but blakejs (in a chunk of its own, for the offline receipt check) so
// that it stays small; es2017 for the phones DESIGN.md §6 names.

// package.json's browserslist (DESIGN.md §6: WeChat's browser, Android 7+ WebView, iOS Safari 12+)
// as build targets, so that the lowering of JS and CSS follows the one list;
// scripts/check-syntax.mjs then checks the output.
const TARGET_NAMES: Record<string, string> = { chrome: 'chrome', and_chr: 'chrome', safari: 'safari', ios_saf: 'ios' };
function browserTargets(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { browserslist: string[] };
  const targets = pkg.browserslist.map((query) => {
    const m = /^(\w+) >= ([\d.]+)$/.exec(query);
    if (!m || !TARGET_NAMES[m[1]]) throw new Error(`vite.config.ts: a browserslist entry it cannot map: "${query}"`);
    return TARGET_NAMES[m[1]] + m[2];
  });
  return [...new Set(targets)];
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus components are imported on demand (with their CSS) as templates use them.
    // components.d.ts is committed so that `vue-tsc` type-checks templates before the first build.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: ['es2017', ...browserTargets()],
    cssCodeSplit: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        vote: fileURLToPath(new URL('./vote/index.html', import.meta.url)),
      },
      output: {
        // One vendor chunk (Vue, Element Plus, i18n, router, Pinia) instead of many small shared
        // chunks: fewer files to embed, and stable names as app pages change. ECharts (with
        // zrender) is its own chunk, loaded only by the pages that draw charts.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 2 },
            // The phone page's one dependency: never in the admin app's vendor chunk.
            { name: 'blake', test: /[\\/]node_modules[\\/]blakejs[\\/]/, priority: 3 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
