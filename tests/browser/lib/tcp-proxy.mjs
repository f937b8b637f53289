// A loopback TCP proxy in front of the relay, so a test can cut the network
// between the browser and the relay on purpose: cut() resets every open
// connection (the live event stream included) and refuses new ones until
// restore(); or silenceStreams() leaves every open live event stream
// (GET /api/v1/events) connected but silent for ever in both directions, as a
// phone's suspended tab finds its long-lived sockets (nobody tells the
// browser), while other and new connections work. Bytes pass through
// untouched (Host header and all, so the relay's same-origin checks see the
// proxy's address, as the browser does).
import net from 'node:net';
import { freePort } from './relay.mjs';

export async function startProxy(targetPort) {
  const sockets = new Set();
  const pairs = new Set();
  let down = false;
  const server = net.createServer((client) => {
    if (down) { client.resetAndDestroy(); return; }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    const pair = { client, upstream, stream: false };
    pairs.add(pair);
    // A kept-alive connection may carry other requests before the stream's.
    client.on('data', (chunk) => {
      const head = chunk.toString('latin1', 0, 24);
      if (/^[A-Z]+ \//.test(head)) pair.stream = head.startsWith('GET /api/v1/events');
    });
    client.on('close', () => pairs.delete(pair));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      down = true;
      for (const s of sockets) s.resetAndDestroy();
    },
    restore() { down = false; },
    // How many streams it silenced.
    silenceStreams() {
      let n = 0;
      for (const pair of pairs) {
        if (!pair.stream) continue;
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        pair.client.pause();
        pair.upstream.pause();
        pairs.delete(pair);
        ++n;
      }
      return n;
    },
    stop: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}
