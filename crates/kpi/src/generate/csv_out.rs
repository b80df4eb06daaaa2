//! Generated dossiers as CSV, in the one-stop-shop export's columns.

use std::io::{self, Write};

use chrono::NaiveDateTime;

use cchc_domain::kpi::record::{DossierRecord, Rating};
use cchc_domain::local_time::{civil_from_days, to_secs, DAY};

/// How dates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `2025-03-05 14:07:09`.
    Iso,
    /// `05/03/2025 14:07:09` (the portal's export).
    Vietnamese,
}

/// The header written by [`write_csv`].
pub const CSV_HEADER: &str = "code,procedure,unit,received,due,finished,returned,channel,online_level,fee,fee_amount,paid_online,digitised,electronic_result,reused_data,from_data_store,supplements,supplement_hours,status,feedback,rating,apology,updated\n";

fn put_time(out: &mut Vec<u8>, t: Option<NaiveDateTime>, style: DateStyle) {
    let Some(t) = t else { return };
    let s = to_secs(t);
    let (y, m, d) = civil_from_days(s.div_euclid(DAY));
    let sec = s.rem_euclid(DAY);
    let (hh, mm, ss) = (sec / 3600, sec / 60 % 60, sec % 60);
    let _ = match style {
        DateStyle::Iso => write!(out, "{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}"),
        DateStyle::Vietnamese => write!(out, "{d:02}/{m:02}/{y:04} {hh:02}:{mm:02}:{ss:02}"),
    };
}

/// Appends one record as a CSV line (codes must not contain `,` `"` or newlines; the
/// generator's never do).
pub fn csv_line(out: &mut Vec<u8>, r: &DossierRecord, style: DateStyle) {
    let b = |x: bool| if x { "1" } else { "0" };
    let _ = write!(out, "{},{},{},", r.code, r.procedure, r.unit);
    put_time(out, Some(r.received), style);
    out.push(b',');
    put_time(out, r.due, style);
    out.push(b',');
    put_time(out, r.finished, style);
    out.push(b',');
    put_time(out, r.returned, style);
    let level = ["none", "partial", "full"][r.online_level.code() as usize];
    let _ = write!(out, ",{},{level},{},", r.channel.code(), b(r.has_fee));
    if let Some(a) = r.fee_amount {
        let _ = write!(out, "{a}");
    }
    let _ = write!(
        out,
        ",{},{},{},{},{},{},{},{},{},",
        r.paid_online.code(),
        b(r.digitised),
        b(r.electronic_result),
        b(r.reused_data),
        b(r.from_data_store),
        r.supplements,
        r.supplement_secs / 3600,
        r.status.code(),
        r.feedback.code()
    );
    match r.rating {
        Some(Rating::Score(s)) => {
            let _ = write!(out, "{s}");
        }
        Some(Rating::Satisfied(x)) => out.extend_from_slice(if x { b"hai long" } else { b"khong hai long" }),
        None => {}
    }
    let _ = write!(out, ",{},", b(r.apology));
    put_time(out, r.updated, style);
    out.push(b'\n');
}

/// Writes records as CSV with [`CSV_HEADER`]; returns the number of records.
pub fn write_csv<W: Write>(
    mut w: W,
    records: impl IntoIterator<Item = DossierRecord>,
    style: DateStyle,
) -> io::Result<usize> {
    w.write_all(CSV_HEADER.as_bytes())?;
    let mut buf = Vec::with_capacity(1 << 20);
    let mut n = 0;
    for r in records {
        csv_line(&mut buf, &r, style);
        n += 1;
        if buf.len() > (1 << 20) - 512 {
            w.write_all(&buf)?;
            buf.clear();
        }
    }
    w.write_all(&buf)?;
    w.flush()?;
    Ok(n)
}
