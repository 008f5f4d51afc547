package io.folderresolver.batch;

/** What counts as a folder ID: {@code <digits>} or {@code folders/<digits>}, normalised to the digits. */
final class FolderIds {

    /** Real folder IDs are 12 digits today; 20 leaves room without letting absurd values through. */
    static final int MAX_DIGITS = 20;
    /** An INVALID entry echoes at most this much of its text. */
    static final int MAX_RAW_CHARS = 100;

    private static final String PREFIX = "folders/";

    private FolderIds() {
    }

    static BatchEntry entry(int index, String raw) {
        String text = raw.strip();
        String digits = digitsOf(text);
        if (digits != null) {
            return BatchEntry.valid(index, raw, digits);
        }
        String echo = raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) + "…" : raw;
        return BatchEntry.invalid(index, echo, reason(text));
    }

    /**
     * The ID of {@code <digits>} or {@code folders/<digits>}: ASCII digits, no leading zero, at most
     * {@value #MAX_DIGITS}; null for anything else. By hand rather than a regular expression: it runs once per entry
     * on every pass over a batch, and a warm batch of 100,000 entries spent a third of its time here.
     */
    private static String digitsOf(String text) {
        int start = text.startsWith(PREFIX) ? PREFIX.length() : 0;
        int length = text.length() - start;
        if (length < 1 || length > MAX_DIGITS || text.charAt(start) == '0') {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return start == 0 ? text : text.substring(start);
    }

    private static String reason(String text) {
        if (text.isEmpty()) {
            return "empty folder ID";
        }
        if (text.length() > MAX_RAW_CHARS) {
            return "longer than " + MAX_RAW_CHARS + " characters: not a folder ID";
        }
        String digits = text.startsWith("folders/") ? text.substring("folders/".length()) : text;
        if (digits.isEmpty()) {
            return "'folders/' without a number";
        }
        if (digits.chars().allMatch(Character::isDigit)) {
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "digits other than 0-9 (e.g. Arabic-Indic or full-width): folder IDs use ASCII digits";
            }
            return digits.length() > MAX_DIGITS ? "folder ID longer than " + MAX_DIGITS + " digits"
                    : "folder ID with a leading zero";
        }
        if (text.contains("/") && !text.startsWith("folders/")) {
            return "not a folder: expected <digits> or folders/<digits>";
        }
        return "expected <digits> or folders/<digits>";
    }
}
