/**
 * Hover knowledge for what kubectl and the kubelet print about memory: kubectl top,
 * the kubelet Summary API, describe node / Node objects, KubeletConfiguration and
 * events. Facts from the Kubernetes sources named in each entry; texts are our own.
 */
import type { KnowledgeTable } from './types';
import { entry as e, table } from './types';

const TOP = 'k8s.io/kubectl pkg/cmd/top (top_node.go, top_pod.go) and pkg/metricsutil/metrics_printer.go; metrics-server';
const WS = 'The working set is what the kernel cannot easily take back: usage minus inactive_file (page cache not touched lately). Active page cache counts, so a node reading files heavily shows a big working set while free(1) and MemAvailable look comfortable.';
const STATS = 'k8s.io/kubelet pkg/apis/stats/v1alpha1 types.go (MemoryStats); filled from cAdvisor (pkg/kubelet/stats)';
const EVICT = 'pkg/kubelet/eviction (eviction_manager.go, helpers.go)';
const CONFIG = 'k8s.io/kubelet config/v1beta1 types.go (KubeletConfiguration); kubernetes.io docs "Reserve Compute Resources for System Daemons", "Node-pressure Eviction"';
const DESCRIBE = 'k8s.io/kubectl pkg/describe/describe.go (describeNode, describePod)';

/** The columns of `kubectl top node` / `kubectl top pod`. */
export const kubectlTopKnowledge: KnowledgeTable = table([
  e('NAME', 'Node, pod or container name', 'The object the row measures: a node (top node), a pod (top pod), or a container (top pod --containers, where POD names its pod).', { source: TOP }),
  e('NAMESPACE', 'Namespace', 'The pod\'s namespace, printed with -A / --all-namespaces.', { source: TOP }),
  e('POD', 'Pod of the container', 'With --containers: the pod the container belongs to.', { source: TOP }),
  e('CPU(cores)', 'CPU in use', 'CPU used over metrics-server\'s last window, in millicores (`250m` = a quarter of a core).', { source: TOP }),
  e('CPU%', 'CPU share of allocatable', 'CPU(cores) divided by the node\'s allocatable CPU (capacity minus kube-reserved and system-reserved), unless --show-capacity is given.', { source: TOP }),
  e('CPU(%)', 'CPU share of allocatable', 'The newer header of CPU%: CPU(cores) over the node\'s allocatable CPU.', { source: TOP }),
  e('MEMORY(bytes)', 'Working set memory', `The memory metrics-server reports: the working set from the kubelet (its resource metrics, the same number as the Summary API's workingSetBytes), printed in Mi. ${WS}`,
    { kubernetes: 'The same working set is what the kubelet compares with the eviction thresholds (memory.available = capacity − working set, at node level) and what a container\'s limit is judged against in practice.', worry: 'A node near its allocatable or a pod near its limit. A pod whose working set grows steadily while RSS does not is filling page cache (or tmpfs), not leaking heap.', source: `${TOP}; metrics-server pkg/scraper (working set from the kubelet's /metrics/resource)` }),
  e('MEMORY%', 'Memory share of allocatable', 'MEMORY(bytes) divided by the node\'s ALLOCATABLE memory (capacity minus kube-reserved, system-reserved and the hard eviction threshold), not its capacity; --show-capacity divides by capacity instead. Over 100 % happens: system daemons and the page cache of the whole node sit in the node\'s working set, not only pods.',
    { worry: 'Near or over 100 %: memory.available is close to the eviction threshold; check the node\'s MemoryPressure condition and evictions.', source: `${TOP} (top_node.go: node.Status.Allocatable unless --show-capacity)` }),
  e('MEMORY(%)', 'Memory share of allocatable', 'The newer header of MEMORY%: working set over the node\'s allocatable memory.', { source: TOP }),
]);

