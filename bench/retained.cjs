// Child process of bench/run.ts (run with --expose-gc): heap the service keeps for an
// analysed document, after a full GC. argv: <bundled service .cjs> <input file>
const { readFileSync } = require('node:fs');
const { createKmemService } = require(process.argv[2]);
const text = readFileSync(process.argv[3], 'utf8');
const svc = createKmemService();
global.gc();
const before = process.memoryUsage().heapUsed;
const doc = svc.analyse('file:///bench', 1, text);
global.gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ textBytes: text.length, retainedBytes: after - before, sections: doc.analysis.parsed.sections.length }));
