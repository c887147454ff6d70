/**
 * Writes fixtures/hostile/: inputs that must never crash, hang or lose text.
 * Run once with `node --import tsx scripts/make-hostile-fixtures.ts`; the files are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '..', 'fixtures', 'hostile');
mkdirSync(dir, { recursive: true });
let seed = 42;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };

const files: Record<string, string | Buffer> = {
  'binary-junk.meminfo': Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i % 97 === 0 ? 10 : Math.floor(rnd() * 256)))),
  'nul-bytes.meminfo': 'MemTotal:       16384000 kB\nMemFree:\0\0\0  1000 kB\nMemAvailable:    8000000 kB\n\0\0\0\0\nSUnreclaim:\0 500 kB\n',
  'one-5mb-line.txt': 'MemTotal: ' + 'x'.repeat(5 * 1024 * 1024) + '\nMemFree: 1 kB\n',
  'huge-numbers.meminfo': `MemTotal:       ${'9'.repeat(400)} kB\nMemFree:        ${'1'.repeat(30)} kB\nMemAvailable:   123 kB\nSUnreclaim:     1e30 kB\n`,
  'negative-and-fractional.meminfo': 'MemTotal:       16384000 kB\nMemFree:        -1024 kB\nMemAvailable:   1.5 kB\nCached:         0.25 kB\nSUnreclaim:     -0 kB\n',
  'duplicate-keys.memory.stat': 'anon 100\nfile 200\nanon 300\nanon 400\nkernel 5\n',
  'ten-thousand-headers.txt': Array.from({ length: 10000 }, (_, i) => `==> x${i} <==`).join('\n') + '\n',
  'script-names.slabinfo': [
    'slabinfo - version: 2.1',
    '# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>',
    '<script>alert(1)</script>  100 100 64 64 1 : tunables 0 0 0 : slabdata 2 2 0',
    '<img_src=x_onerror=alert(2)>  100 100 64 64 1 : tunables 0 0 0 : slabdata 2 2 0',
    'キャッシュ_ünïcødé  100 100 64 64 1 : tunables 0 0 0 : slabdata 2 2 0',
    'kmalloc-64 100 100',
    'dentry 1 2 3 4 5 : tunables 0 0',
  ].join('\n') + '\n',
  'script-process-names.oom.txt': [
    '[  100.000001] <script>x</script> invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0',
    '[  100.000002] Tasks state (memory values in pages):',
    '[  100.000003] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
    '[  100.000004] [   1234]     0  1234   100000    50000   409600        0          1000 <img src=x onerror=alert(1)>',
    '[  100.000005] [   1235]     0  1235   100000',
    '[  100.000006] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=</script>,pid=1234,uid=0',
    '[  100.000007] Out of memory: Killed process 1234 (<img src=x onerror=alert(1)>) total-vm:400000kB, anon-rss:200000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:400kB oom_score_adj:1000',
  ].join('\n') + '\n',
  'truncated-rows.vmstat': 'nr_free_pages 1000\nnr_inactive_anon\npgmajfault 12 13\nnr_dirty 5\npswp',
  'cr-only.meminfo': 'MemTotal:       16384000 kB\rMemFree:         1000000 kB\rMemAvailable:    1200000 kB\rSUnreclaim:      4000000 kB\r',
  'bom-crlf.meminfo': '\ufeffMemTotal:       16384000 kB\r\nMemFree:         1000000 kB\r\nMemAvailable:    9000000 kB\r\n',
};
for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
console.log(`wrote ${Object.keys(files).length} files to ${dir}`);
