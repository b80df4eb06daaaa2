//! A small RFC 4180 reader and writer: quoted fields with delimiters, quotes and line breaks,
//! UTF-8 with or without BOM, `,` / `;` / tab delimiter detected from the header line. Every
//! record keeps the line it starts on, so that messages name the line the user sees.

use std::fmt;

/// Why a CSV text cannot be read, with the line to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dòng {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CsvError {}

/// One record and the file line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line of the record's first character.
    pub line: usize,
    /// Cell texts, unquoted.
    pub cells: Vec<String>,
}

/// The delimiter used by the header line: the most frequent of `,`, `;` and tab outside
/// quotes (`,` when none or on a tie).
pub fn detect_delimiter(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delims = [',', ';', '\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    delims[best]
}

/// One character inside a quoted cell (a doubled quote is one quote, a line break counts a
/// line); `true` when it is the closing quote.
fn push_quoted(
    c: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    cell: &mut String,
    line: &mut usize,
) -> bool {
    match c {
        '"' if chars.peek() == Some(&'"') => {
            chars.next();
            cell.push('"');
        }
        '"' => return true,
        '\n' | '\r' => {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            *line += 1;
            cell.push('\n');
        }
        _ => cell.push(c),
    }
    false
}

/// Parses CSV text into records. Empty lines are kept as records with one empty cell; the
/// caller skips blank rows.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delim = detect_delimiter(text);
    let mut records = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut quote_line = 0usize;
    let mut in_quotes = false;
    let mut after_quote = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if push_quoted(c, &mut chars, &mut cell, &mut line) {
                in_quotes = false;
                after_quote = true;
            }
            continue;
        }
        match c {
            c if c == delim => {
                cells.push(std::mem::take(&mut cell));
                after_quote = false;
            }
            '\n' | '\r' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                cells.push(std::mem::take(&mut cell));
                records.push(Record { line: record_line, cells: std::mem::take(&mut cells) });
                line += 1;
                record_line = line;
                after_quote = false;
            }
            '"' if cell.trim().is_empty() && !after_quote => {
                cell.clear();
                in_quotes = true;
                quote_line = line;
            }
            _ if after_quote => {
                if !c.is_whitespace() {
                    return Err(CsvError {
                        line,
                        message: format!(
                            "ký tự «{c}» sau dấu ngoặc kép đóng; một ô có dấu ngoặc kép phải được bao trọn trong ngoặc kép, dấu \" bên trong viết thành \"\""
                        ),
                    });
                }
            }
            _ => cell.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError {
            line: quote_line,
            message: "dấu ngoặc kép mở nhưng không đóng đến hết tệp".to_string(),
        });
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        records.push(Record { line: record_line, cells });
    }
    Ok(records)
}

/// What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefixes `'` to a cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`,
/// a leading tab or carriage return); plain numbers such as `-5` stay as they are.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_START) && !is_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`] on a cell read back from a file cchc wrote.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) && !is_number(rest) => rest,
        _ => cell,
    }
}

/// A plain number, with a decimal point or a (Vietnamese) decimal comma: never a formula.
fn is_number(cell: &str) -> bool {
    cell.trim().replace(',', ".").parse::<f64>().is_ok()
}

/// Quotes a cell when it contains the delimiter, a quote, a line break or edge spaces.
pub fn quote(cell: &str) -> String {
    let needs = cell.contains([',', ';', '"', '\n', '\r'])
        || cell.starts_with(char::is_whitespace)
        || cell.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<String>> {
        match parse(text) {
            Ok(r) => r.into_iter().map(|r| r.cells).collect(),
            Err(e) => vec![vec![format!("ERR {e}")]],
        }
    }

    #[test]
    fn quoting_delimiters_and_line_breaks() {
        let t = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,2,3";
        assert_eq!(cells(t), vec![vec!["a", "b", "c"], vec!["x, y", "say \"hi\"", "two\nlines"], vec!["1", "2", "3"],]);
        let recs = parse(t).unwrap_or_default();
        assert_eq!(recs.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 4]);
    }

    #[test]
    fn semicolon_and_bom() {
        assert_eq!(detect_delimiter("code;kind;name"), ';');
        assert_eq!(detect_delimiter("\"a,b\";c;d"), ';');
        assert_eq!(detect_delimiter("code,kind"), ',');
        assert_eq!(detect_delimiter("code\tkind"), '\t');
        assert_eq!(cells("\u{feff}a;b\n1,5;2"), vec![vec!["a", "b"], vec!["1,5", "2"]]);
    }

    #[test]
    fn unterminated_quote_is_reported_at_its_line() {
        let e = parse("a,b\n1,2\n3,\"open\nstill").err();
        assert_eq!(e.map(|e| e.line), Some(3));
        let e = parse("a,b\n\"x\"y,2").err();
        assert_eq!(e.map(|e| e.line), Some(2));
    }

    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for s in ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\r=1"] {
            let n = neutralise(s);
            assert!(n.starts_with('\''), "{s:?} → {n:?}");
            assert_eq!(unneutralise(&n), s);
        }
        for s in ["-5", "+3,5", "Sở Nội vụ", "'quoted", "a=b"] {
            assert_eq!(neutralise(s), s);
            assert_eq!(unneutralise(s), s);
        }
    }

    #[test]
    fn quote_round_trips() {
        for s in ["plain", "a, b", "a; b", "say \"hi\"", "two\nlines", " edge"] {
            let line = format!("{},z\n", quote(s));
            assert_eq!(cells(&line), vec![vec![s.to_string(), "z".to_string()]], "{s}");
        }
    }
}
