package io.genpipe.jobs;

/**
 * What the job declares for the licence gate.
 *
 * @param allowUnknown accept models whose licence genpipe cannot classify
 */
public record LicensePolicy(Usage usage, boolean allowUnknown) {}
