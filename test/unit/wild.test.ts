// The wild corpus (test/wild): real pastes from public issues, mailing lists and blogs, each with
// the story an SRE would tell (stories.json). Each test checks that story: the kinds read, the
// numbers as written, the OOM victim, scope and cgroup, the top slab cache, and whether the tool
// raised an alarm (or, for a healthy machine, none).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/analysis/analyze';
import type { KeyValueSection, OomReportSection, OpaqueSection, PressureSection, SlabinfoSection } from '../../src/model';
import type { Analysis } from '../../src/analysis/analyze';

interface Story {
  file: string;
  story: string;
  kinds: string[];
  healthy: boolean;
  expect?: {
    oom?: { victimName?: string; victimPid?: number; global?: boolean; memcg?: string; killCount?: number; invoker?: string; limitBytes?: number; usageBytes?: number };
    meminfo?: Record<string, number>;
    slab?: { topCache?: string };
    [k: string]: unknown;
  };
}

const WILD = path.join(process.cwd(), 'test', 'wild');

/**
 * Stories the tool does not tell in full, each for a stated reason: an alarm it does not raise (the
 * test asserts it still stays below one) or, on a healthy machine, one it cannot avoid from the capture
 * alone (the test asserts it is still there). The day either changes, this list must shrink. Every other
 * part of their story (kinds, numbers, victims) is still checked.
 */
const KNOWN_GAPS: Record<string, string> = {
  'meminfo-256g-kmalloc-2048-leak-open-cas-partial.txt': 'the paste stops before Slab and HugePages: the 106 GB it cannot place is held, not reclaimable (MemAvailable says so, and the info names it), but a reserved hugetlb pool looks the same in these lines (meminfo-566g-hugetlb-reserved-htop-partial is one), so no leak verdict.',
  'meminfo-64g-zfs-arc-32g-hidden-6.8-unaccepted-htop-partial.txt': 'a healthy ZFS desktop whose 31 GiB of ARC is in no meminfo counter: from meminfo alone that is the same as a driver leak, so the unaccounted-memory warning stands (it names the ARC first and arcstats to check); the post, not the capture, says ZFS.',
  'pagetypeinfo-16g-vm-normal-no-order9-free-thp-defrag-wrapped.txt': 'free lists alone: 2.9 GiB free and only 90 MiB of it in 2 MiB blocks is said (information), but whether transparent huge pages are in use, and so whether this hurts, is not in the capture.',
  'meminfo-16g-before-after-six-lines-cached-5.5g-to-2.7g-memfree-rises-memavailable-steady-partial.txt': 'two six-line excerpts: page cache fell 2.8 GB while MemFree rose as much and MemAvailable held (cache reclaimed and left unused); comparing two captures for over-reclaim is not a rule yet, and neither capture alone is wrong.',
  'meminfo-240g-aws-i3en-md-raid0-dirty-4.8g-writeback-270m-stuck-wbt-hang-memavailable-96pct.txt': 'one snapshot with 2 % of memory dirty cannot show that writeback is stuck; the post says so, the numbers do not.',
  'free-g-16g-upload-fails-used-15g-cached-0-slab-suspected-collapsed.txt': 'an old free -g with no available column, rounded to whole GiB: 2 of 15 GiB free after buffers and cache (13 %) is above the low-available threshold; the failed uploads are in the post, and what holds the 12 GiB is in no line of it.',
  'cgroup-v2-gnome-shell-memory-swap-current-712m-vs-smaps-rollup-swap-435m-after-tail-dev-zero-5.16.txt': 'the story is a sum: eight processes\' smaps_rollup Swap lines (a shell loop with ls -l between them) against the cgroup\'s memory.swap.current; the loop\'s per-process lines are not joined to the cgroup, so 254 MiB of swap charged to no process is not seen.',
  'meminfo-64g-kvm-host-3.x-buffers-36g-swap-2.8g-used-swappiness-0-no-memavailable-committed-over-limit.txt': 'one meminfo cannot show swapping happening now: 3 GB of 32 GB swap in use beside 36 GB of buffers looks like a cache-heavy host; that it swaps with swappiness 0 is in the post.',
  'buddyinfo-64g-4node-kvm-host-3.x-over-eager-swapping-normal-34m-203m-free-no-order9-10-outside-dma.txt': 'free lists without zone sizes: 150 to 200 MiB free per node of a 64 GB host is near the watermarks, but buddyinfo does not say how large each zone is (zoneinfo or meminfo would), so only the fragmentation is said (information).',
  'slabinfo-grep-2.6.16-2g-desktop-dentry-cache-1.87m-objs-388m-swapping-to-death-no-header.txt': 'two grepped rows: a 385 MiB dentry cache is reclaimable by design and no MemTotal or second capture is there to show that it does not shrink (the information names it); that the box swaps to death is in the post.',
  'free-old-procps-30g-desktop-shared-13g-tmpfs-cached-15g-minus-buffers-cache-19g-free-misleading-earlyoom-killed-virtualbox.txt': 'an old free -h with no available column: once its 13 GiB of shared memory (tmpfs) is taken out, at most 5.8 GiB (19 %) could be available with no swap, said as information; below the low-available threshold it is not, and that earlyoom killed VirtualBox is in the post.',
  'allocinfo-6.15-ice-x810-hypervisor-after-6-days-ice-alloc-mapped-page-3.3g-412k-calls-leak-sort-g-tail-15-qp-decoded-partial.txt': 'one allocinfo snapshot: the ice driver\'s 3.1 GiB is the largest call site, but that it tripled in six days is only seen beside the fresh-boot snapshot (the other file; together they earn allocinfo/site-growing, tested in layouts-round18).',
  'slabtop-centos7-docker-run-memory-limit-leak-slab-3.1g-kmalloc-32-64-dentry-368m-fence-on-header-line-partial.txt': 'one slabtop screen with no MemTotal beside it: 3.1 GiB of slab with half its objects free is read and ranked (dentry first), but that it grows whenever a container starts with --memory is in the post, and a second screen would show it.',
  'meminfo-2.4.2-embedded-6mb-inact-dirty.txt': 'free + page cache are 62 % of a 6 MB box and 2.4 has no MemAvailable: the numbers show no shortage; the failed 3.5 MB allocation is in the post, not the capture.',
};
const stories: Story[] = JSON.parse(readFileSync(path.join(WILD, 'stories.json'), 'utf8'));

