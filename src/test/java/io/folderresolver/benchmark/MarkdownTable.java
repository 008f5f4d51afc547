package io.folderresolver.benchmark;

import java.util.List;

/** Renders rows as a markdown table, ready to paste into docs/benchmarks.md. */
final class MarkdownTable {

    private static final String LINE = "| %-41s | %-14s | %13s | %23s | %24s | %18s | %10s |%n";

    private MarkdownTable() {
    }

    static String render(List<Row> rows) {
        StringBuilder table = new StringBuilder(header());
        rows.forEach(row -> table.append(row(row)));
        return table.toString();
    }

    static String header() {
        return String.format(LINE, "Scenario", "Implementation", "Wall time (s)", "Wall ÷ (unique ÷ quota)",
                "GetFolder calls ÷ unique", "RESOURCE_EXHAUSTED", "Names lost")
                + String.format(LINE, "---", "---", "--:", "--:", "--:", "--:", "--:");
    }

    static String row(Row row) {
        return String.format(LINE, row.scenario(), row.implementation(),
                String.format("%.2f", row.wallSeconds()),
                String.format("%.3f", row.wallOverIdeal()),
                String.format("%.3f", row.callsPerUniqueId()),
                row.resourceExhausted(),
                row.lost());
    }
}
