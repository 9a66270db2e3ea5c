package dev.kumo.scheduler.placement;

/**
 * One reason a host cannot take a request, as a SQL condition on the {@code host} table that the hosts passing it
 * satisfy. The name is what a NoValidHost fault shows, in Nova's words where Nova has them.
 */
record HostFilter(String name, String condition) {
}
