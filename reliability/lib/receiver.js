// A webhook receiver that records every request: which idempotency key, when
// it started and ended. From that: side effects repeated for one key, and
// requests for the same stage in flight at once (two replicas running it).
const http = require('node:http');

/**
 * POST /hook/<name>?delayMs=N answers 200 after N ms (keeping the request in
 * flight, so a crash can land in the middle of it). The answer repeats the
 * key, so the stage's context shows which request it got.
 */
function startReceiver() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      const record = { key, path: url.pathname, start: Date.now(), end: undefined, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(record);
      const delayMs = Number(url.searchParams.get('delayMs') ?? 0);
      // /hook/refuse answers 418: the stage must fail (a right final status of TERMINAL)
      const status = url.pathname.startsWith('/hook/refuse') ? 418 : 200;
      const finish = () => {
        record.end = Date.now();
        if (!res.destroyed) {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: status === 200, key }));
        }
      };
      // a client that went away (killed backend) still counts as a delivered side effect
      if (delayMs > 0) setTimeout(finish, delayMs);
      else finish();
    });
  });
  return new Promise(resolve => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        /** requests per idempotency key */
        byKey() {
          const map = new Map();
          for (const r of requests) {
            if (!map.has(r.key)) map.set(r.key, []);
            map.get(r.key).push(r);
          }
          return map;
        },
        /**
         * Keys whose side effect completed more than once. A request cut off
         * by a crash and repeated with the SAME key is the contract (the
         * receiver deduplicates by key); what must not happen is two
         * different keys for one stage attempt, checked by the scenarios.
         */
        /** pairs of requests for the same stage attempt (key without task index) in flight at the same time */
        overlaps() {
          const found = [];
          const byStage = new Map();
          for (const r of requests) {
            const stage = String(r.key).split(':').slice(0, 2).join(':');
            if (!byStage.has(stage)) byStage.set(stage, []);
            byStage.get(stage).push(r);
          }
          for (const [stage, list] of byStage) {
            for (let i = 0; i < list.length; i++) {
              for (let j = i + 1; j < list.length; j++) {
                const a = list[i];
                const b = list[j];
                const aEnd = a.end ?? Infinity;
                const bEnd = b.end ?? Infinity;
                if (a.start < bEnd && b.start < aEnd) found.push({ stage, a, b });
              }
            }
          }
          return found;
        },
        close: () => new Promise(r => {
          server.closeAllConnections?.();
          server.close(() => r());
        }),
      });
    });
  });
}

module.exports = { startReceiver };
