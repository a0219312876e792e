// A tiny static file server for the end-to-end tests.
//
// It serves the release build in dist/ under the sub-path the playground is
// published at (/courses/ds/playground/), so the tests catch any asset URL
// that wrongly assumes the site lives at "/". Everything outside that prefix
// is a 404, except "/" and the bare prefix, which redirect to the app.
//
// Environment:
//   DIST_DIR  folder to serve (default: ../../dist relative to this file)
//   PORT      port to listen on (default: 4173), always on 127.0.0.1
//   FRAME_SRC origins, space-separated, whose pages may be shown in frames here besides this
//             server's own (default: none); a course page served here embeds the playground
//             from one of them
//
// Every response carries the strict Content Security Policy the playground must work under (no
// inline script or style, no eval, nothing from another origin), so every test runs under it.
// With FRAME_SRC the policy adds `frame-src 'self'` and those origins, and nothing else.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.env.DIST_DIR || path.join(here, '..', '..', 'dist'));
const port = Number(process.env.PORT || 4173);
const prefix = '/courses/ds/playground/';
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const frames = (process.env.FRAME_SRC || '').trim();
const policy = frames ? `${CSP}; frame-src 'self' ${frames}` : CSP;

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

const server = http.createServer((req, res) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }

  if (pathname === '/' || pathname === prefix.slice(0, -1)) {
    return send(res, 302, 'moved\n', { location: prefix });
  }
  if (!pathname.startsWith(prefix)) {
    return send(res, 404, 'not found (the app lives under ' + prefix + ')\n');
  }

  // Map the rest of the URL onto a file in dist/, refusing anything that
  // would climb out of it.
  let file = path.join(root, pathname.slice(prefix.length));
  if (file !== root && !file.startsWith(root + path.sep)) {
    return send(res, 403, 'forbidden\n');
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    file = path.join(file, 'index.html');
  }
  if (!fs.existsSync(file)) {
    return send(res, 404, 'not found\n');
  }

  const type = types[path.extname(file).toLowerCase()] || 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': policy });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(file).pipe(res);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`serving ${root} at http://127.0.0.1:${port}${prefix}`);
});
