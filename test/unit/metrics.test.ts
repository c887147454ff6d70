import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/analysis/analyze';
import { cgroupMetrics } from '../../src/analysis/cgroupMetrics';
import { kubernetesFromCgroup, qosFromOomScoreAdj, qosOf, requestFromOomScoreAdj, roleFromOomScoreAdj } from '../../src/analysis/kubernetes';
import { meminfoMetrics } from '../../src/analysis/meminfoMetrics';
import { kmallocClass, kmallocSize, slabCacheSize, slabMetrics } from '../../src/analysis/slabMetrics';
import { parseDocument } from '../../src/formats/parse';
import type { SlabinfoSection } from '../../src/model';
import { fixture, HEALTHY_MEMINFO, kv, meminfo, slabinfo, slabRow } from './helpers';

const KiB = 1024;

describe('meminfo metrics', () => {
  for (const name of ['kernel-3.2-no-memavailable.meminfo', 'kernel-6.1-arm64-secpagetables-tab.meminfo', 'bundle-tail-headers.txt', 'sample-node-snapshot.txt']) {
    test(`breakdown of ${name} sums exactly to MemTotal`, () => {
      const d = parseDocument(fixture(name));
      const s = kv(d.sections.find((x) => x.kind === 'meminfo'));
      const m = meminfoMetrics(s)!;
      assert.equal(m.totalBytes, s.byKey.MemTotal.value * KiB);
      if (m.complete) assert.equal(m.breakdown.reduce((t, p) => t + p.bytes, 0), m.totalBytes);
      else assert.ok(m.breakdown.reduce((t, p) => t + p.bytes, 0) <= m.totalBytes);
      assert.ok(m.breakdown.every((p) => p.bytes >= 0));
    });
  }

  test('the healthy base: parts, used numbers and the unaccounted formula', () => {
    const m = meminfoMetrics(kv(parseDocument(meminfo()).sections[0]))!;
    const v = HEALTHY_MEMINFO;
    const part = (k: string) => m.breakdown.find((p) => p.key === k)!.bytes;
    const cache = v.Cached + v.Buffers - v.Shmem;
    assert.equal(part('pageCacheInactive'), v['Inactive(file)'] * KiB);
    assert.equal(part('pageCacheActive'), (cache - v['Inactive(file)']) * KiB);
    assert.equal(part('slabUnreclaimable'), v.SUnreclaim * KiB);
    assert.equal(m.complete, true);
    assert.equal(m.breakdown.reduce((t, p) => t + p.bytes, 0), m.totalBytes);
    assert.equal(m.used.free4, (v.MemTotal - v.MemAvailable) * KiB);
    // procps-ng 3.3.10+ library/meminfo.c: cache = Cached + SReclaimable.
    assert.equal(m.used.free33, (v.MemTotal - v.MemFree - v.Buffers - v.Cached - v.SReclaimable) * KiB);
    // VmallocUsed is not added: with VMAP_STACK it already holds the kernel stacks.
    assert.equal(m.kernelBytes, (800_000 + 20_000 + 50_000 + 10_000) * KiB);
    assert.equal(m.unreclaimableKernelBytes, (300_000 + 20_000 + 50_000 + 10_000) * KiB);
    assert.equal(m.unaccountedBytes, (v.MemTotal - (v.MemFree + v.Active + v.Inactive + v.Slab + v.KernelStack + v.PageTables + v.Percpu)) * KiB);
  });

  test('hugetlb: Hugetlb covers every pool size, HugePages_Total × Hugepagesize only the default one', () => {
    const m = meminfoMetrics(kv(parseDocument(meminfo({ HugePages_Total: 100, HugePages_Free: 10, MemAvailable: null })).sections[0]))!;
    assert.equal(m.breakdown.find((p) => p.key === 'hugetlb')!.bytes, 100 * 2048 * KiB);
    // free 4.0.2 without MemAvailable shows MemFree as available and used = total − free (library/meminfo.c).
    assert.equal(m.used.free4, (HEALTHY_MEMINFO.MemTotal - HEALTHY_MEMINFO.MemFree) * KiB);
    assert.ok(m.freeAssumed.some((a) => /MemAvailable absent/.test(a)));
    assert.equal(m.availableBytes, undefined);
    // A 1 GiB pool of 4 pages beside 100 default pages: Hugetlb (kB) holds both.
    const both = meminfoMetrics(kv(parseDocument(meminfo({ HugePages_Total: 100, Hugetlb: 100 * 2048 + 4 * 1048576 })).sections[0]))!;
    assert.equal(both.hugetlbBytes, (100 * 2048 + 4 * 1048576) * KiB);
    assert.equal(both.unaccountedBytes, (HEALTHY_MEMINFO.MemTotal - (HEALTHY_MEMINFO.MemFree + 10_000_000 + 800_000 + 20_000 + 50_000 + 10_000 + 100 * 2048 + 4 * 1048576)) * KiB);
  });

  test('the zswap pool is a part of its own and leaves the unaccounted remainder', () => {
    const m = meminfoMetrics(kv(parseDocument(meminfo({ Zswap: 500_000, Zswapped: 1_500_000 })).sections[0]))!;
    assert.equal(m.breakdown.find((p) => p.key === 'zswap')!.bytes, 500_000 * KiB);
    assert.equal(m.breakdown.reduce((t, p) => t + p.bytes, 0), m.totalBytes);
    const base = meminfoMetrics(kv(parseDocument(meminfo()).sections[0]))!;
    assert.equal(base.unaccountedBytes! - m.unaccountedBytes!, 500_000 * KiB);
  });

  test('a meminfo with no Shmem line (2.4, 2.6 before .32) still shows its page cache, tmpfs included, and says so', () => {
    const text = 'MemTotal:         6296 kB\nMemFree:          1480 kB\nBuffers:            40 kB\nCached:           2428 kB\n';
    const m = meminfoMetrics(kv(parseDocument(text).sections[0]))!;
    const cache = m.breakdown.find((p) => p.key === 'pageCache')!;
    assert.equal(cache.bytes, (2428 + 40) * KiB);
    assert.match(cache.label, /tmpfs included/);
    assert.equal(m.breakdown.some((p) => p.key === 'shmem'), false);
  });

  test('missing is unknown: a grep\'d subset gives no remainder, no kernel total and no made-up parts', () => {
    const text = 'MemTotal:       16000000 kB\nMemFree:         4000000 kB\nMemAvailable:    8000000 kB\n';
    const m = meminfoMetrics(kv(parseDocument(text).sections[0]))!;
    assert.equal(m.complete, false);
    assert.deepEqual(m.breakdown.map((p) => p.key), ['free']);
    assert.equal(m.unaccountedBytes, undefined);
    assert.equal(m.kernelBytes, undefined);
    assert.equal(m.used.free33, undefined);
    assert.equal(m.used.free4, (16_000_000 - 8_000_000) * KiB);
    assert.ok(m.missing.includes('SUnreclaim') && m.missing.includes('AnonPages'));
    const a = analyzeText(text);
    assert.deepEqual(a.findings.filter((f) => f.rule === 'meminfo/unaccounted-memory' || f.rule === 'meminfo/kernel-share-high'), []);
  });

  // kubelet: working set = usage − inactive_file (google/cadvisor container/libcontainer/handler.go
  // setMemoryStats), memory.available = capacity − working set (pkg/kubelet/eviction/helpers.go).
  // The v2 root has no memory.current: opencontainers/cgroups fs2/memory.go rootStatsFromMeminfo
  // (runc ≥ 1.2) sums memory.stat anon + file; runc 1.0–1.1 used MemTotal − MemFree.
  test('kubelet working set at a cgroup v2 root: anon + file − inactive_file, and runc 1.0–1.1 beside it', () => {
    const a = analyzeText(fixture('sample-node-snapshot.txt'));
    const mi = a.metrics.meminfo!;
    const ws = 7985954816 + 1571487744 - 838336512; // root memory.stat anon + file − inactive_file
    assert.equal(mi.kubelet!.formula, 'runc-1.2');
    assert.equal(mi.kubelet!.cgroupVersion, 'v2');
    assert.equal(mi.used.kubeletWorkingSet, ws);
    assert.equal(mi.used.kubeletAvailable, 16393216 * KiB - ws);
    const alt = mi.kubelet!.alternative!;
    assert.equal(alt.formula, 'runc-1.0');
    assert.equal(alt.workingSetBytes, (16393216 - 412332) * KiB - 838336512);
    assert.equal(mi.used.free4, (16393216 - 1203344) * KiB);
  });

  test('kubelet working set from meminfo alone is the same formula, marked as an estimate', () => {
    const m = meminfoMetrics(kv(parseDocument(meminfo()).sections[0]))!;
    const v = HEALTHY_MEMINFO;
    assert.equal(m.kubelet!.from, 'meminfo (estimate of the root memory.stat)');
    assert.equal(m.kubelet!.workingSetBytes, (v.AnonPages + v.Cached + v.Buffers + v.SwapCached - v['Inactive(file)']) * KiB);
    // The parts counted in the working set add up to it exactly.
    assert.equal(m.breakdown.filter((p) => p.inNodeWorkingSet).reduce((t, p) => t + p.bytes, 0), m.kubelet!.workingSetBytes);
  });
});

