#!/usr/bin/env node
/** Node entry of the kmemlens CLI: wires real files and streams into runCli. */
import { readFileSync } from 'node:fs';
import { runCli, type CliIO } from './main';
import { runPrometheus } from './prometheus';

// `kmemlens … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });

const io: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFileSync(p, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
};
const argv = process.argv.slice(2);
// The one command that waits on the network; the others are synchronous.
if (argv[0] === 'prometheus') void runPrometheus(argv.slice(1), io).then((c) => { process.exitCode = c; });
else process.exitCode = runCli(argv, io);
