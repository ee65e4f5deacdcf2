//! CSV that opens cleanly in spreadsheet programs: RFC 4180 quoting of
//! every cell (by the `csv` crate), CRLF line ends, a UTF-8 byte-order mark,
//! and cells that would start a formula (`=`, `+`, `-`, `@`, tab, CR, LF)
//! prefixed with `'` (OWASP CSV injection).

/// Writes rows as CSV, every cell quoted.
pub fn write(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()));
    for row in rows {
        writer.write_record(row.iter().map(|c| neutralise(c)))?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8"))
}

/// A cell that a spreadsheet would run as a formula, made plain text.
pub fn neutralise(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
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
    fn rows_end_in_crlf_after_a_bom() {
        let csv = write([vec!["a".into(), "b".into()], vec!["1".into(), "2".into()]]).unwrap();
        assert_eq!(csv, "\u{feff}\"a\",\"b\"\r\n\"1\",\"2\"\r\n");
    }
}
