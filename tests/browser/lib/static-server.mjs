// A stand-in for the relay's web side, for client work and the smoke test
// when no relay binary is available: serves the web root with the relay's
// routes (/, /t/*, /staff, /r/* -> index.html) and answers the few API calls
// the first screen makes as a fresh --dev relay would.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './relay.mjs';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startStaticServer({ www }) {
  const root = path.resolve(www);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = decodeURIComponent(url.pathname);
    if (p === '/api/v1/health') return json(res, 200, { status: 'ok', dev: true, static_stand_in: true });
    if (p === '/api/v1/guest/me') return json(res, 401, { error: { code: 'unauthenticated', message: 'Sign in first.' } });
    if (p === '/api/v1/teams/intake') {
      return json(res, 200, {
        organisation: { slug: 'demo-health', name: 'Demo Health' },
        team: { slug: 'intake', name: 'Intake Team' },
        identifiers: [],
        subjects: ['Missing Report', 'Request Call back'],
      });
    }
    if (p.startsWith('/api/')) return json(res, 404, { error: { code: 'not_found', message: 'Not found.' } });
    const page = p === '/' || p === '/staff' || p.startsWith('/t/') || p.startsWith('/r/');
    const file = page ? path.join(root, 'index.html') : path.join(root, path.normalize(p));
    if (!file.startsWith(root)) return json(res, 404, { error: { code: 'not_found', message: 'Not found.' } });
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      json(res, 404, { error: { code: 'not_found', message: 'Not found.' } });
    }
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(r)) };
}

// `node static-server.mjs WWW_DIR [PORT]`: serve for manual work.
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startStaticServer({ www: process.argv[2] || 'build/www' });
  console.log(`serving on ${s.url}`);
}
