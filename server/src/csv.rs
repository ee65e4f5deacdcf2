//! CSV that opens cleanly in spreadsheet programs: RFC 4180 quoting, CRLF
//! line ends, a UTF-8 byte-order mark, and cells that would start a formula
//! (`=`, `+`, `-`, `@`, tab, CR, LF) prefixed with `'` (OWASP CSV injection).

/// Writes rows as CSV, every cell quoted.
pub fn write(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One cell, neutralised and quoted.
pub fn cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas_and_quotes_everything() {
        assert_eq!(cell("=1+2\";=1+2"), "\"'=1+2\"\";=1+2\"");
        assert_eq!(cell("=1+2'\" ;,=1+2"), "\"'=1+2'\"\" ;,=1+2\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("-3"), "\"'-3\"");
        assert_eq!(cell("+44 20"), "\"'+44 20\"");
        assert_eq!(cell("\tx"), "\"'\tx\"");
        assert_eq!(cell("plain, with comma"), "\"plain, with comma\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn rows_end_in_crlf_after_a_bom() {
        let csv = write([vec!["a".into(), "b".into()], vec!["1".into(), "2".into()]]);
        assert_eq!(csv, "\u{feff}\"a\",\"b\"\r\n\"1\",\"2\"\r\n");
    }
}
