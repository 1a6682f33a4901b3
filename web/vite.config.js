import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The built files go to target/dist, which the gateway serves at / (gateway/nginx.conf.template).
// No inline script or style: the gateway's Content-Security-Policy allows only 'self'.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'target/dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    target: 'es2022',
    reportCompressedSize: true,
  },
  server: {
    // npm run dev: the APIs and config.json come from the gateway of ./twd up.
    proxy: Object.fromEntries(['/shops', '/orders', '/deliveries', '/messages', '/mypages', '/config.json']
      .map((path) => [path, 'http://127.0.0.1:8088'])),
  },
});