describe('wild corpus: the right story on real pastes', () => {
  test('the corpus holds at least 40 real captures, each with a source line, and 10 healthy machines of 128 GB or more', () => {
    const sources = readFileSync(path.join(WILD, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]);
    assert.ok(stories.length >= 40, `${stories.length} stories`);
    for (const s of stories) assert.ok(sources.some((f) => s.file.endsWith(f)), `no source for ${s.file}`);
    const big = stories.filter((s) => s.healthy && (s.expect?.meminfo?.MemTotalKiB ?? 0) >= 128 * 1024 * 1024);
    assert.ok(big.length >= 10, `${big.length} healthy machines of 128 GB or more`);
    for (const k of Object.keys(KNOWN_GAPS)) assert.ok(stories.some((s) => s.file.endsWith(k)), `KNOWN_GAPS names ${k}, which is not in the corpus`);
  });

  for (const s of stories) {
    test(`${path.basename(s.file)}: ${s.story.slice(0, 90)}…`, () => {
      const text = readFileSync(path.join(WILD, s.file), 'utf8');
      const a = analyzeText(text, { fileName: path.basename(s.file) });
      const kinds = new Set(a.parsed.sections.map((x) => x.kind));
      for (const k of s.kinds) assert.ok(kinds.has(k as never), `expected a ${k} section, got ${[...kinds].join(', ')}`);
      const alarms = a.findings.filter((f) => f.severity !== 'info');
      const gap = KNOWN_GAPS[path.basename(s.file)];
      if (s.healthy && gap) assert.ok(alarms.length > 0, `a known gap is now quiet: take it off KNOWN_GAPS (${gap})`);
      else if (s.healthy) assert.deepEqual(alarms.map((f) => `${f.rule}: ${f.message}`), [], 'a healthy machine earns no warning');
      else if (gap) assert.equal(alarms.length, 0, `a known gap now earns an alarm: take it off KNOWN_GAPS (${gap})`);
      else assert.ok(alarms.length > 0, `an unhealthy capture earns an alarm; findings: ${a.findings.map((f) => f.rule).join(', ') || 'none'}`);

      const mi = a.parsed.sections.filter((x): x is KeyValueSection => x.kind === 'meminfo');
      for (const [k, v] of Object.entries(s.expect?.meminfo ?? {})) {
        const key = k.replace(/KiB$/, '');
        assert.ok(mi.some((x) => x.byKey[key]?.value === v), `meminfo ${key} = ${v} kB (read: ${mi.map((x) => x.byKey[key]?.value).join(', ')})`);
      }
      const o = s.expect?.oom;
      if (o) {
        const events = a.metrics.oom;
        assert.ok(events.length > 0, 'an OOM event is decoded');
        const kills = events.filter((e) => e.event.victimPid !== undefined || e.event.killLine !== undefined || e.event.victimName !== undefined);
        const victim = o.victimPid !== undefined ? kills.find((e) => e.event.victimPid === o.victimPid) : kills.find((e) => e.event.victimName === o.victimName);
        if (o.victimPid !== undefined || o.victimName !== undefined) assert.ok(victim, `victim ${o.victimName} ${o.victimPid}; decoded: ${kills.map((e) => `${e.event.victimName}/${e.event.victimPid}`).join(', ')}`);
        const e = victim ?? events[0];
        if (o.victimName !== undefined) assert.equal(e.event.victimName, o.victimName);
        if (o.global !== undefined) assert.equal(e.scope, o.global ? 'global' : 'memcg', 'scope');
        if (o.memcg !== undefined) assert.ok([e.limitedCgroup, e.event.oomMemcg, e.event.taskMemcg, e.event.memcgStatsPath].includes(o.memcg), `memcg ${o.memcg}; decoded ${e.limitedCgroup} / ${e.event.taskMemcg}`);
        if (o.invoker !== undefined) assert.equal(e.event.invoker, o.invoker, 'invoker');
        if (o.limitBytes !== undefined) assert.equal(e.event.memcgLimitBytes, o.limitBytes, 'limit');
        if (o.usageBytes !== undefined) assert.equal(e.event.memcgUsageBytes, o.usageBytes, 'usage');
        if (o.killCount !== undefined) {
          // A kill is a `Killed process` line (or each member of a group kill); a selection alone is not one.
          const killed = events.reduce((t, d) => t + (d.event.killed?.length ?? (d.event.killLine !== undefined ? 1 : 0)), 0);
          assert.equal(killed, o.killCount, 'processes killed');
        }
      }
      checkNumbers(s, a);
      const top = s.expect?.slab?.topCache;
      if (top) {
        const slab = a.parsed.sections.find((x): x is SlabinfoSection => x.kind === 'slabinfo');
        const fromSlab = a.metrics.slabinfo?.caches[0]?.name;
        const fromOom = a.metrics.oom.flatMap((d) => d.event.unreclaimableSlab).sort((x, y) => y.totalBytes - x.totalBytes)[0]?.name;
        assert.ok(fromSlab === top || fromOom === top, `top cache ${top}; slabinfo says ${fromSlab} (${slab?.caches.length ?? 0} caches), the OOM dump ${fromOom}`);
      }
    });
  }
});

