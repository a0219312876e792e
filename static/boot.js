// Starts the playground. It lives in its own file, not inline in the page, so that the page works
// under a strict Content Security Policy (script-src 'self' 'wasm-unsafe-eval', no inline script).
// The build names the app's files by their hash and preloads them: their addresses are read from
// those preload links.
const script = document.querySelector('link[rel="modulepreload"]');
const wasm = document.querySelector('link[rel="preload"][as="fetch"]');
const { default: init } = await import(script.href);
await init({ module_or_path: wasm.href });
