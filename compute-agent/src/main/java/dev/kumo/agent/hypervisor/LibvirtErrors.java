package dev.kumo.agent.hypervisor;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt.VirErrorCallback;
import org.libvirt.jna.virError;

/**
 * By default libvirt prints every error to stderr ("libvirt: Test Driver error : Domain not found"), also the
 * ones the agent expects and handles, like a lookup of an absent domain. Errors reach the agent as exceptions;
 * this callback keeps them off stderr.
 */
final class LibvirtErrors {

    // JNA callbacks must stay strongly reachable while native code may call them.
    private static final VirErrorCallback SILENT = (Pointer userData, virError error) -> {
    };
    private static volatile boolean installed;

    private LibvirtErrors() {
    }

    static synchronized void keepOffStderr() {
        if (installed) {
            return;
        }
        try {
            Connect.setErrorCallback(SILENT);
            installed = true;
        } catch (LibvirtException e) {
            // stderr noise only
        }
    }
}
