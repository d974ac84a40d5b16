import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The web app is served by the API server from web/dist (same origin, strict CSP), so the build
// must not need inline scripts or styles; in development Vite proxies /api to the local server.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
})
