// Backstage's signals backend starts listening for WebSocket upgrades only
// when the first upgrade request reaches its router, and leaves that first
// request hanging (@backstage/plugin-signals-backend, router upgradeMiddleware).
// The first browser then misses live updates until its SignalClient
// reconnects (1 s connect timeout + 5 s). Sending one upgrade before anyone
// opens the portal takes that hit here.
const crypto = require('node:crypto');
const http = require('node:http');

/** One WebSocket handshake; resolves with the status (101 on success) or 'timeout'. */
function handshake(url, token, timeoutMs) {
  return new Promise(resolve => {
    const req = http.request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        // The SignalClient sends the Backstage token as the subprotocol.
        'Sec-WebSocket-Protocol': token,
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('timeout');
    }, timeoutMs);
    req.on('upgrade', (res, socket) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(res.statusCode);
    });
    req.on('response', res => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve('error');
    });
    req.end();
  });
}

/** Handshakes until one upgrades (at most `timeoutMs`); throws with the last outcome otherwise. */
async function warmUpSignals(backendUrl, token, timeoutMs = 60_000) {
  const url = `${backendUrl}/api/signals`;
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await handshake(url, token, 3000);
    if (last === 101) return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(
    `${url}: no WebSocket upgrade within ${timeoutMs / 1000} s (last: ${last})`,
  );
}

module.exports = { warmUpSignals };
