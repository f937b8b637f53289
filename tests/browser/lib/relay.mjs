// Starts the real relay binary for one test: a free loopback port, a fresh
// data dir, --dev; resolves once the relay printed its "listening" line AND
// that port answers /api/v1/health with this process's answer (the packaged
// cpp-httplib sets SO_REUSEPORT, so another process could share the port).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, readlink, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A port the kernel just handed out; the relay binds it right after.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Every socket listening on `port` (IPv4 and IPv6) must belong to `pid`:
// with SO_REUSEPORT a second process could otherwise take half our requests.
async function listenersAreOurs(port, pid) {
  const inodes = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = await readFile(table, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue;  // 0A: LISTEN
      if (parseInt(f[1].split(':')[1], 16) === port) inodes.push(f[9]);
    }
  }
  if (inodes.length === 0) return false;
  const ours = new Set();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`));
      if (m) ours.add(m[1]);
    } catch { /* fd closed meanwhile */ }
  }
  return inodes.every((i) => ours.has(i));
}

export async function startRelay({ binary, www, extraArgs = [], log = () => {} }) {
  if (!binary) throw new Error('no relay binary given (FOXO_RELAY)');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'foxo-browser-'));
  const port = await freePort();
  const args = ['--dev', '--port', String(port), '--data', dataDir, ...extraArgs];
  if (www) args.push('--www', www);
  // Through setpriv (util-linux), which execs the relay with a parent-death
  // signal: if this Node process dies without stop() (a crash, ctest's
  // timeout), the relay dies with it instead of living on as an orphan.
  // The pid stays the relay's own (exec, no extra process).
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise((resolve, reject) => {
    const want = `listening on http://127.0.0.1:${port}`;
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      log(text);
      if (output.includes(want)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) =>
      reject(new Error(`relay exited (${code ?? signal}) before listening:\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // Wait for the exit event, not a fixed time; escalate if it hangs.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await listening;
    const url = `http://127.0.0.1:${port}`;
    const res = await fetch(`${url}/api/v1/health`);
    const health = await res.json();
    if (!res.ok || health.dev !== true) throw new Error(`port ${port} answered health with ${res.status} ${JSON.stringify(health)}`);
    if (!(await listenersAreOurs(port, child.pid))) throw new Error(`another process also listens on port ${port}`);
    return { url, port, dataDir, pid: child.pid, stop, output: () => output };
  } catch (e) {
    await stop();
    throw e;
  }
}
