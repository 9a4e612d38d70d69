package dev.calicoctl.cli.cni;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host-wide IPAM lock of Calico's CNI plugin: an exclusive flock(2) on a file (default
 * /var/run/calico/ipam.lock) held while addresses are assigned or released, so the plugins on
 * one host take turns on the host's blocks instead of racing for them. Best effort, as
 * upstream: if the lock cannot be taken the operation goes ahead (correctness comes from the
 * datastore's compare-and-swap).
 *
 * <p>Java's own FileChannel.lock is an fcntl record lock, which does not exclude flock(2)
 * holders such as upstream's Go plugin; so flock itself is called through the foreign-function
 * API (Java 22+, looked up reflectively because the code is compiled for 17). Where that is not
 * available (older JDK, or java.io not opened to read the descriptor) it falls back to
 * FileChannel.lock, which still serialises this plugin's own processes.
 */
final class IpamLock implements AutoCloseable {
    static final String DEFAULT_PATH = "/var/run/calico/ipam.lock";
    private static final int LOCK_EX = 2;

    private final RandomAccessFile file;
    private final FileLock fallback;

    private IpamLock(RandomAccessFile file, FileLock fallback) {
        this.file = file;
        this.fallback = fallback;
    }

    /** Blocks until the lock is held; returns null (and says why on {@code log}) when it cannot be taken. */
    static IpamLock acquire(String path, PrintStream log) {
        Path p = Path.of(path == null || path.isEmpty() ? DEFAULT_PATH : path);
        RandomAccessFile f = null;
        try {
            if (p.getParent() != null) Files.createDirectories(p.getParent());
            f = new RandomAccessFile(p.toFile(), "rw");
            Integer fd = descriptor(f.getFD());
            MethodHandle flock = fd == null ? null : Flock.HANDLE;
            if (flock != null) {
                int rc = (int) flock.invokeExact(fd.intValue(), LOCK_EX);
                if (rc == 0) return new IpamLock(f, null);
            }
            return new IpamLock(f, f.getChannel().lock());
        } catch (Throwable e) {
            log.println("calico-ipam: could not take the IPAM lock " + p + " (" + e.getMessage() + "); going ahead without it");
            if (f != null) try { f.close(); } catch (IOException ignored) { /* nothing to release */ }
            return null;
        }
    }

    /** Binds flock(2) ahead of need (start-up work done on another thread). */
    static void prewarm() {
        if (Flock.HANDLE == null) return;
    }

    /** Closing the file releases a flock; the fallback lock is released explicitly first. */
    @Override public void close() {
        try {
            if (fallback != null) fallback.release();
            file.close();
        } catch (IOException ignored) {
            // the process is about to exit, which releases the lock anyway
        }
    }

    private static Integer descriptor(FileDescriptor fd) {
        try {
            Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true);
            return f.getInt(fd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** int flock(int fd, int operation), bound once; null where the foreign-function API is missing. */
    private static final class Flock {
        static final MethodHandle HANDLE = bind();

        private static MethodHandle bind() {
            try {
                Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
                Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
                Object linker = linkerC.getMethod("nativeLinker").invoke(null);
                Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
                Optional<?> symbol = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class).invoke(lookup, "flock");
                if (symbol.isEmpty()) return null;
                Object jint = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
                Object args = Array.newInstance(layoutC, 2);
                Array.set(args, 0, jint);
                Array.set(args, 1, jint);
                Object desc = descC.getMethod("of", layoutC, args.getClass()).invoke(null, jint, args);
                return (MethodHandle) linkerC.getMethod("downcallHandle", segmentC, descC, Array.newInstance(optionC, 0).getClass())
                        .invoke(linker, symbol.get(), desc, Array.newInstance(optionC, 0));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    }
}
