/**
 * The app's security headers, in one place for the preview server (vite.config.ts) and the service
 * worker (which adds them on static hosts that cannot set headers).
 */

/**
 * Hosts the app may connect to: model hosts (Hugging Face and its CDNs, web-llm's model libraries on
 * GitHub), OpenAI, and this computer (local model servers, Ollama, the tests). A deployment can
 * replace them at build time with INPAGE_CONNECT_SRC; hosts a user adds (a model by address, their
 * own endpoint) are added by the service worker.
 */
export const DEFAULT_CONNECT_HOSTS = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
  'https://api.openai.com',
  'http://localhost:*',
  'http://127.0.0.1:*',
];

export function contentSecurityPolicy(connectHosts: readonly string[]): string {
  return [
    "default-src 'none'",
    // WebAssembly (llama.cpp, web-llm's model libraries) needs wasm-unsafe-eval; nothing needs eval or inline script.
    "script-src 'self' 'wasm-unsafe-eval'",
    // wllama starts its own worker from a blob: URL.
    "worker-src 'self' blob:",
    `connect-src 'self' ${connectHosts.join(' ')}`,
    // Model output never loads remote images (the renderer shows placeholders), and the policy makes sure.
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Cross-origin isolation lets llama.cpp use threads (SharedArrayBuffer). */
export const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
