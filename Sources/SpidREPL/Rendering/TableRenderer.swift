/// Lays rows out in aligned columns under a header, as `psql` does for small results.
struct TableRenderer {
    var style: TextStyle

    /// `cells` hold plain text; `paint` may colour a cell after its width is measured.
    func render(header: [String], rows: [[String]], paint: (Int, String) -> String = { $1 }) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String], styled: (Int, String) -> String) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                let last = column == cells.count - 1
                text += styled(column, cell) + (last ? "" : String(repeating: " ", count: widths[column] - cell.count + 2))
            }
            return text
        }
        return [line(header) { style.bold($1) }] + rows.map { line($0, styled: paint) }
    }
}
