package io.genpipe.testing;

/**
 * The additive attention mask [batch, 1, 1, seq, past+seq], built from shapes: a key k is
 * visible to the query at absolute position past+j iff {@code k <= past+j} (causal) and
 * {@code attention_mask[b, k] != 0} (padding). Masked scores get -1e9, so a fully masked row
 * (a left-pad query) softmaxes to uniform weights instead of NaN.
 *
 * @param past name of the 0-D int64 past length (read from the effective past key's axis 2)
 * @param total name of the 0-D int64 past+seq
 * @param additive name of the float mask
 */
record AttentionMask(String past, String total, String additive) {

  static final float MASKED = -1e9f;

  static AttentionMask build(OnnxGraphBuilder g, String pastKey) {
    String seqShape = g.op("/model/mask/Shape", "Shape", "input_ids");
    String seq = g.op("/model/mask/Gather", "Gather", seqShape, g.scalar(1L));
    String pastShape = g.op("/model/mask/Shape_1", "Shape", pastKey);
    String past = g.op("/model/mask/Gather_1", "Gather", pastShape, g.scalar(2L));
    String total = g.op("/model/mask/Add", "Add", past, seq);
    String keys = g.op("/model/mask/Range", "Range", g.scalar(0L), total, g.scalar(1L));
    String queries = g.op("/model/mask/Range_1", "Range", past, total, g.scalar(1L));
    String queryColumn = g.op("/model/mask/Unsqueeze", "Unsqueeze", queries, g.ints(1));
    String causal = g.op("/model/mask/LessOrEqual", "LessOrEqual", keys, queryColumn);
    String notPad = g.op("/model/mask/Greater", "Greater", "attention_mask", g.scalar(0L));
    String notPad5 = g.op("/model/mask/Unsqueeze_1", "Unsqueeze", notPad, g.ints(1, 2, 3));
    String allowed = g.op("/model/mask/And", "And", causal, notPad5);
    String additive = g.op("/model/mask/Where", "Where", allowed, g.scalar(0f), g.scalar(MASKED));
    return new AttentionMask(past, total, additive);
  }
}
