// An HTTP proxy in front of the relay for engines whose driver cannot run a
// script before the page's own (WebKit through classic WebDriver): every HTML
// page passing through gets, as the first element of its <head>, a script
// (served by this proxy from the page's own origin, so the page's
// Content-Security-Policy, script-src 'self', allows it) that records console
// messages and uncaught errors from the very start of the page's life. The
// test reads them back with each command (engines.mjs). Everything else is
// piped through unchanged, streams (the live event stream) included; the Host
// header stays the proxy's, so the relay's Origin check sees a same-origin
// request as the browser made it.
import http from 'node:http';

export const COLLECTOR_PATH = '/__foxo-test/collector.js';

export async function startCollectorProxy({ target, script }) {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    if (req.url === COLLECTOR_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(script);
      return;
    }
    const headers = { ...req.headers };
    // Pages are asked for uncompressed, so the script tag can be inserted.
    const page = (headers.accept || '').includes('text/html');
    if (page) delete headers['accept-encoding'];
    const up = http.request({ hostname: to.hostname, port: to.port, method: req.method, path: req.url, headers },
                            (r) => {
      const type = r.headers['content-type'] || '';
      if (!page || !type.startsWith('text/html') || r.headers['content-encoding']) {
        res.writeHead(r.statusCode, r.rawHeaders);
        r.pipe(res);
        return;
      }
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        const html = Buffer.concat(chunks).toString('utf8');
        const tag = `<script src="${COLLECTOR_PATH}"></script>`;
        const body = Buffer.from(/<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => h + tag) : tag + html);
        const out = { ...r.headers, 'content-length': String(body.length) };
        delete out['transfer-encoding'];
        delete out.etag;  // not the relay's bytes any more
        res.writeHead(r.statusCode, out);
        res.end(body);
      });
    });
    up.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`collector proxy: ${e.message}`);
    });
    req.pipe(up);
  });
  // Live streams stay open: closing must not wait for them.
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
