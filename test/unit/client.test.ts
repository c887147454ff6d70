/**
 * The pure parts of the VS Code client: when pasted text may be given a
 * language, and the node capture command (whose output the parser must read).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GUESSER_WINDOW_MS, languageToReclaim, noteLanguageSet, shouldDetect, SNAPSHOT_LANGUAGES, type DocLike } from '../../extension/client/detection';
import { captureCommand, captureScript } from '../../extension/client/captureCommand';
import { parseDocument } from '../../src/formats/parse';
import { languageFor } from '../../src/features/detectLanguage';

const fixture = (name: string) => readFileSync(path.join(process.cwd(), 'fixtures', name), 'utf8');

let n = 0;
function doc(scheme: string, languageId: string, lineCount = 40): DocLike {
  const id = `${scheme}:${scheme === 'file' ? '///tmp/' : ''}doc-${++n}${scheme === 'file' ? '.txt' : ''}`;
  return { uri: { scheme, toString: () => id }, languageId, lineCount };
}

describe('shouldDetect', () => {
  test('untitled plaintext and yaml documents are detected', () => {
    assert.equal(shouldDetect(doc('untitled', 'plaintext'), true), true);
    assert.equal(shouldDetect(doc('untitled', 'yaml'), true), true);
    assert.equal(shouldDetect(doc('untitled', 'properties'), true), true);
    assert.equal(shouldDetect(doc('untitled', 'log'), true), true);
  });

  test('a saved plain .txt file is detected, a saved json/yaml file is not', () => {
    assert.equal(shouldDetect(doc('file', 'plaintext'), true), true);
    assert.equal(shouldDetect(doc('file', 'json'), true), false);
    assert.equal(shouldDetect(doc('file', 'yaml'), true), false);
  });

  test('untitled documents in a language nobody guesses for captures are left alone', () => {
    assert.equal(shouldDetect(doc('untitled', 'typescript'), true), false);
    assert.equal(shouldDetect(doc('untitled', 'json'), true), false);
  });

  test('other schemes (git, output, vscode-notebook-cell) are never touched', () => {
    assert.equal(shouldDetect(doc('git', 'plaintext'), true), false);
    assert.equal(shouldDetect(doc('output', 'plaintext'), true), false);
  });

  test('documents already in a snapshot language are not re-detected', () => {
    for (const l of SNAPSHOT_LANGUAGES) assert.equal(shouldDetect(doc('untitled', l), true), false, l);
  });

  test('disabled → false', () => {
    assert.equal(shouldDetect(doc('untitled', 'plaintext'), false), false);
    assert.equal(shouldDetect(doc('file', 'plaintext'), false), false);
  });

  test('VS Code\'s late guess (YAML just after we set a snapshot language) is taken back once; a later switch is the user\'s', () => {
    const d = { uri: { scheme: 'untitled', toString: () => 'untitled:Untitled-guess' }, languageId: 'plaintext', lineCount: 40 };
    noteLanguageSet(d.uri.toString(), 'kmem-snapshot', 1_000);
    assert.equal(languageToReclaim({ ...d, languageId: 'kmem-snapshot' }, 1_200), undefined, 'our own language is nothing to take back');
    assert.equal(languageToReclaim({ ...d, languageId: 'typescript' }, 1_300), undefined, 'a language no guesser gives captures is a person\'s choice');
    assert.equal(languageToReclaim({ ...d, languageId: 'yaml' }, 1_500), 'kmem-snapshot');
    assert.equal(languageToReclaim({ ...d, languageId: 'yaml' }, 1_600), undefined, 'only once per document');
    const late = { uri: { scheme: 'untitled', toString: () => 'untitled:Untitled-late' }, languageId: 'yaml', lineCount: 40 };
    noteLanguageSet(late.uri.toString(), 'meminfo', 1_000);
    assert.equal(languageToReclaim(late, 1_000 + GUESSER_WINDOW_MS + 1), undefined, 'after the window, a switch is the user\'s');
  });

  test('a language the user chose after we set ours is never overridden again', () => {
    const d = doc('untitled', 'plaintext');
    assert.equal(shouldDetect(d, true), true);
    noteLanguageSet(d.uri.toString(), 'meminfo');
    // We set meminfo; the user switched to yaml by hand.
    const chosen = { ...d, languageId: 'yaml' };
    assert.equal(shouldDetect(chosen, true), false);
    // Even after later switching to plain text, the choice sticks.
    assert.equal(shouldDetect({ ...d, languageId: 'plaintext' }, true), false);
  });

  test('switching between our own languages is not a user choice', () => {
    const d = doc('untitled', 'plaintext');
    noteLanguageSet(d.uri.toString(), 'meminfo');
    assert.equal(shouldDetect({ ...d, languageId: 'kmem-snapshot' }, true), false, 'already a snapshot language');
    // The document is still ours: an unrelated document is unaffected.
    assert.equal(shouldDetect(doc('untitled', 'plaintext'), true), true);
  });
});

describe('captureCommand', () => {
  test('kubectl form runs the capture script on the node through kubectl debug', () => {
    const cmd = captureCommand('kubectl', 'ip-10-0-3-17.ec2.internal');
    assert.ok(cmd.includes('kubectl debug node/ip-10-0-3-17.ec2.internal '), cmd);
    assert.ok(cmd.includes('chroot /host'), cmd);
    assert.ok(cmd.includes(captureScript()), 'the script is embedded');
  });

  test('shell metacharacters are stripped from the node name', () => {
    for (const evil of ["node-1; rm -rf /", 'node-1$(reboot)', 'node-1`id`', "node-1' && curl x|sh '", 'node-1 > /etc/passwd', 'node-1\nreboot']) {
      const cmd = captureCommand('kubectl', evil);
      const m = /kubectl debug node\/(\S*) -it /.exec(cmd);
      assert.ok(m, cmd);
      assert.match(m[1], /^[A-Za-z0-9._-]*$/, `${JSON.stringify(evil)} → ${m[1]}`);
      assert.ok(m[1].startsWith('node-1'));
      assert.ok(cmd.endsWith(`sh -c '${captureScript()}'`), 'nothing of the name leaks past the node argument');
    }
  });

  test('the shell form is one sudo sh -c with the script single-quoted', () => {
    const cmd = captureCommand('shell');
    assert.ok(cmd.startsWith("sudo sh -c '"));
    assert.ok(cmd.endsWith("'"));
  });

  // Known bug (extension/client/captureCommand.ts, not owned by these tests): the script's
  // `grep -iE -A40 'invoked oom-killer'` closes the outer sh -c '…' quote, so the remote shell
  // greps for just "invoked" and `| tail -n 400` becomes $0. Double quotes in the script fix it.
  test('the script has no single quote that would end the sh -c argument', () => {
    assert.ok(!captureScript().includes("'"), captureScript());
    for (const cmd of [captureCommand('shell'), captureCommand('kubectl', 'n1')]) assert.equal(cmd.split("'").length, 3, cmd);
  });

  test('the script output is read back as the right sections', () => {
    const script = captureScript();
    const files = /for f in (.+?); do/.exec(script)?.[1].split(/\s+/);
    assert.ok(files && files.length > 5, script);

    // Contents per file, cut from the fixtures.
    const sample = fixture('sample-node-snapshot.txt');
    const section = (src: string) => {
      const m = new RegExp(`==> ${src.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} <==\\n([\\s\\S]*?)(?=\\n==> |\\n\\S+@\\S+:|$)`).exec(sample);
      assert.ok(m, src);
      return m[1].replace(/\n+$/, '');
    };
    const content: Record<string, string> = {
      '/proc/meminfo': section('/proc/meminfo'),
      '/proc/slabinfo': section('/proc/slabinfo'),
      '/proc/vmstat': section('/proc/vmstat'),
      '/proc/pressure/memory': section('/proc/pressure/memory'),
      '/proc/pressure/io': section('/proc/pressure/io'),
      '/proc/pressure/cpu': 'some avg10=2.04 avg60=1.50 avg300=1.12 total=802331871\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0',
      '/sys/fs/cgroup/memory.stat': section('/sys/fs/cgroup/memory.stat'),
      '/sys/fs/cgroup/kubepods.slice/memory.stat': section('/sys/fs/cgroup/memory.stat'),
      '/sys/fs/cgroup/kubepods.slice/memory.events': section('/sys/fs/cgroup/kubepods.slice/memory.events'),
      '/sys/fs/cgroup/kubepods.slice/memory.current': '13958643712',
      '/sys/fs/cgroup/kubepods.slice/memory.max': 'max',
      // cgroup v1 paths are absent on this (v2) node: `[ -r "$f" ]` skips them.
    };
    const expected: Record<string, string> = {
      '/proc/meminfo': 'meminfo', '/proc/slabinfo': 'slabinfo', '/proc/vmstat': 'vmstat',
      '/proc/pressure/memory': 'pressure', '/proc/pressure/io': 'pressure', '/proc/pressure/cpu': 'pressure',
      '/sys/fs/cgroup/memory.stat': 'memory-stat', '/sys/fs/cgroup/kubepods.slice/memory.stat': 'memory-stat',
      '/sys/fs/cgroup/kubepods.slice/memory.events': 'memory-events',
      '/sys/fs/cgroup/kubepods.slice/memory.current': 'cgroup-value', '/sys/fs/cgroup/kubepods.slice/memory.max': 'cgroup-value',
    };
    for (const f of Object.keys(content)) assert.ok(files.includes(f), `the script reads ${f}`);

    // What the script prints: `date -Is`, then `==> f <==`, the file, an empty line; then dmesg -T OOM lines.
    const dmesg = fixture('global-oom-unreclaimable-slab-dmesg-T.txt').split('\n').slice(0, 400).join('\n');
    const out = ['2026-11-24T09:14:02+00:00'];
    for (const f of files) if (content[f] !== undefined) out.push(`==> ${f} <==`, content[f], '');
    out.push(dmesg);
    const text = out.join('\n');

    const parsed = parseDocument(text);
    const bySource = new Map(parsed.sections.filter((s) => s.source).map((s) => [s.source!, s]));
    for (const [f, kind] of Object.entries(expected)) {
      const s = bySource.get(f);
      assert.ok(s, `section for ${f}; got ${parsed.sections.map((x) => `${x.kind}:${x.source}`).join(', ')}`);
      assert.equal(s.kind, kind, f);
      assert.equal(s.detectedBy, 'header', f);
    }
    const pressure = parsed.sections.filter((s) => s.kind === 'pressure').map((s) => (s as { resource?: string }).resource);
    assert.deepEqual(pressure.sort(), ['cpu', 'io', 'memory']);
    assert.ok(parsed.sections.some((s) => s.capturedAt?.startsWith('2026-11-24T09:14:02')), 'the date -Is line dates the capture');
    assert.equal(languageFor(parsed), 'kmem-snapshot');
  });

  // Known bug (src/formats/bundle.ts + captureCommand.ts, not owned by these tests): the
  // `dmesg -T | grep` tail has no header of its own, so the last `==> file <==` section
  // (memory.max on a cgroup v2 node) swallows the OOM report and reports every line as an error.
  test('the dmesg tail of the script output is read as an OOM report', () => {
    const out = ['2026-11-24T09:14:02+00:00', '==> /sys/fs/cgroup/kubepods.slice/memory.max <==', 'max', '',
      fixture('global-oom-unreclaimable-slab-dmesg-T.txt')].join('\n');
    const parsed = parseDocument(out);
    assert.equal(parsed.sections.find((s) => s.source?.endsWith('memory.max'))?.kind, 'cgroup-value');
    assert.ok(parsed.sections.some((s) => s.kind === 'oom-report'), `got ${parsed.sections.map((x) => x.kind).join(', ')}`);
    assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error').map((p) => p.message).slice(0, 3), []);
  });

  test('a CRLF copy of the script output (Windows clipboard) reads the same', () => {
    const text = ['2026-11-24T09:14:02+00:00', '==> /proc/pressure/memory <==', 'some avg10=31.42 avg60=24.80 avg300=18.07 total=1843203344', 'full avg10=12.76 avg60=9.91 avg300=7.02 total=902331871', '',
      '==> /sys/fs/cgroup/kubepods.slice/memory.events <==', 'low 0', 'high 0', 'max 57', 'oom 3', 'oom_kill 3', ''].join('\r\n');
    const parsed = parseDocument(text);
    assert.deepEqual(parsed.sections.filter((s) => s.kind !== 'unknown').map((s) => [s.kind, s.source]), [
      ['pressure', '/proc/pressure/memory'], ['memory-events', '/sys/fs/cgroup/kubepods.slice/memory.events'],
    ]);
  });
});

describe('mayBeCapture: the cheap look before the server is started', () => {
  test('every capture fixture (and the bundles) passes the look', async () => {
    const { mayBeCapture } = await import('../../extension/client/detection');
    const names = ['sample-node-snapshot.txt', 'bundle-cat-meminfo-vmstat-no-header.txt', 'bundle-cat-pressure-glob.txt', 'bundle-grep-kubepods-slice.txt',
      'bundle-tail-headers-crlf.txt', 'memcg-oom-kubepods-burstable-dmesg.txt', 'journalctl-short-iso-oom.txt', 'syslog-kernel-oom.txt', 'dmesg-T-german-locale-oom.txt',
      'kubepods-burstable-pod.memory.stat', 'kubepods-burstable-pod.memory.events', 'node-6.1.vmstat', 'slub-6.6-kmalloc-rnd-cg.slabinfo', 'thrashing-node-memory.pressure',
      'kernel-3.2-no-memavailable.meminfo', 'numa-node1.meminfo', 'docker-container-v1.memory.stat', 'bundle-grep-cgroup-v1-dir.txt', 'real-node-capture-script-output.txt'];
    for (const n of names) assert.ok(mayBeCapture(fixture(n)), n);
  });

  test('the Kubernetes side alone passes too: kubectl top, the Summary API, a KubeletConfiguration, describe pod (real captures)', async () => {
    const { mayBeCapture } = await import('../../extension/client/detection');
    const wild = (f: string) => readFileSync(path.join(__dirname, '..', 'wild', 'kubernetes', 'captures', f), 'utf8');
    for (const f of ['kubectl-top-node-aks-6-nodes-101pct.txt', 'kubelet-summary-kind-v1.17-control-plane-metrics-server-test.json', 'kubelet-config-kubekey-var-lib-kubelet-config-eviction-soft-reserved.yaml', 'k8s-events-describe-pod-last-state-oomkilled-137-gimlet.txt'])
      assert.ok(mayBeCapture(wild(f)), f);
  });

  test('the process side alone passes and is a snapshot: an NMT summary, Go MemStats, gctrace, /proc/PID/status, smaps_rollup (real outputs); YAML with Name: and Threads: is not', async () => {
    const { mayBeCapture } = await import('../../extension/client/detection');
    const real = (f: string) => readFileSync(path.join(__dirname, '..', 'process', 'captures', f), 'utf8');
    const wild = (f: string) => readFileSync(path.join(__dirname, '..', 'wild', 'process', 'captures', f), 'utf8');
    const texts = [real('jdk17-nmt-summary.txt'), real('go-pprof-heap-debug1.txt'), real('go-gctrace-stderr.txt'), real('jdk17-proc-status.txt'), real('jdk17-smaps-rollup.txt'),
      wild('jvm-nmt-summary-jdk8-docker-helloworld-4g-heap-reserved.txt'), wild('go-expvar-memstats-ipfs-kubo-heapsys-331m.json')];
    for (const t of texts) {
      assert.ok(mayBeCapture(t), t.slice(0, 60));
      assert.equal(languageFor(parseDocument(t)), 'kmem-snapshot', t.slice(0, 60));
    }
    const yaml = 'Name: web\nThreads: 4\nState: running\nreplicas: 3\n';
    assert.equal(languageFor(parseDocument(yaml)), undefined);
  });

  test('tools\' own output pasted alone passes and is a snapshot: free, top\'s summary, vmstat N, vmstat -s, sar, lowmemorykiller (real pastes from test/wild)', async () => {
    const { mayBeCapture } = await import('../../extension/client/detection');
    const wild = (f: string) => readFileSync(path.join(__dirname, '..', 'wild', 'captures', f), 'utf8');
    for (const f of ['free-m-3.8g-k8s-node-used-3470m-available-204m-no-swap-kernel-noncache.txt', 'top-header-917m-rpi3-ubuntu-touch-kswapd0-66pct-wa-75-no-swap-avail-57m.txt',
      'vmstat-table-quoted-2g-arm-chromebook-3.4-zram-livelock-r-46-sys-100-free-13m-swpd-1g-si-so-0.txt', 'vmstat-table-vmstat-s-4g-vm-idle-no-swap-used-2.4g-free-healthy.txt',
      'sar-B-el8-sysstat-11.7-vmeff-194pct-impossible-direct-scan-141-per-s-two-rows.txt', 'oom-android-tv-in-kernel-lowmemorykiller-7-kills-bootanimation-191m-kswapd0-printk-level-wrapped.txt']) {
      const t = wild(f);
      assert.ok(mayBeCapture(t), f);
      assert.ok(languageFor(parseDocument(t)) !== undefined, f);
    }
  });

  test('ordinary text, YAML and JSON do not (so no server is started for them)', async () => {
    const { mayBeCapture } = await import('../../extension/client/detection');
    for (const t of ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  replicas: 3\n', '{"MemTotal": 5}', 'shopping list\nmilk\n', 'port: 8080\ntimeout: 30\n', '', 'Mem: the memory of the team\ntotal used free: three words\n'])
      assert.equal(mayBeCapture(t), false, JSON.stringify(t));
  });
});