describe('slab metrics', () => {
  test('both size formulas: num_slabs × pagesperslab × page size, num_objs × objsize', () => {
    const s = parseDocument(slabinfo([slabRow('ext4_inode_cache', 38000, 38250, 1176, 27, 8, 1417)])).sections[0] as SlabinfoSection;
    const c = slabCacheSize(s.caches[0], 4096);
    assert.deepEqual([c.slabBytes, c.objectBytes, c.activeBytes], [1417 * 8 * 4096, 38250 * 1176, 38000 * 1176]);
    assert.equal(slabCacheSize(s.caches[0], 65536).slabBytes, 1417 * 8 * 65536);
  });

  test('kmalloc size classes: legacy, -cg-, -rcl-, -rnd-NN-, dma-', () => {
    const cases: [string, string | undefined][] = [
      ['kmalloc-1024', 'kmalloc-1k'], ['kmalloc-1k', 'kmalloc-1k'], ['kmalloc-cg-1k', 'kmalloc-1k'], ['kmalloc-rcl-1k', 'kmalloc-1k'],
      ['kmalloc-rnd-01-1k', 'kmalloc-1k'], ['kmalloc-rnd-15-8k', 'kmalloc-8k'], ['dma-kmalloc-1024', 'kmalloc-1k'], ['dma-kmalloc-192', 'kmalloc-192'],
      ['kmalloc-8192', 'kmalloc-8k'], ['kmalloc-cg-192', 'kmalloc-192'], ['kmalloc-96', 'kmalloc-96'],
      ['dentry', undefined], ['skbuff_head_cache', undefined], ['kmalloc_buffer_cache', undefined],
    ];
    for (const [name, cls] of cases) assert.equal(kmallocClass(name), cls, name);
    assert.deepEqual([kmallocSize('kmalloc-1k'), kmallocSize('kmalloc-192'), kmallocSize('dentry')], [1024, 192, undefined]);
  });

  test('groups sum their variants and sort by size', () => {
    const s = parseDocument(fixture('slub-6.6-kmalloc-rnd-cg.slabinfo')).sections[0] as SlabinfoSection;
    const m = slabMetrics(s, 4096);
    const k1 = m.groups.find((g) => g.group === 'kmalloc-1k')!;
    assert.deepEqual([...k1.caches].sort(), ['dma-kmalloc-1k', 'kmalloc-1k', 'kmalloc-cg-1k', 'kmalloc-rcl-1k', 'kmalloc-rnd-01-1k', 'kmalloc-rnd-02-1k', 'kmalloc-rnd-15-1k']);
    assert.equal(k1.objects, 352 + 384 + 416 + 1024 + 64 + 0 + 2880);
    assert.equal(k1.slabBytes, (11 + 12 + 13 + 32 + 2 + 0 + 90) * 8 * 4096);
    assert.equal(m.groups.find((g) => g.group === 'kmalloc-192')!.caches.length, 2);
    assert.equal(m.totalSlabBytes, m.caches.reduce((t, c) => t + c.slabBytes, 0));
    for (let i = 1; i < m.groups.length; i++) assert.ok(m.groups[i - 1].slabBytes >= m.groups[i].slabBytes);
    assert.equal(m.groups[0].group, 'ext4_inode_cache');
  });
});

