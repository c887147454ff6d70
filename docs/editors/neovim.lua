-- Kernel Memory Lens in Neovim (0.7 or newer): put this in your init.lua and set
-- KMEMLENS_SERVER (or replace os.getenv(...) with the path to dist/server.js).
-- test/server/neovim.test.ts runs this very file in a headless Neovim.
vim.cmd([[
  autocmd BufRead,BufNewFile *.meminfo,meminfo setfiletype meminfo
  autocmd BufRead,BufNewFile *.slabinfo,slabinfo setfiletype slabinfo
  autocmd BufRead,BufNewFile *.vmstat,vmstat setfiletype vmstat
  autocmd BufRead,BufNewFile *.pressure setfiletype pressure
  autocmd BufRead,BufNewFile memory.stat,*.memory.stat setfiletype memory-stat
  autocmd BufRead,BufNewFile memory.events,*.memory.events setfiletype memory-events
  autocmd BufRead,BufNewFile *.kmem,*.dmesg setfiletype kmem-snapshot
]])
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'meminfo', 'slabinfo', 'memory-stat', 'memory-events', 'pressure', 'vmstat', 'oom-report', 'kmem-snapshot' },
  callback = function(args)
    local id = vim.lsp.start_client({
      name = 'kmemlens',
      cmd = { 'node', os.getenv('KMEMLENS_SERVER') or 'dist/server.js', '--stdio' },
    })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
