// A loopback TCP proxy in front of the relay, so a test can cut the network
// between the browser and the relay on purpose: cut() resets every open
// connection (the live event stream included) and refuses new ones until
// restore(). Bytes pass through untouched (Host header and all, so the
// relay's same-origin checks see the proxy's address, as the browser does).
import net from 'node:net';
import { freePort } from './relay.mjs';

export async function startProxy(targetPort) {
  const sockets = new Set();
  let down = false;
  const server = net.createServer((client) => {
    if (down) { client.resetAndDestroy(); return; }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
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
    stop: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}
