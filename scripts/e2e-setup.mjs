#!/usr/bin/env node
// Installs code-server 4.100.3 into .e2e-cache/ for the e2e tests and the demo (once; about a minute).
// Fails with a list of what to install when a prerequisite is missing.
import { ensureCodeServer, phase, chromiumPath, CS_DIR } from '../test/e2e/lib/codeServer.mjs';

try {
  chromiumPath();
  await phase(`code-server in ${CS_DIR}`, ensureCodeServer);
} catch (e) {
  console.error(`[e2e-setup] ${e.message}`);
  process.exit(1);
}