/** free's columns that are fields of the table's section (used and buff/cache are sums free computed). */
const FREE_KEYS: Record<string, string> = { total: 'MemTotal', free: 'MemFree', available: 'MemAvailable', shared: 'Shmem', swapTotal: 'SwapTotal' };
const ZONE_KEYS: Record<string, 'free' | 'min' | 'low' | 'high' | 'managed' | 'present'> = { Free: 'free', Min: 'min', Low: 'low', High: 'high', Managed: 'managed', Present: 'present' };

/**
 * The numbers a story pins beyond meminfo and the OOM victim, each read from the capture as written:
 * memory.stat, memory.events, vmstat, cgroup values, PSI, free's columns, buddyinfo and zoneinfo cells,
 * the page allocation failure, and a meminfo series in capture order.
 */
function checkNumbers(s: Story, a: Analysis): void {
  const e = s.expect ?? {};
  const kv = (kind: KeyValueSection['kind']) => a.parsed.sections.filter((x): x is KeyValueSection => x.kind === kind);
  const read = (x: KeyValueSection, k: string) => x.peek?.[k] ?? x.byKey[k];
  // A number too large for a double is pinned as its text.
  const same = (f: { raw: string; value: number } | undefined, v: unknown) => f !== undefined && (typeof v === 'string' ? f.raw === v : f.value === v);
  const pairs = (o: unknown) => Object.entries((o ?? {}) as Record<string, unknown>);
  for (const [k, v] of pairs(e.memoryStat)) {
    const inStat = kv('memory-stat').some((x) => same(read(x, k), v));
    const inOom = a.metrics.oom.some((d) => d.event.memcgStats?.[k] === v);
    assert.ok(inStat || inOom, `memory.stat ${k} = ${v} (read: ${kv('memory-stat').map((x) => read(x, k)?.value).join(', ') || 'no memory.stat'})`);
  }
  for (const [k, v] of pairs(e.memoryEvents)) assert.ok(kv('memory-events').some((x) => same(read(x, k), v)), `memory.events ${k} = ${v}`);
  for (const [k, v] of pairs(e.vmstat)) assert.ok(kv('vmstat').some((x) => same(read(x, k), v)), `vmstat ${k} = ${v} (read: ${kv('vmstat').map((x) => read(x, k)?.value).join(', ') || 'no vmstat'})`);
  for (const [k, v] of pairs({ ...(e.cgroup as object), ...(e.cgroupValues as object) })) {
    // A number too large for a double is pinned as its text (a counter below zero, 2^64 − N).
    const rawOf = (section: number) => (a.parsed.sections[section] as KeyValueSection | undefined)?.fields?.[0]?.raw;
    const hit = a.metrics.cgroupValues.some((c) => c.file === k && (v === 'max' ? c.unlimited : typeof v === 'string' ? rawOf(c.section) === v : (c.bytes ?? c.value) === v));
    assert.ok(hit, `${k} = ${v} (read: ${a.metrics.cgroupValues.filter((c) => c.file === k).map((c) => c.bytes).join(', ') || 'none'})`);
  }
  const psi = a.parsed.sections.filter((x): x is PressureSection => x.kind === 'pressure');
  for (const [resource, want] of pairs(e.pressure)) {
    for (const [k, v] of pairs(want)) {
      const m = /^(some|full)(Avg10|Avg60|Avg300|Total)$/.exec(k);
      assert.ok(m, `pressure key ${k}`);
      const field = m[2].toLowerCase() as 'avg10' | 'avg60' | 'avg300' | 'total';
      assert.ok(psi.some((p) => p.resource === resource && p[m[1] as 'some' | 'full']?.[field] === v), `${resource} pressure ${k} = ${v} (read: ${psi.filter((p) => p.resource === resource).map((p) => p[m[1] as 'some']?.[field]).join(', ') || 'none'})`);
    }
  }
  const free = kv('meminfo').filter((x) => x.variant === 'free');
  for (const [k, v] of pairs(e.free)) {
    const key = FREE_KEYS[k];
    if (!key) continue;
    assert.ok(free.some((x) => (typeof v === 'string' ? x.byKey[key]?.raw === v : x.byKey[key]?.value === v)), `free ${k} = ${v} (read: ${free.map((x) => x.byKey[key]?.raw).join(', ') || 'no free table'})`);
  }
  // numastat -m's Total column as written (MB), and a numastat -p table's rows (processHugeMB: its Huge row).
  for (const [k, v] of pairs(e.numastat)) {
    const m = /^(process)?(\w+?)MB$/.exec(k);
    assert.ok(m, `numastat key ${k}`);
    if (m[1]) {
      const rows = a.parsed.sections.flatMap((x) => (x.kind === 'numa-stat' && x.variant === 'numastat-process' ? (x as OpaqueSection).numa ?? [] : []));
      const key = m[2][0].toUpperCase() + m[2].slice(1);
      assert.ok(rows.some((r) => r.key === key && r.totalBytes === Math.round((v as number) * 2 ** 20)), `numastat -p ${key} = ${v} MB (read: ${rows.map((r) => `${r.key} ${r.totalBytes}`).join(', ') || 'no table'})`);
    } else assert.ok(kv('meminfo').some((x) => x.variant === 'numastat' && x.byKey[m[2]]?.value === v), `numastat -m ${m[2]} = ${v} MB`);
  }
  const opaque = a.parsed.sections.filter((x): x is OpaqueSection => x.kind === 'buddyinfo' || x.kind === 'zoneinfo');
  const buddy = opaque.flatMap((x) => x.buddy ?? []);
  for (const [k, v] of pairs(e.buddyinfo)) {
    if (k === 'nodes') { assert.equal(new Set(buddy.map((z) => z.node)).size, v, 'buddyinfo nodes'); continue; }
    if (k === 'zones') { assert.equal(buddy.length, v, 'buddyinfo zones'); continue; }
    const m = /^node(\d+)([A-Za-z0-9]+)Order(\d+)$/.exec(k);
    // Other keys are sums the story derived (order10BlocksOutsideDMA): read from the cells above.
    if (!m) continue;
    const hit = opaque.some((x) => x.buddy?.some((z) => z.node === Number(m[1]) && z.zone.toLowerCase() === m[2].toLowerCase() && z.free[Number(m[3])] === v));
    assert.ok(hit, `buddyinfo node ${m[1]} ${m[2]} order ${m[3]} = ${v}`);
  }
  for (const [k, v] of pairs(e.zoneinfo)) {
    // Zone counters (nr_file_pages …) are not part of the watermark model; only a zone's free and watermarks are pinned.
    const m = /^([a-z0-9]+)(Free|Min|Low|High|Managed|Present)$/.exec(k);
    if (!m) continue;
    const hit = opaque.some((x) => x.zones?.some((z) => z.zone.toLowerCase() === m[1] && z[ZONE_KEYS[m[2]]] === v));
    assert.ok(hit, `zoneinfo ${m[1]} ${m[2]} = ${v}`);
  }
  const paf = e.pageAllocFailure as { order?: number; comm?: string; gfp?: string; mode?: string; vmalloc?: boolean; bytes?: number } | undefined;
  if (paf) {
    const fails = a.parsed.sections.flatMap((x) => (x.kind === 'oom-report' ? (x as OomReportSection).allocationFailures ?? [] : []));
    const f = fails.find((x) => paf.comm === undefined || x.task === paf.comm);
    assert.ok(f, `a page allocation failure by ${paf.comm}; decoded: ${fails.map((x) => x.task).join(', ') || 'none'}`);
    if (paf.order !== undefined) assert.equal(f.order, paf.order, 'order');
    if (paf.gfp !== undefined) assert.ok(f.mode.includes(paf.gfp), `gfp ${paf.gfp} in ${f.mode}`);
    if (paf.mode !== undefined) assert.ok(f.mode.startsWith(paf.mode), `mode ${paf.mode}: ${f.mode}`);
    if (paf.vmalloc) assert.ok(f.vmallocBytes !== undefined, 'a vmalloc failure');
    if (paf.bytes !== undefined) assert.equal(f.vmallocBytes, paf.bytes, 'vmalloc size');
  }
  for (const [k, values] of pairs(e.series)) {
    const key = k.replace(/KiB$/, '');
    const seen = kv('meminfo').map((x) => read(x, key)?.value).filter((x) => x !== undefined);
    assert.deepEqual(seen, values, `${key} across the captures`);
  }
}
