package dev.kumo.agent.hypervisor;

import org.jboss.logging.Logger;
import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * libvirt's default event loop, which delivers domain lifecycle events to listeners. It has to be registered
 * before the first connection is opened, and then run on a thread of its own: a daemon thread here, once per process.
 */
final class LibvirtEvents {

    private static final Logger LOG = Logger.getLogger(LibvirtEvents.class);
    private static volatile boolean running;

    private LibvirtEvents() {
    }

    /** Starts the loop if not yet started; whether events can be delivered. */
    static synchronized boolean start() {
        if (running) {
            return true;
        }
        try {
            Library.initEventLoop();
        } catch (LibvirtException | RuntimeException | LinkageError e) {
            LOG.warnf("no libvirt lifecycle events, the periodic power-state sync only: %s", e.getMessage());
            return false;
        }
        Thread loop = new Thread(LibvirtEvents::run, "libvirt-events");
        loop.setDaemon(true);
        loop.start();
        running = true;
        return true;
    }

    static boolean isRunning() {
        return running;
    }

    private static void run() {
        try {
            Library.runEventLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException e) {
            LOG.errorf("the libvirt event loop stopped: %s", e.getMessage());
        }
    }
}
