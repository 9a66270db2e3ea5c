package dev.kumo.contracts;

/** An amount of the three resources placement counts: virtual CPUs, memory and disk. */
public record Resources(int vcpus, long memoryMb, long diskGb) {

    public static final Resources NONE = new Resources(0, 0, 0);

    public Resources {
        if (vcpus < 0 || memoryMb < 0 || diskGb < 0) {
            throw new IllegalArgumentException("resources cannot be negative: " + vcpus + "/" + memoryMb + "/" + diskGb);
        }
    }

    public boolean fitsIn(Resources free) {
        return vcpus <= free.vcpus && memoryMb <= free.memoryMb && diskGb <= free.diskGb;
    }

    public Resources plus(Resources other) {
        return new Resources(vcpus + other.vcpus, memoryMb + other.memoryMb, diskGb + other.diskGb);
    }
}
