//! CSV for spreadsheets as French offices use them: UTF-8 with a byte-order
//! mark (or Excel reads Latin-1), `;` between cells (Excel's separator where
//! the decimal mark is a comma), CRLF line ends, RFC 4180 quoting, and no
//! cell a spreadsheet would run as a formula.

/// The whole file: the byte-order mark, then one line per row.
pub fn write<R, C>(rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = String::from('\u{feff}');
    for row in rows {
        let mut first = true;
        for cell in row {
            if !first {
                out.push(';');
            }
            first = false;
            push_cell(&mut out, cell.as_ref());
        }
        out.push_str("\r\n");
    }
    out
}

/// One cell: text a spreadsheet would read as a formula (`=`, `+`, `-`,
/// `@`, or a tab or carriage return before one) gets a leading `'`, so it
/// shows as typed and never runs; a cell with a separator, a quote or a
/// line break is quoted, its quotes doubled.
fn push_cell(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = text.contains([';', ',', '"', '\r', '\n']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quoted {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::write;

    #[test]
    fn plain_cells_are_left_alone() {
        assert_eq!(
            write([["Ville de Nancy", "Élodie Ménard", "3"]]),
            "\u{feff}Ville de Nancy;Élodie Ménard;3\r\n"
        );
    }

    #[test]
    fn separators_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            write([vec!["a;b", "dit \"oui\"", "ligne 1\r\nligne 2", "x, y", ""]]),
            "\u{feff}\"a;b\";\"dit \"\"oui\"\"\";\"ligne 1\r\nligne 2\";\"x, y\";\r\n"
        );
    }

    #[test]
    fn formulas_never_run() {
        let rows = [[
            "=HYPERLINK(\"http://evil.example\";\"clic\")",
            "+33 1 23",
            "-1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "a=1",
        ]];
        assert_eq!(
            write(rows),
            "\u{feff}\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\")\";'+33 1 23;'-1;'@SUM(A1);'\t=1;\"'\r=1\";a=1\r\n"
        );
    }

    #[test]
    fn rows_end_with_crlf() {
        assert_eq!(write([["a"], ["b"]]), "\u{feff}a\r\nb\r\n");
        assert_eq!(write(Vec::<Vec<String>>::new()), "\u{feff}");
    }
}