/** The memory keys of the kubelet Summary API and its object names. */
export const kubeletSummaryKnowledge: KnowledgeTable = table([
  e('time', 'Sample time', 'When cAdvisor took the sample these numbers come from.', { source: STATS }),
  e('availableBytes', 'Available memory', 'Memory still free before the limit: for the node, capacity minus working set (the kubelet\'s memory.available signal); for a container, its limit minus its working set. Absent when there is no limit.',
    { kubernetes: 'The kubelet evicts pods when the node\'s availableBytes falls below evictionHard memory.available (100Mi by default).', worry: 'Node availableBytes close to the eviction threshold.', source: `${STATS}; ${EVICT}` }),
  e('usageBytes', 'Memory usage', 'The cgroup\'s memory usage (memory.current, v1 memory.usage_in_bytes): anonymous memory, page cache, kernel memory charged to it. Page cache makes it large on any node that reads files.', { source: STATS }),
  e('workingSetBytes', 'Working set', `usage minus inactive_file, floored at 0. ${WS}`,
    { kubernetes: 'kubectl top shows this number; the kubelet evicts by it and ranks pods for eviction by it over their requests.', worry: 'A container\'s working set near its limit: the next charge triggers reclaim, then the OOM killer.', source: `${STATS}; cAdvisor container/libcontainer handler (workingSet)` }),
  e('rssBytes', 'Resident anonymous memory', 'Anonymous and swap-cache memory (memory.stat anon / v1 total_rss): what cannot be dropped, only swapped.', { source: STATS }),
  e('pageFaults', 'Page faults', 'Cumulative page faults (memory.stat pgfault): minor faults mostly, counted since the cgroup started.', { source: STATS }),
  e('majorPageFaults', 'Major page faults', 'Cumulative faults that had to read from disk (memory.stat pgmajfault). A fast rise with a working set at its limit is thrashing.', { source: STATS }),
  e('node', 'The node', 'The node\'s own statistics: its root cgroup as cAdvisor sees it.', { source: STATS }),
  e('systemContainers', 'System containers', 'The node\'s system cgroups the kubelet reports: kubelet, runtime (the container runtime), pods (the kubepods cgroup, all pods together) and misc.', { source: STATS }),
  e('kubelet', 'The kubelet\'s cgroup', 'Memory of the kubelet\'s own cgroup (or of kube-reserved\'s cgroup when it has one).', { source: STATS }),
  e('runtime', 'The container runtime\'s cgroup', 'Memory of containerd / CRI-O / dockerd.', { source: STATS }),
  e('pods', 'All pods', 'The kubepods cgroup: every pod on the node together; its availableBytes is allocatable minus the pods\' working set.', { source: STATS }),
  e('misc', 'Other system processes', 'Processes outside the kubelet, runtime and pod cgroups.', { source: STATS }),
  e('podRef', 'Pod identity', 'name, namespace and uid of the pod the entry measures.', { source: STATS }),
]);

/** describe node and Node objects: capacity, allocatable, conditions, allocated, events, system info. */
export const nodeDescribeKnowledge: KnowledgeTable = table([
  e('Capacity', 'Node capacity', 'What the node has: memory is MemTotal of the machine as the kubelet reads it (cAdvisor), cpu its cores, pods the pod limit.', { source: DESCRIBE }),
  e('Allocatable', 'Node allocatable', 'What the scheduler may hand to pods: capacity minus kube-reserved, system-reserved and the hard eviction threshold. The kubelet enforces it on the kubepods cgroup when enforceNodeAllocatable lists pods.',
    { kubernetes: 'kubectl top node\'s MEMORY% is working set over this number.', source: `${DESCRIBE}; pkg/kubelet/cm/node_container_manager_linux.go` }),
  e('capacity.memory', 'Memory capacity', 'The machine\'s memory as the kubelet counts it (MemTotal), in Ki.', { source: DESCRIBE }),
  e('allocatable.memory', 'Allocatable memory', 'capacity.memory − kubeReserved.memory − systemReserved.memory − evictionHard memory.available: the memory pods may request in total.', { source: 'pkg/kubelet/cm/node_container_manager_linux.go (GetNodeAllocatableAbsolute)' }),
  e('Conditions', 'Node conditions', 'The kubelet\'s verdicts on the node: Ready and the pressure conditions, with when each last changed and why.', { source: DESCRIBE }),
  e('MemoryPressure', 'Memory pressure condition', 'True while memory.available is below an eviction threshold (hard, or soft for its grace period), and for evictionPressureTransitionPeriod (5m) after. While True, no new BestEffort pods are scheduled to the node.',
    { worry: 'True: the kubelet is evicting or about to evict pods.', source: EVICT }),
  e('DiskPressure', 'Disk pressure condition', 'True while nodefs or imagefs availability is below its eviction threshold.', { source: EVICT }),
  e('PIDPressure', 'PID pressure condition', 'True while pid.available is below its eviction threshold.', { source: EVICT }),
  e('Ready', 'Ready condition', 'True when the kubelet is healthy and posting status; False or Unknown takes pods off the node after a grace period.', { source: DESCRIBE }),
  e('Allocated resources', 'Requests and limits on the node', 'The sum of the requests and of the limits of the node\'s non-terminated pods, each as a share of allocatable. Requests decide scheduling; limits may add up to more than 100 % (overcommit).',
    { worry: 'Memory limits far over 100 %: if the pods use what their limits allow, the node runs out before any single pod hits its limit.', source: DESCRIBE }),
  e('Non-terminated Pods', 'Pods on the node', 'Every pod the node runs, with its requests and limits and their share of allocatable.', { source: DESCRIBE }),
  e('Memory Requests', 'Memory requests', 'The memory the pod asked for: what the scheduler reserved for it and what eviction ranks usage against.', { source: DESCRIBE }),
  e('Memory Limits', 'Memory limits', 'The memory.max of the pod\'s containers: above it the kernel reclaims, then OOM-kills inside the container. 0 means no limit.', { source: DESCRIBE }),
  e('Events', 'Events', 'Recent events about the object (kept one hour by default): restarts of the kubelet, condition changes, OOMs the kubelet saw, evictions.', { source: DESCRIBE }),
  e('kernelVersion', 'Kernel version', 'The node\'s kernel (uname -r).', { source: 'k8s.io/api core/v1 NodeSystemInfo' }),
  e('osImage', 'OS image', 'The node\'s distribution, from /etc/os-release.', { source: 'k8s.io/api core/v1 NodeSystemInfo' }),
  e('containerRuntimeVersion', 'Container runtime', 'The runtime and its version (containerd://1.7, cri-o://1.29, docker://).', { source: 'k8s.io/api core/v1 NodeSystemInfo' }),
  e('kubeletVersion', 'Kubelet version', 'The kubelet\'s version: which eviction defaults and memory features apply.', { source: 'k8s.io/api core/v1 NodeSystemInfo' }),
]);

