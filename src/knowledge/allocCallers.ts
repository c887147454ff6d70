/**
 * Callers a page allocation failure's call trace names, and what the allocation was for. The frame names
 * are the kernel's own (kernel/fork.c, net/core/skbuff.c, mm/slub.c); texts are our own wording.
 */
import { frameName } from '../formats/oomReport';

export interface AllocCaller { pattern: RegExp; what: string }

export const ALLOC_CALLERS: AllocCaller[] = [
  // kernel/fork.c: copy_process → dup_task_struct → alloc_thread_stack_node (THREAD_SIZE: 16 KiB on x86-64 and arm64).
  { pattern: /^(?:copy_process|dup_task_struct|alloc_thread_stack_node|_do_fork|do_fork|kernel_clone)$/, what: 'fork or clone, for the new task\'s kernel stack (16 KiB on x86-64 and arm64), so a process or thread could not be created' },
  // net/core/skbuff.c and drivers' receive paths: packet buffers, often atomic.
  { pattern: /^(?:__alloc_skb|__netdev_alloc_skb|__napi_alloc_skb|alloc_skb_with_frags|sk_page_frag_refill|skb_page_frag_refill|page_frag_alloc\w*)$/, what: 'a network packet buffer: the packet is dropped or the driver retries' },
];

/** The frame as a reader knows it (formats/oomReport.ts frameName: compiler suffixes dropped). */
export const callerName = frameName;

/** What a caller frame tells of the allocation, when it is one we know. */
export function allocCallerText(frame: string): string | undefined {
  const name = callerName(frame.split(' ')[0]);
  return ALLOC_CALLERS.find((c) => c.pattern.test(name))?.what;
}
