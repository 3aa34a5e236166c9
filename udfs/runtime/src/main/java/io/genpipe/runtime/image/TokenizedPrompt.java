package io.genpipe.runtime.image;

/**
 * One prompt as text-encoder input.
 *
 * @param ids exactly {@code length} ids: bos, the prompt's tokens, eos, then padding
 * @param promptTokens the prompt's own token count before truncation (no bos/eos)
 * @param truncated the prompt had more tokens than fit and was cut, as diffusers does
 */
public record TokenizedPrompt(int[] ids, int promptTokens, boolean truncated) {}
