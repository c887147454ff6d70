/** kmemlens fleet (issue 12 §4): one row per node snapshot, worst first; worker threads give the same rows. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runFleet } from '../../src/cli/fleet';
import type { FleetRow } from '../../src/report/fleet';
import { fakeIo } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'kmemlens-fleet-'));
copyFileSync(path.join(ROOT, 'fixtures', 'sample-node-snapshot.txt'), path.join(dir, 'node-a.txt'));
copyFileSync(path.join(ROOT, '..', 'shared', 'corpus', 'meminfo', 'telegraf-mem-normal-16G.meminfo'), path.join(dir, 'node-b.meminfo'));
copyFileSync(path.join(ROOT, 'fixtures', 'kubernetes', 'fixture-top-node-meminfo-slab-leak.txt'), path.join(dir, 'node-c.txt'));
writeFileSync(path.join(dir, 'notes.txt'), 'shopping list\nmilk\n');
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kmemlens fleet', () => {
  test('rows sorted worst first, with the numbers of each node; a file that is no capture is a row with its error, last', async () => {
    const io = fakeIo({});
    assert.equal(await runFleet(['--json', '--threads', '1', dir], io), 0, io.err);
    const rows = JSON.parse(io.out) as FleetRow[];
    assert.deepEqual(rows.map((r) => path.basename(r.file)), ['node-a.txt', 'node-c.txt', 'node-b.meminfo', 'notes.txt']);
    const a = rows[0];
    assert.equal(a.worst, 'critical');
    assert.equal(a.sunreclaimBytes, 4521984 * 1024);
    assert.equal(a.topCache?.name, 'kmalloc-2k');
    assert.equal(a.oomKills, 3);
    assert.equal(a.psiMemoryFullAvg10, 12.76);
    assert.equal(rows[1].node, 'node-1', 'the node name kubectl top gives');
    assert.equal(rows[1].hiddenBytes, (4030464 - 786432) * 1024 - 900 * 1024 * 1024);
    assert.equal(rows[2].worst, undefined, 'a healthy 16 GB node has no finding');
    assert.equal(rows[3].error, 'not a kernel memory capture');
  });

  test('the bundled CLI on two worker threads prints the same rows as one thread', () => {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    const one = spawnSync(process.execPath, [cli, 'fleet', '--json', '--threads', '1', dir], { encoding: 'utf8' });
    const two = spawnSync(process.execPath, [cli, 'fleet', '--json', '--threads', '2', dir], { encoding: 'utf8' });
    assert.equal(two.status, 0, two.stderr);
    assert.deepEqual(JSON.parse(two.stdout), JSON.parse(one.stdout));
    const table = spawnSync(process.execPath, [cli, 'fleet', dir], { encoding: 'utf8' });
    assert.match(table.stdout.split('\n')[2], /node-a\.txt\s+critical/);
  });

  test('no capture at all, or no argument: exit 2 with the reason', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'kmemlens-fleet-empty-'));
    writeFileSync(path.join(empty, 'x.txt'), 'hello\n');
    const io = fakeIo({});
    assert.equal(await runFleet([empty], io), 2);
    assert.match(io.err, /none of the 1 files is a kernel memory capture/);
    const io2 = fakeIo({});
    assert.equal(await runFleet([], io2), 2);
    rmSync(empty, { recursive: true, force: true });
  });

  test('--prometheus options are checked before any request: a bad URL, a bad duration or regex, files beside it, --since without it', async () => {
    const cases: [string[], RegExp][] = [
      [['--prometheus', 'prometheus:9090'], /--prometheus expects the http\(s\):\/\/HOST:PORT/],
      [['--prometheus', 'http://127.0.0.1:1', '--since', 'a week'], /--since expects a duration/],
      [['--prometheus', 'http://127.0.0.1:1', '--step', '10ms'], /--step expects a duration of a second or more/],
      [['--prometheus', 'http://127.0.0.1:1', '--match', '('], /--match is not a regular expression/],
      [['--prometheus', 'http://127.0.0.1:1', dir], /either --prometheus URL or DIR/],
      [['--since', '1h', dir], /go with --prometheus URL/],
    ];
    for (const [args, want] of cases) {
      const io = fakeIo({});
      assert.equal(await runFleet(args, io), 2, args.join(' '));
      assert.match(io.err, want);
    }
  });
});
