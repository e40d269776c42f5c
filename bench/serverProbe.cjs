// Preloaded into the language server by the bench only (`node --expose-gc --require bench/serverProbe.cjs
// dist/server.js --stdio`), so that the product code needs no metrics hook. It answers the bench over
// the IPC channel: the process's CPU time and memory, after a full GC when asked.
'use strict';
// Where RSS goes, for the bench's JSON: anonymous vs file-backed pages (Linux), and V8's spaces.
function memoryDetail() {
  const out = { spaces: {} };
  for (const s of require('node:v8').getHeapSpaceStatistics())
    out.spaces[s.space_name] = { size: s.space_size, used: s.space_used_size, physical: s.physical_space_size };
  try {
    const status = require('node:fs').readFileSync('/proc/self/status', 'utf8');
    for (const key of ['RssAnon', 'RssFile', 'RssShmem']) {
      const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(status);
      if (m) out[key] = Number(m[1]) * 1024;
    }
  } catch {
    // not Linux
  }
  return out;
}

if (typeof process.send === 'function') {
  let gcProbes = 0;
  process.on('message', (msg) => {
    if (!msg || msg.probe !== true) return;
    if (msg.gc && typeof global.gc === 'function') {
      global.gc();
      global.gc();
      gcProbes += 1;
      // BENCH_HEAP_SNAPSHOT=<dir>: a heap snapshot after the full sync (the second GC probe), to see where memory goes.
      if (gcProbes === 2 && process.env.BENCH_HEAP_SNAPSHOT)
        require('node:v8').writeHeapSnapshot(
          require('node:path').join(process.env.BENCH_HEAP_SNAPSHOT, `server-${process.pid}.heapsnapshot`),
        );
    }
    process.send({
      probe: true,
      id: msg.id,
      cpu: process.cpuUsage(),
      memory: process.memoryUsage(),
      detail: msg.gc ? memoryDetail() : undefined,
    });
  });
  // The IPC channel must not keep the server alive once LSP says exit.
  process.channel?.unref();
}
