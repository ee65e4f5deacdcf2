//! CSV that opens cleanly in spreadsheet programs: RFC 4180 quoting of
//! every cell (by the `csv` crate), CRLF line ends, a UTF-8 byte-order mark,
//! and cells that would start a formula prefixed with `'` (OWASP CSV
//! injection), including formulas behind leading spaces or invisible
//! characters and the full-width signs some spreadsheets also accept.

/// Writes rows as a whole CSV file: the byte-order mark, then the rows.
pub fn write(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, csv::Error> {
    Ok(format!("\u{feff}{}", write_rows(rows)?))
}

/// Writes rows as CSV, every cell quoted, without the byte-order mark (for
/// a file sent in pieces).
pub fn write_rows(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|c| neutralise(c)))?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8"))
}

/// Characters a reader cannot see, which spreadsheet programs may skip
/// before deciding that a cell is a formula.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A cell that a spreadsheet would run as a formula, made plain text.
pub fn neutralise(value: &str) -> String {
    let first = value
        .trim_start_matches(|c: char| c.is_whitespace() || c.is_control() || invisible(c))
        .chars()
        .next();
    let formula = matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}')
    );
    if formula || value.starts_with(['\t', '\r', '\n']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One cell as a whole row, without the byte-order mark and line end.
    fn cell(value: &str) -> String {
        let csv = write([vec![value.to_string()]]).unwrap();
        csv.trim_start_matches('\u{feff}')
            .trim_end_matches("\r\n")
            .to_string()
    }

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
    fn formulas_behind_spaces_invisible_characters_or_full_width_signs_are_caught() {
        for risky in [
            " =1+2",
            "\u{a0}=1+2",
            "\u{ff1d}1+2",
            "\u{ff0b}1",
            "\u{ff20}SUM(A1)",
            "\u{200b}=1+2",
            "\u{feff}@SUM(A1)",
            "\u{202e}=1",
            " \u{200d} -1",
        ] {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["Ada", "1+2", " a=b", "", "\u{200b}"] {
            assert_eq!(neutralise(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn rows_end_in_crlf_after_a_bom() {
        let csv = write([vec!["a".into(), "b".into()], vec!["1".into(), "2".into()]]).unwrap();
        assert_eq!(csv, "\u{feff}\"a\",\"b\"\r\n\"1\",\"2\"\r\n");
    }
}
