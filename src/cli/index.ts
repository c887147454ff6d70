#!/usr/bin/env node
/** Node entry of the kmemlens CLI: wires real files and streams into runCli. */
import { readFileSync, statSync } from 'node:fs';
import { runCli, type CliIO } from './main';
import { runPrometheus } from './prometheus';
import { runCapture } from './capture';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { rowOfFile, runFleet } from './fleet';

// `kmemlens … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });

const io: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
  isFile: (p) => { try { return statSync(p).isFile(); } catch { return false; } },
};
const argv = process.argv.slice(2);
if (!isMainThread && workerData?.kmemlensFleet) {
  // A fleet worker: this same file, run on a worker thread with its share of the files.
  parentPort!.postMessage((workerData.kmemlensFleet as string[]).map(rowOfFile));
} else if (argv[0] === 'prometheus') {
  // The commands that wait (the network, worker threads); the others are synchronous.
  void runPrometheus(argv.slice(1), io).then((c) => { process.exitCode = c; });
} else if (argv[0] === 'capture') {
  // Ctrl-C cancels: the capture kills the process group it started (ssh, kubectl) and deletes its debug pod.
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  void runCapture(argv.slice(1), io, ac.signal).then((c) => { process.exitCode = c; });
} else if (argv[0] === 'fleet') {
  void runFleet(argv.slice(1), io, __filename).then((c) => { process.exitCode = c; });
} else process.exitCode = runCli(argv, io);