/** KubeletConfiguration keys (and their flags), eviction signals. */
export const kubeletConfigKnowledge: KnowledgeTable = table([
  e('systemReserved', 'Reserved for the OS', 'Resources held back from pods for system daemons (sshd, journald, udev). Subtracted from capacity to make allocatable; enforced as a cgroup limit only if enforceNodeAllocatable lists system-reserved.', { source: CONFIG }),
  e('kubeReserved', 'Reserved for Kubernetes daemons', 'Resources held back for the kubelet and the container runtime. Subtracted from capacity to make allocatable; enforced only if enforceNodeAllocatable lists kube-reserved.', { source: CONFIG }),
  e('evictionHard', 'Hard eviction thresholds', 'Signal → threshold; when a signal crosses its threshold the kubelet evicts pods at once (no grace period). Default memory.available<100Mi, nodefs.available<10%, imagefs.available<15%, nodefs.inodesFree<5%. Setting any replaces all defaults unless mergeDefaultEvictionSettings.',
    { worry: 'memory.available at the 100Mi default on a large node: the kernel OOM killer usually acts before the kubelet does.', source: `${CONFIG}; ${EVICT}` }),
  e('evictionSoft', 'Soft eviction thresholds', 'Thresholds that evict only after the signal stayed past them for its evictionSoftGracePeriod, with pods given up to evictionMaxPodGracePeriod to stop.', { source: `${CONFIG}; ${EVICT}` }),
  e('evictionSoftGracePeriod', 'Soft threshold grace periods', 'How long each soft threshold must be exceeded before the kubelet evicts (`1m30s`).', { source: CONFIG }),
  e('evictionMinimumReclaim', 'Minimum reclaim', 'How much beyond the threshold the kubelet reclaims once it starts evicting, so it does not evict again right away.', { source: CONFIG }),
  e('evictionPressureTransitionPeriod', 'Pressure transition period', 'How long the kubelet waits before turning a pressure condition back to False (default 5m): avoids flapping.', { source: CONFIG }),
  e('evictionMaxPodGracePeriod', 'Pod grace period for soft eviction', 'The longest termination grace period a pod gets when a soft threshold evicts it (seconds).', { source: CONFIG }),
  e('memory.available', 'Signal: node memory available', 'capacity minus the node\'s working set (root cgroup usage − inactive_file). Not MemAvailable: page cache that is active counts as used.',
    { worry: 'Close to evictionHard memory.available: evictions start.', source: `${EVICT} (makeSignalObservations)` }),
  e('allocatableMemory.available', 'Signal: pods\' memory available', 'Allocatable minus the pods\' working set (the kubepods cgroup), when enforceNodeAllocatable includes pods.', { source: EVICT }),
  e('nodefs.available', 'Signal: node filesystem available', 'Free space of the kubelet\'s filesystem (logs, emptyDir, volumes).', { source: EVICT }),
  e('nodefs.inodesFree', 'Signal: node filesystem inodes', 'Free inodes of the kubelet\'s filesystem.', { source: EVICT }),
  e('imagefs.available', 'Signal: image filesystem available', 'Free space of the runtime\'s image filesystem.', { source: EVICT }),
  e('imagefs.inodesFree', 'Signal: image filesystem inodes', 'Free inodes of the runtime\'s image filesystem.', { source: EVICT }),
  e('pid.available', 'Signal: PIDs available', 'PIDs left before the kernel\'s pid_max.', { source: EVICT }),
  e('memory', 'Memory', 'The memory quantity reserved or thresholded here, in bytes (Ki = 1024, Mi = 1024², k = 1000).', { source: 'k8s.io/apimachinery pkg/api/resource quantity.go' }),
  e('cpu', 'CPU', 'CPU reserved here, in cores (`500m` = half a core).', { source: 'k8s.io/apimachinery pkg/api/resource quantity.go' }),
  e('ephemeral-storage', 'Ephemeral storage', 'Local disk reserved here (logs, emptyDir, writable layers).', { source: CONFIG }),
  e('enforceNodeAllocatable', 'Enforced reservations', 'Which cgroups get limits from the reservations: pods (the kubepods cgroup capped at allocatable, the default), system-reserved, kube-reserved. Without pods, allocatable is only a scheduling number.', { source: CONFIG }),
  e('memoryThrottlingFactor', 'Memory QoS throttling factor', 'With MemoryQoS on cgroup v2: memory.high is set to request + factor × (limit − request) (default 0.9), so containers are throttled by reclaim before they hit memory.max.', { source: `${CONFIG}; pkg/kubelet/kuberuntime (MemoryQoS)` }),
  e('featureGates.MemoryQoS', 'MemoryQoS feature gate', 'Sets memory.min from requests and memory.high from limits on cgroup v2 (alpha since 1.22).', { source: 'pkg/features/kube_features.go (MemoryQoS)' }),
  e('cgroupDriver', 'Cgroup driver', 'cgroupfs or systemd: how the kubelet names and creates cgroups; it must match the runtime\'s. With systemd pod cgroups are kubepods.slice/kubepods-burstable.slice/….', { source: CONFIG }),
  e('cgroupsPerQOS', 'QoS cgroup hierarchy', 'True (default): pods sit under kubepods/burstable and kubepods/besteffort cgroups, which node-allocatable enforcement needs.', { source: CONFIG }),
  e('cgroupRoot', 'Cgroup root', 'The cgroup the pod hierarchy is created under.', { source: CONFIG }),
  e('systemReservedCgroup', 'System-reserved cgroup', 'The cgroup systemReserved is enforced on, when enforceNodeAllocatable lists system-reserved.', { source: CONFIG }),
  e('kubeReservedCgroup', 'Kube-reserved cgroup', 'The cgroup kubeReserved is enforced on, when enforceNodeAllocatable lists kube-reserved.', { source: CONFIG }),
  e('memorySwap', 'Swap for pods', 'swapBehavior: NoSwap (the default since 1.30) or LimitedSwap (Burstable pods may swap in proportion to their request). Needs failSwapOn false.', { source: CONFIG }),
  e('memorySwap.swapBehavior', 'Swap behaviour', 'NoSwap or LimitedSwap (older: UnlimitedSwap).', { source: CONFIG }),
  e('failSwapOn', 'Refuse swap', 'True (default): the kubelet does not start on a node with swap enabled.', { source: CONFIG }),
  e('memoryManagerPolicy', 'Memory manager policy', 'None (default) or Static: Static pins Guaranteed pods\' memory to NUMA nodes and needs reservedMemory.', { source: CONFIG }),
  e('reservedMemory', 'Reserved memory per NUMA node', 'Memory held back per NUMA node for the Static memory manager; must add up to kube + system reserved + hard eviction.', { source: CONFIG }),
  e('mergeDefaultEvictionSettings', 'Merge default thresholds', 'True: thresholds not set keep their defaults instead of being dropped.', { source: CONFIG }),
  e('maxPods', 'Pod limit', 'The most pods the node runs.', { source: CONFIG }),
  e('podPidsLimit', 'PIDs per pod', 'The pids.max of each pod (-1 = no limit).', { source: CONFIG }),
  e('oomScoreAdj', 'Kubelet oom_score_adj', 'The kubelet\'s own oom_score_adj (default -999): the OOM killer spares it.', { source: CONFIG }),
  e('kernelMemcgNotification', 'Memcg threshold notification', 'True: the kubelet asks the kernel to notify it when memory crosses the threshold instead of waiting for its 10 s housekeeping.', { source: `${CONFIG}; ${EVICT} (memory_threshold_notifier.go)` }),
  e('protectKernelDefaults', 'Protect kernel defaults', 'True: the kubelet refuses to start unless the kernel settings it needs (vm.overcommit_memory=1, vm.panic_on_oom=0, kernel.panic…) are already set.', { source: CONFIG }),
]);

