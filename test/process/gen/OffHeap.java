// Uses memory off the Java heap, so that Native Memory Tracking has something to show:
// many threads (Thread stacks), direct ByteBuffers (Other / NIO), and classes defined again and
// again by throwaway class loaders plus java.lang.reflect.Proxy classes (Class / Metaspace).
// Phase 1 writes DIR/ready1 and waits for DIR/go; phase 2 grows, writes DIR/ready2 and waits for DIR/stop.
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

public class OffHeap {
  public interface Greeter { String greet(String who); }

  /** The class defined again by each loader. */
  public static class Payload { public int value = 42; public String name() { return "payload" + value; } }

  static final class OneShotLoader extends ClassLoader {
    OneShotLoader(ClassLoader parent) { super(parent); }
    Class<?> define(String name, byte[] b) { return defineClass(name, b, 0, b.length); }
  }

  static final List<Object> KEEP = new ArrayList<>();
  static final CountDownLatch NEVER = new CountDownLatch(1);

  static void waitFor(Path p) throws InterruptedException {
    while (!Files.exists(p)) Thread.sleep(50);
  }

  static void threads(int n) {
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> { try { NEVER.await(); } catch (InterruptedException e) { } }, "idle-" + KEEP.size());
      t.setDaemon(true);
      t.start();
      KEEP.add(t);
    }
  }

  static void direct(int buffers, int size) {
    for (int i = 0; i < buffers; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(size);
      for (int k = 0; k < size; k += 4096) b.put(k, (byte) 1); // touch every page: committed and resident
      KEEP.add(b);
    }
  }

  static void classes(byte[] bytes, int loaders) throws Exception {
    ClassLoader parent = OffHeap.class.getClassLoader();
    for (int i = 0; i < loaders; i++) {
      OneShotLoader l = new OneShotLoader(parent);
      Class<?> c = l.define(Payload.class.getName(), bytes);
      KEEP.add(c.getDeclaredConstructor().newInstance());
      // A proxy class per loader: defined in that loader, so each is a new class too.
      InvocationHandler h = (proxy, m, args) -> "hello " + args[0];
      KEEP.add(Proxy.newProxyInstance(l, new Class<?>[] { Greeter.class }, h));
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    byte[] bytes;
    try (InputStream in = OffHeap.class.getResourceAsStream("OffHeap$Payload.class")) { bytes = in.readAllBytes(); }
    threads(20);
    direct(4, 1 << 20);
    classes(bytes, 200);
    Files.writeString(dir.resolve("ready1"), Long.toString(ProcessHandle.current().pid()));
    waitFor(dir.resolve("go"));
    threads(180);
    direct(36, 1 << 20); // 40 MiB in all: under MaxDirectMemorySize, which defaults to -Xmx (64m)
    classes(bytes, 4000);
    List<byte[]> heap = new ArrayList<>();
    for (int i = 0; i < 64; i++) heap.add(new byte[1 << 18]); // 16 MiB of heap in use too (-Xmx64m; small arrays, not humongous)
    KEEP.add(heap);
    Files.writeString(dir.resolve("ready2"), "grown");
    waitFor(dir.resolve("stop"));
    System.exit(0);
  }
}
