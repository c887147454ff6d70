// The language server in another editor: a headless Neovim loads
// docs/editors/neovim.lua (the snippet the README gives), opens a meminfo and
// reports the diagnostics and a hover it got from `node dist/server.js --stdio`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildServer, fixture } from './lspClient';

const CHECK = `
vim.defer_fn(function()
  local out = {}
  vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(out, 'diag ' .. (d.code or '?') .. ' ' .. (d.lnum + 1)) end
  local line = 0
  for i, l in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do if l:match('^SUnreclaim') then line = i - 1 end end
  local params = { textDocument = vim.lsp.util.make_text_document_params(), position = { line = line, character = 2 } }
  for _, r in pairs(vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 5000) or {}) do
    if r.result then table.insert(out, 'hover ' .. r.result.contents.value:gsub('\\n', ' ')) end
  end
  local f = io.open(os.getenv('RESULT'), 'w'); f:write(table.concat(out, '\\n')); f:close()
  vim.cmd('qa!')
end, 200)
`;

test('Neovim gets diagnostics and hovers from the server, configured as the README says', () => {
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(nvim.status, 0, 'Neovim is needed for this test: apt-get install neovim (.ci/run installs it)');
  const server = buildServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kmemlens-nvim-'));
  try {
    const sample = fixture('sample-node-snapshot.txt');
    const meminfo = /==> \/proc\/meminfo <==\n([\s\S]*?)\n\n/.exec(sample)![1] + '\n';
    writeFileSync(path.join(dir, 'node.meminfo'), meminfo);
    writeFileSync(path.join(dir, 'check.lua'), CHECK);
    const result = path.join(dir, 'result.txt');
    execFileSync('nvim', ['--headless', '-u', path.resolve('docs/editors/neovim.lua'), '-c', `luafile ${path.join(dir, 'check.lua')}`, path.join(dir, 'node.meminfo')],
      { env: { ...process.env, KMEMLENS_SERVER: server, RESULT: result }, timeout: 30000, stdio: 'pipe' });
    const lines = readFileSync(result, 'utf8').split('\n');
    const sunreclaimLine = meminfo.split('\n').findIndex((l) => l.startsWith('SUnreclaim')) + 1;
    assert.ok(lines.includes(`diag meminfo/unreclaimable-slab-high ${sunreclaimLine}`), lines.join('\n'));
    const hover = lines.find((l) => l.startsWith('hover '));
    assert.ok(hover && /SUnreclaim/.test(hover) && /GiB/.test(hover), hover);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