describe('cgroup metrics', () => {
  test('exact usage from memory.current beside memory.stat; limit from memory.max', () => {
    const a = analyzeText(fixture('bundle-tail-headers.txt'));
    const c = a.metrics.cgroups[0];
    assert.deepEqual([c.variant, c.usageExact, c.usageFrom, c.usageBytes], ['v2', true, 'memory.current', 6442450944]);
    assert.equal(c.inactiveFileBytes, 1836056576);
    assert.equal(c.workingSetBytes, 6442450944 - 1836056576);
    assert.equal(c.limitBytes, 15728640000);
    assert.equal(c.source, '/sys/fs/cgroup/kubepods.slice/memory.stat');
    // This fixture's memory.current was written as anon + file + kernel; sock (charged beside kernel since 5.18) is its own part.
    const sock = c.breakdown.find((p) => p.key === 'sock')!.bytes;
    assert.ok(sock > 0);
    assert.equal(c.breakdown.reduce((t, p) => t + p.bytes, 0) - sock, c.usageBytes, 'exact usage: the parts add up to memory.current');
  });

  test('approximate usage without memory.current (v2: anon + file + kernel) and says so', () => {
    const s = kv(parseDocument(fixture('kubepods-burstable-pod.memory.stat')).sections[0]);
    const c = cgroupMetrics(s);
    assert.equal(c.usageExact, false);
    assert.match(c.usageFrom, /approximate/);
    assert.equal(c.usageBytes, 402653184 + 218103808 + 31457280 + 12288); // anon + file + kernel + sock (sock is charged beside kernel)
    assert.equal(c.workingSetBytes, 402653184 + 218103808 + 31457280 + 12288 - 150994944);
    assert.equal(c.kernelBytes, 31457280);
    assert.equal(c.limitBytes, undefined);
  });

  test('v1: total_rss + total_cache, total_inactive_file, hierarchical limit; working set floored at 0', () => {
    const s = kv(parseDocument(fixture('docker-container-v1.memory.stat')).sections[0]);
    const c = cgroupMetrics(s);
    assert.deepEqual([c.variant, c.usageExact, c.usageBytes], ['v1', false, 521830400 + 148635648]);
    assert.equal(c.workingSetBytes, 521830400 + 148635648 - 101163008);
    assert.equal(c.limitBytes, 1073741824);
    const exact = cgroupMetrics(s, { current: 600000000, max: 2 ** 30 });
    assert.deepEqual([exact.usageExact, exact.usageFrom, exact.usageBytes, exact.workingSetBytes], [true, 'memory.usage_in_bytes', 600000000, 600000000 - 101163008]);
    const tiny = cgroupMetrics(s, { current: 1000 });
    assert.equal(tiny.workingSetBytes, 0);
    const unlimited = cgroupMetrics(kv(parseDocument('total_rss 10\ntotal_cache 10\nhierarchical_memory_limit 9223372036854771712\n').sections[0]));
    assert.equal(unlimited.limitBytes, undefined);
  });
});

