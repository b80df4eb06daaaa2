//! CSV reader: hand-written, zero-copy field slices, RFC 4180 quotes, delimiter `,` `;` or tab
//! detected from the header, UTF-8 with or without BOM. Large inputs are read block by block
//! and each block is split between threads at line boundaries.

use std::borrow::Cow;
use std::io::Read;

use super::fields::{build_record, map_header, Col};
use super::{Batch, ReadError};

/// Parses a whole CSV buffer.
pub fn read_csv(bytes: &[u8]) -> Result<Batch, ReadError> {
    let mut stream = CsvStream::new(bytes, usize::MAX)?;
    let mut all = Batch::default();
    for b in stream.by_ref() {
        all.extend(b?);
    }
    Ok(all)
}

/// Streams a CSV source as batches of about `block_bytes` of input each.
pub struct CsvStream<R: Read> {
    src: R,
    buf: Vec<u8>,
    eof: bool,
    block_bytes: usize,
    delim: u8,
    cols: Vec<Option<Col>>,
    next_line: u64,
    threads: usize,
}

impl<R: Read> CsvStream<R> {
    /// Reads the header; errors if a required column is missing.
    pub fn new(mut src: R, block_bytes: usize) -> Result<CsvStream<R>, ReadError> {
        let mut buf = Vec::new();
        let mut eof = false;
        while !buf.contains(&b'\n') && !eof {
            eof = fill(&mut src, &mut buf, 64 * 1024)?;
        }
        let start = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
        let end = buf[start..].iter().position(|&b| b == b'\n').map_or(buf.len(), |p| p + start);
        let header = std::str::from_utf8(&buf[start..end])
            .map_err(|_| ReadError::Header("tiêu đề không phải UTF-8".into()))?
            .trim_end_matches('\r');
        let delim = detect_delim(header);
        let names: Vec<&str> = header.split(delim as char).map(|h| h.trim().trim_matches('"')).collect();
        let cols = map_header(&names).map_err(ReadError::Header)?;
        buf.drain(..(end + 1).min(buf.len()));
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        Ok(CsvStream { src, buf, eof, block_bytes, delim, cols, next_line: 2, threads })
    }

    /// Sets how many threads parse each block (1 = sequential).
    pub fn with_threads(mut self, n: usize) -> Self {
        self.threads = n.max(1);
        self
    }

    fn next_block(&mut self) -> Result<Option<Batch>, ReadError> {
        while self.buf.len() < self.block_bytes.min(1 << 30) && !self.eof {
            let want = self.block_bytes.min(64 << 20);
            self.eof = fill(&mut self.src, &mut self.buf, want)?;
        }
        if self.buf.is_empty() {
            return Ok(None);
        }
        let (batch, consumed, lines) =
            parse_parallel(&self.buf, self.next_line, self.delim, &self.cols, self.eof, self.threads);
        if consumed == 0 && !self.eof {
            // One record longer than the block: read more before parsing.
            self.block_bytes = self.block_bytes.saturating_mul(2);
            return self.next_block();
        }
        self.buf.drain(..consumed);
        self.next_line += lines;
        if consumed == 0 {
            self.buf.clear();
        }
        Ok(Some(batch))
    }
}

impl<R: Read> Iterator for CsvStream<R> {
    type Item = Result<Batch, ReadError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_block().transpose()
    }
}

