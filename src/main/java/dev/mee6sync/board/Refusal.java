package dev.mee6sync.board;

/**
 * A source's permanent refusal of a request (401, 403, 404, another 4xx), as its message catalogue words it.
 *
 * @param reason  the stable cause: {@code unauthorized}, {@code forbidden}, {@code unknown-guild}...
 * @param message what happened and the steps to fix it, naming the setting or secret to change
 */
public record Refusal(String reason, String message) {
}