describe('Kubernetes', () => {
  const uid = '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
  const cid = '3f9e1c2b7a6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f';

  test('cgroupfs paths', () => {
    assert.deepEqual(kubernetesFromCgroup(`/kubepods/burstable/pod${uid}/${cid}`), { podUid: uid, containerId: cid, qosFromPath: 'Burstable' });
    assert.deepEqual(kubernetesFromCgroup(`/kubepods/besteffort/pod${uid}`), { podUid: uid, qosFromPath: 'BestEffort' });
    assert.deepEqual(kubernetesFromCgroup(`/kubepods/pod${uid}/${cid}`), { podUid: uid, containerId: cid, qosFromPath: 'Guaranteed' });
  });

  test('systemd driver paths: underscores in the UID, runtime prefixes on the container', () => {
    const u = uid.replace(/-/g, '_');
    assert.deepEqual(
      kubernetesFromCgroup(`/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${u}.slice/cri-containerd-${cid}.scope`),
      { podUid: uid, containerId: cid, qosFromPath: 'Burstable' },
    );
    assert.deepEqual(kubernetesFromCgroup(`/kubepods.slice/kubepods-pod${u}.slice/crio-${cid}.scope`), { podUid: uid, containerId: cid, qosFromPath: 'Guaranteed' });
    assert.equal(kubernetesFromCgroup(`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${u}.slice/docker-${cid.toUpperCase()}.scope`)!.containerId, cid);
  });

  test('paths outside Kubernetes decode to nothing', () => {
    assert.equal(kubernetesFromCgroup('/system.slice/postgresql@16-main.service'), undefined);
    assert.equal(kubernetesFromCgroup(undefined), undefined);
    assert.equal(kubernetesFromCgroup(`/docker/${cid}`), undefined);
  });

  test('QoS from oom_score_adj and the request it implies', () => {
    const cases: [number | undefined, string | undefined][] = [
      [1000, 'BestEffort'], [-997, 'Guaranteed'], [-998, undefined], [999, 'Burstable'], [3, 'Burstable'], [2, 'Burstable'],
      [968, 'Burstable'], [0, undefined], [-999, undefined], [-1000, undefined], [undefined, undefined],
    ];
    for (const [adj, q] of cases) assert.equal(qosFromOomScoreAdj(adj), q, String(adj));
    assert.equal(requestFromOomScoreAdj(900, 16 * 2 ** 30), 0.1 * 16 * 2 ** 30);
    assert.equal(requestFromOomScoreAdj(1000, 16 * 2 ** 30), undefined);
  });

  // containerd and CRI-O give the pod sandbox −998 whatever the class; Guaranteed is −997 since
  // kubernetes PR 71269; a path that names the class wins, and −997 under it is a node-critical pod.
  test('QoS: the cgroup path wins; −998 is the pod sandbox of any class; −997 under burstable is node-critical', () => {
    const burst = kubernetesFromCgroup(`/kubepods/burstable/pod${uid}/${cid}`);
    assert.deepEqual(qosOf(-998, burst), { qos: 'Burstable', from: 'cgroup path' });
    assert.deepEqual(qosOf(-997, burst), { qos: 'Burstable', from: 'cgroup path', nodeCritical: true });
    assert.deepEqual(qosOf(-997, undefined), { qos: 'Guaranteed', from: 'oom_score_adj' });
    assert.deepEqual(qosOf(-998, undefined), {});
    assert.equal(roleFromOomScoreAdj(-998), 'pod-sandbox');
    // The fixture's victim with its oom_score_adj edited to −997 (a node-critical pod under burstable).
    const text = fixture('memcg-oom-kubepods-burstable-dmesg.txt').replace('pgtables:2412kB oom_score_adj:968', 'pgtables:2412kB oom_score_adj:-997');
    const o = analyzeText(text).metrics.oom[0];
    assert.deepEqual([o.qos, o.qosFrom, o.nodeCritical], ['Burstable', 'cgroup path', true]);
  });

  test('decoded OOM events carry scope, identity, QoS and victim RSS', () => {
    const a = analyzeText(fixture('memcg-oom-kubepods-burstable-dmesg.txt'));
    const o = a.metrics.oom[0];
    assert.deepEqual([o.scope, o.qos, o.limitedCgroup, o.kubernetes?.podUid], ['memcg', 'Burstable', `/kubepods/burstable/pod${uid}`, uid]);
    assert.equal(o.victimRssBytes, (1034212 + 21504) * KiB);
    assert.deepEqual(o.tasksByRss.map((t) => [t.name, t.rssBytes]), [['java', 263929 * 4096], ['pause', 4096]]);
    const g = analyzeText(fixture('global-oom-unreclaimable-slab-dmesg-T.txt')).metrics.oom[0];
    assert.deepEqual([g.scope, g.qos, g.limitedCgroup], ['global', 'BestEffort', undefined]);
  });
});