/// Reads up to `want` more bytes; returns true at end of input.
fn fill<R: Read>(src: &mut R, buf: &mut Vec<u8>, want: usize) -> Result<bool, ReadError> {
    let old = buf.len();
    buf.resize(old + want, 0);
    let mut got = 0;
    while got < want {
        match src.read(&mut buf[old + got..]) {
            Ok(0) => {
                buf.truncate(old + got);
                return Ok(true);
            }
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(false)
}

fn detect_delim(header: &str) -> u8 {
    let count = |c: char| header.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

/// Parses `data` with up to `threads` threads; returns (batch, bytes consumed, lines consumed).
fn parse_parallel(
    data: &[u8],
    first_line: u64,
    delim: u8,
    cols: &[Option<Col>],
    eof: bool,
    threads: usize,
) -> (Batch, usize, u64) {
    if threads <= 1 || data.len() < 64 * 1024 {
        return parse_block(data, first_line, delim, cols, eof);
    }
    let mut bounds = vec![0usize];
    for i in 1..threads {
        let guess = data.len() * i / threads;
        match data[guess..].iter().position(|&b| b == b'\n') {
            Some(p) if guess + p + 1 > *bounds.last().unwrap_or(&0) => bounds.push(guess + p + 1),
            _ => {}
        }
    }
    bounds.push(data.len());
    let parts: Vec<(Batch, usize, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = bounds
            .windows(2)
            .enumerate()
            .map(|(i, w)| {
                let last = i + 2 == bounds.len();
                let slice = &data[w[0]..w[1]];
                s.spawn(move || parse_block(slice, 0, delim, cols, last && eof))
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    // A boundary inside a quoted field shows up as a part that did not end where the next began.
    let consistent = parts.len() + 1 == bounds.len()
        && parts.iter().zip(bounds.windows(2)).rev().skip(1).all(|(p, w)| p.1 == w[1] - w[0]);
    if !consistent {
        return parse_block(data, first_line, delim, cols, eof);
    }
    let mut out = Batch::default();
    let (mut consumed, mut line) = (0usize, first_line);
    for (mut b, c, lines) in parts {
        b.lines.iter_mut().for_each(|l| *l += line);
        b.issues.iter_mut().for_each(|i| i.line += line);
        out.extend(b);
        consumed += c;
        line += lines;
    }
    (out, consumed, line - first_line)
}

/// Parses complete records of `data`; the last one only if `eof`.
fn parse_block(data: &[u8], first_line: u64, delim: u8, cols: &[Option<Col>], eof: bool) -> (Batch, usize, u64) {
    let mut batch = Batch::default();
    batch.records.reserve(data.len() / 160);
    batch.lines.reserve(data.len() / 160);
    let mut fields: Vec<Cow<str>> = Vec::with_capacity(cols.len());
    let (mut pos, mut line) = (0usize, first_line);
    while pos < data.len() {
        fields.clear();
        let Some((next, newlines, res)) = split_record(data, pos, delim, eof, &mut fields) else {
            break;
        };
        let blank = fields.len() <= 1 && fields.first().is_none_or(|f| f.trim().is_empty());
        if !blank {
            batch.push_row(line, res.and_then(|()| build_record(cols, &fields)));
        }
        pos = next;
        line += newlines;
    }
    (batch, pos, line - first_line)
}

/// Splits one record starting at `pos`. Returns (next position, newlines consumed, result),
/// or `None` when the record is incomplete and more input may follow.
fn split_record<'a>(
    data: &'a [u8],
    pos: usize,
    delim: u8,
    eof: bool,
    fields: &mut Vec<Cow<'a, str>>,
) -> Option<(usize, u64, Result<(), String>)> {
    let rest = &data[pos..];
    let (end, next, nl) = match rest.iter().position(|&b| b == b'\n') {
        Some(p) => (pos + p, pos + p + 1, 1),
        None if eof => (data.len(), data.len(), 1),
        None => return None,
    };
    let line = &data[pos..end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if !line.contains(&b'"') {
        let res = match std::str::from_utf8(line) {
            Ok(s) => {
                fields.extend(s.split(delim as char).map(Cow::Borrowed));
                Ok(())
            }
            Err(_) => Err("dòng không phải UTF-8".to_string()),
        };
        return Some((next, nl, res));
    }
    split_quoted(data, pos, delim, eof, fields)
}

/// Slow path for records with quotes (which may span lines).
fn split_quoted<'a>(
    data: &'a [u8],
    pos: usize,
    delim: u8,
    eof: bool,
    fields: &mut Vec<Cow<'a, str>>,
) -> Option<(usize, u64, Result<(), String>)> {
    let mut i = pos;
    let mut newlines = 0u64;
    let mut raw: Vec<Vec<u8>> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut in_quotes = false;
    let mut bad = None;
    loop {
        if i >= data.len() {
            if !eof {
                return None;
            }
            if in_quotes {
                bad = Some("thiếu dấu nháy đóng".to_string());
            }
            newlines += 1;
            break;
        }
        let b = data[i];
        i += 1;
        if in_quotes {
            match b {
                b'"' if data.get(i) == Some(&b'"') => {
                    cur.push(b'"');
                    i += 1;
                }
                b'"' => in_quotes = false,
                b'\n' => {
                    newlines += 1;
                    cur.push(b);
                }
                _ => cur.push(b),
            }
        } else if b == b'"' && cur.is_empty() {
            in_quotes = true;
        } else if b == delim {
            raw.push(std::mem::take(&mut cur));
        } else if b == b'\n' {
            newlines += 1;
            break;
        } else if b != b'\r' || data.get(i) != Some(&b'\n') {
            cur.push(b);
        }
    }
    raw.push(cur);
    for f in raw {
        match String::from_utf8(f) {
            Ok(s) => fields.push(Cow::Owned(s)),
            Err(_) => bad = Some("dòng không phải UTF-8".to_string()),
        }
    }
    Some((i, newlines, bad.map_or(Ok(()), Err)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::IssueKind;

    const HEAD: &str = "code,procedure,unit,received,due,finished,channel\n";

    #[test]
    fn parses_quotes_and_reports_bad_lines() {
        let body = "A,P1,U1,01/01/2025 08:00:00,05/01/2025,03/01/2025,1\n\
                    \"B,x\",P1,U1,2025-01-02T09:00:00,,,2\n\
                    C,P1,U1,not a date,,,1\n\
                    \n\
                    \"D\nE\",P1,U1,02/01/2025,,,3\n\
                    F,P1,U1,02/01/2025,,,7";
        let b = read_csv(format!("{HEAD}{body}").as_bytes()).unwrap();
        let codes: Vec<&str> = b.records.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["A", "B,x", "D\nE"]);
        assert_eq!(b.lines, [2, 3, 6]);
        let bad: Vec<(u64, IssueKind)> = b.issues.iter().map(|i| (i.line, i.kind)).collect();
        assert_eq!(bad, [(4, IssueKind::Malformed), (8, IssueKind::Malformed)]);
        assert!(b.issues[0].message.contains("received"), "{}", b.issues[0].message);
    }

    #[test]
    fn semicolons_bom_and_crlf() {
        let s = "\u{feff}MaHoSo;MaTTHC;MaDonVi;NgayTiepNhan\r\nX;P;U;01/02/2025\r\n";
        let b = read_csv(s.as_bytes()).unwrap();
        assert_eq!(b.records.len(), 1);
        assert_eq!(b.records[0].unit, "U");
        assert!(b.issues.is_empty());
    }

    #[test]
    fn missing_required_column() {
        let err = read_csv(b"code,unit\nA,U\n").unwrap_err();
        assert!(err.to_string().contains("mã TTHC"), "{err}");
    }

    #[test]
    fn blocks_and_threads_agree_with_one_pass() {
        let mut s = String::from(HEAD);
        for i in 0..40_000 {
            let code = if i % 997 == 0 { format!("\"Q{i}\nline\"") } else { format!("H{i}") };
            let day = if i % 1234 == 0 { "xx".to_string() } else { format!("{:02}", i % 28 + 1) };
            s.push_str(&format!("{code},P{},U{},{day}/03/2025 10:00:00,,,2\n", i % 7, i % 5));
        }
        let one = {
            let mut st = CsvStream::new(s.as_bytes(), usize::MAX).unwrap().with_threads(1);
            st.next().unwrap().unwrap()
        };
        let mut many = Batch::default();
        for b in CsvStream::new(s.as_bytes(), 300_000).unwrap().with_threads(3) {
            many.extend(b.unwrap());
        }
        assert_eq!(one.records, many.records);
        assert_eq!(one.lines, many.lines);
        assert_eq!(one.issues, many.issues);
        assert_eq!(one.issues.len(), 33);
    }
}
