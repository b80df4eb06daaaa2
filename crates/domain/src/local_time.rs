//! Wall-clock time as seconds since 1970-01-01 00:00 (no zone), and the date formats the
//! readers accept: `dd/mm/yyyy HH:mm:ss`, `dd/mm/yyyy`, ISO 8601 and Excel serial numbers.

use chrono::{NaiveDate, NaiveDateTime};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Seconds since the epoch for a naive local time.
#[inline]
pub fn to_secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// Naive local time from seconds since the epoch (saturates on absurd values).
#[inline]
pub fn from_secs(s: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(s, 0).map(|d| d.naive_utc()).unwrap_or_default()
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
#[inline]
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (year, month, day) for days since 1970-01-01.
#[inline]
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// (year, month) of a time in seconds.
#[inline]
pub fn year_month(secs: i64) -> (i32, u32) {
    let (y, m, _) = civil_from_days(secs.div_euclid(DAY));
    (y, m)
}

#[inline]
fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

#[inline]
fn make(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&mo) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, mo, d)?;
    Some(days_from_civil(y as i32, mo, d) * DAY + i64::from(h * 3600 + mi * 60 + s.min(59)))
}

/// Parses `HH:mm[:ss[.fff]]` (fraction and a trailing zone are ignored).
#[inline]
fn parse_clock(b: &[u8]) -> Option<(u32, u32, u32)> {
    let mut parts = b.splitn(3, |&c| c == b':');
    let h = num(parts.next()?)?;
    let mi = num(parts.next()?)?;
    let s = match parts.next() {
        None => 0,
        Some(rest) => {
            let end = rest.iter().position(|c| !c.is_ascii_digit()).unwrap_or(rest.len());
            num(&rest[..end])?
        }
    };
    Some((h, mi, s))
}

/// Parses a date or date-time into seconds: `dd/mm/yyyy[ HH:mm[:ss]]` (also `-` or `.` as
/// separator), `yyyy-mm-dd[(T| )HH:mm[:ss[.fff]][Z|±hh:mm]]`. Zones are ignored: portal
/// times are local. Returns `None` for anything else.
#[inline]
pub fn parse_datetime_secs(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    if b.len() < 8 {
        return None;
    }
    let (date, clock) = match b.iter().position(|&c| c == b' ' || c == b'T') {
        Some(i) => (&b[..i], Some(b[i + 1..].trim_ascii())),
        None => (b, None),
    };
    let sep = *date.iter().find(|c| !c.is_ascii_digit())?;
    let mut it = date.split(|&c| c == sep);
    let (a, m, c) = (num(it.next()?)?, num(it.next()?)?, num(it.next()?)?);
    if it.next().is_some() {
        return None;
    }
    let first_len = date.iter().position(|&x| x == sep)?;
    let (y, d) = if first_len == 4 { (a, c) } else { (c, a) };
    let (h, mi, sec) = match clock {
        Some(cl) if !cl.is_empty() => parse_clock(cl)?,
        _ => (0, 0, 0),
    };
    make(y, m, d, h, mi, sec)
}

/// Parses a date or date-time (see [`parse_datetime_secs`]).
#[inline]
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    parse_datetime_secs(s).map(from_secs)
}

/// Converts an Excel serial date (days since 1899-12-30, fraction = time of day).
pub fn from_excel_serial(v: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    let secs = (v * DAY as f64).round() as i64 + days_from_civil(1899, 12, 30) * DAY;
    Some(from_secs(secs))
}

/// Formats `dd/mm/yyyy`.
pub fn fmt_date(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y").to_string()
}

/// Formats `dd/mm/yyyy HH:mm:ss`.
pub fn fmt_datetime(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|x| x.and_hms_opt(h, mi, s)).unwrap()
    }

    #[test]
    fn civil_round_trip() {
        for z in [-1000, 0, 1, 59, 60, 365, 10_000, 20_000, 30_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn accepted_formats() {
        let cases = [
            ("05/03/2025 14:07:09", Some(dt(2025, 3, 5, 14, 7, 9))),
            ("05/03/2025", Some(dt(2025, 3, 5, 0, 0, 0))),
            ("5/3/2025 8:00", Some(dt(2025, 3, 5, 8, 0, 0))),
            ("05-03-2025", Some(dt(2025, 3, 5, 0, 0, 0))),
            ("2025-03-05T14:07:09", Some(dt(2025, 3, 5, 14, 7, 9))),
            ("2025-03-05 14:07:09.123+07:00", Some(dt(2025, 3, 5, 14, 7, 9))),
            ("2025-03-05T14:07:09Z", Some(dt(2025, 3, 5, 14, 7, 9))),
            ("2025-03-05", Some(dt(2025, 3, 5, 0, 0, 0))),
            ("31/02/2025", None),
            ("2025-13-01", None),
            ("hôm qua", None),
            ("", None),
            ("05/03/2025 25:00:00", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_datetime(s), want, "{s}");
        }
    }

    #[test]
    fn excel_serial() {
        assert_eq!(from_excel_serial(45_658.5), Some(dt(2025, 1, 1, 12, 0, 0)));
        assert_eq!(from_excel_serial(-3.0), None);
    }
}
