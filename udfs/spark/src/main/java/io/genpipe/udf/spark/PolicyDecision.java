package io.genpipe.udf.spark;

import java.io.Serializable;

/**
 * The licence gate's decision for one model in one job, recorded in every manifest row.
 *
 * @param usage the job's declared use: {@code commercial}, {@code non-commercial} or
 *     {@code research}
 * @param decision {@code allowed} or {@code allowed-with-restrictions} (refused jobs never run)
 * @param attributionText notice to show with outputs, or null
 * @param useRestrictionsRef where the use restrictions are (licence URL), or null
 */
public record PolicyDecision(
    String usage, String decision, String attributionText, String useRestrictionsRef)
    implements Serializable {}