/** Event reasons, kubelet log and describe pod terms. */
export const k8sEventKnowledge: KnowledgeTable = table([
  e('Evicted', 'Pod evicted', 'The kubelet stopped the pod because the node crossed an eviction threshold. It picks pods whose usage exceeds their request first (BestEffort, then Burstable over request), then by priority, then by usage over request; the message names the signal, threshold, what was available and each container\'s usage.',
    { worry: 'Evictions of pods using far over their request: raise the requests (or limits) to what they use.', source: `${EVICT} (rankMemoryPressure, evictionMessage)` }),
  e('OOMKilled', 'Container OOM-killed', 'The container\'s process was killed by the kernel OOM killer, usually at the container\'s memory limit (exit code 137 = 128 + SIGKILL). The runtime reports it from the cgroup\'s oom_kill count.',
    { worry: 'Repeated OOMKilled with restarts: the limit is below the container\'s need, or it leaks.', source: 'pkg/kubelet/kuberuntime; containerd/CRI-O (reason OOMKilled)' }),
  e('OOMKilling', 'OOM kill seen by node-problem-detector', 'node-problem-detector read a kernel "Killed process" line in the kernel log and reported it.', { source: 'kubernetes/node-problem-detector config/kernel-monitor.json' }),
  e('SystemOOM', 'System OOM', 'The kubelet saw an OOM kill outside a container limit (its OOM watcher read it from the kernel log): the node itself, or a cgroup above the pods, ran out.',
    { worry: 'Any SystemOOM: the node\'s reservations or eviction thresholds did not keep the node out of global OOM.', source: 'pkg/kubelet/oom/oom_watcher_linux.go' }),
  e('EvictionThresholdMet', 'Eviction threshold met', 'The kubelet found a signal past its threshold and will reclaim (images, dead containers) and then evict.', { source: EVICT }),
  e('NodeHasInsufficientMemory', 'Memory pressure started', 'The node\'s MemoryPressure condition turned True.', { source: 'pkg/kubelet/nodestatus/setters.go' }),
  e('NodeHasSufficientMemory', 'Memory pressure ended', 'The node\'s MemoryPressure condition is (back to) False.', { source: 'pkg/kubelet/nodestatus/setters.go' }),
  e('Killing', 'Container stopped', 'The kubelet is stopping a container: after an eviction, a failed probe, a pod deletion or an update.', { source: 'pkg/kubelet/events/event.go' }),
  e('eviction', 'Kubelet eviction manager log', 'A line of the kubelet\'s eviction manager: the signal it saw, the pods it ranked, the pod it evicted.', { source: EVICT }),
  e('Exit Code', 'Exit code', '137 = killed by SIGKILL (OOM kill or a forced stop), 143 = SIGTERM, 0 = success.', { source: 'POSIX: 128 + signal number' }),
  e('QoS Class', 'QoS class', 'Guaranteed (requests = limits for every container), Burstable (some request or limit), BestEffort (none). Decides oom_score_adj and the eviction order.', { source: 'pkg/apis/core/v1/helper/qos/qos.go' }),
  e('Restart Count', 'Restart count', 'How many times the container was restarted; OOM-killed containers restart under the pod\'s restartPolicy with a growing back-off.', { source: DESCRIBE }),
  e('Last State', 'Previous container state', 'How the container\'s previous run ended: Reason (OOMKilled, Error, Completed), Exit Code, Started and Finished.', { source: DESCRIBE }),
  e('Limits', 'Container limits', 'memory: the container\'s memory.max. Above it the kernel reclaims, then OOM-kills inside the container.', { source: DESCRIBE }),
  e('Requests', 'Container requests', 'memory: what the scheduler reserved; eviction ranks usage over it.', { source: DESCRIBE }),
]);
