//! Column vocabulary (English names and the national portal's Vietnamese names) and the
//! parsing of one row of text cells into a [`DossierRecord`].

use cchc_domain::kpi::record::{Channel, DossierRecord, Feedback, OnlineLevel, PaidOnline, Rating, Status};
use cchc_domain::local_time::{from_secs, parse_datetime, parse_datetime_secs, to_secs};
use cchc_domain::text::fold;

/// A dossier field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Code,
    Procedure,
    Unit,
    Received,
    Due,
    Finished,
    Returned,
    Channel,
    OnlineLevel,
    Fee,
    FeeAmount,
    PaidOnline,
    Digitised,
    ElectronicResult,
    Reused,
    FromStore,
    Supplements,
    SupplementHours,
    SupplementDays,
    SupplementSpans,
    Status,
    Feedback,
    Rating,
    Satisfied,
    Apology,
    Updated,
}

/// Accepted column names, folded (lower case, no diacritics) with spaces, `_`, `-` and `.`
/// removed. The first name of each row is the one cchc writes.
pub const ALIASES: &[(Col, &[&str])] = &[
    (Col::Code, &["code", "dossiercode", "mahoso", "sohoso", "mahs", "hosoid"]),
    (Col::Procedure, &["procedure", "procedurecode", "matthc", "mathutuc", "mattc", "thutuchanhchinh"]),
    (Col::Unit, &["unit", "unitcode", "madonvi", "donvitiepnhan", "madonvitiepnhan", "donvi", "coquantiepnhan"]),
    (Col::Received, &["received", "receivedat", "ngaytiepnhan", "thoigiantiepnhan", "ngaynop"]),
    (Col::Due, &["due", "dueat", "appointment", "ngayhentra", "hantra", "ngayhentraketqua"]),
    (Col::Finished, &["finished", "finishedat", "ngayketthucxuly", "ngayketthuc", "ngayhoanthanh", "ngayxulyxong"]),
    (Col::Returned, &["returned", "returnedat", "ngaytra", "ngaytraketqua", "ngaytrakq"]),
    (Col::Channel, &["channel", "kenhthuchien", "kenhnop", "hinhthucnop"]),
    (Col::OnlineLevel, &["onlinelevel", "mucdo", "hinhthuc", "mucdodvc", "mucdodichvu"]),
    (Col::Fee, &["fee", "hasfee", "philephi", "cophi", "lephi"]),
    (Col::FeeAmount, &["feeamount", "sotienphi", "tienphi", "sotien"]),
    (Col::PaidOnline, &["paidonline", "duocthanhtoantructuyen", "thanhtoantructuyen", "dathanhtoantructuyen"]),
    (Col::Digitised, &["digitised", "digitized", "dasohoa", "sohoa"]),
    (Col::ElectronicResult, &["electronicresult", "ketquadientu", "kqdientu"]),
    (Col::Reused, &["reuseddata", "reused", "taisudung", "taisudungdulieu"]),
    (Col::FromStore, &["fromdatastore", "fromstore", "laytukhodulieu", "khodulieu"]),
    (Col::Supplements, &["supplements", "supplementcount", "solanbosung"]),
    (Col::SupplementHours, &["supplementhours", "thoigianbosung", "sogiobosung"]),
    (Col::SupplementDays, &["supplementdays", "songaybosung"]),
    (Col::SupplementSpans, &["supplementspans", "danhsachbosung", "dsbosung"]),
    (Col::Status, &["status", "trangthai", "trangthaihoso"]),
    (Col::Feedback, &["feedback", "phananh", "phananhkiennghi"]),
    (Col::Rating, &["rating", "danhgia", "mucdohailong", "diemdanhgia"]),
    (Col::Satisfied, &["satisfied", "hailong"]),
    (Col::Apology, &["apology", "xinloi", "vanbanxinloi", "phieuxinloi"]),
    (Col::Updated, &["updated", "updatedat", "ngaycapnhat", "thoigiancapnhat"]),
];

/// The column for a header, ignoring case, diacritics and separators; `None` if unknown.
pub fn column_for(header: &str) -> Option<Col> {
    let key: String = fold(header).chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '.')).collect();
    ALIASES.iter().find(|(_, names)| names.contains(&key.as_str())).map(|(c, _)| *c)
}

/// [`column_for`] remembered per key: records pushed as JSON objects repeat the same few keys
/// thousands of times, and folding each key anew dominated reading them. Records from one
/// system also list their keys in the same order, so the keys of the last record are kept by
/// position ([`ColumnCache::at`]) and checked first, before any hashing.
#[derive(Debug, Default)]
pub struct ColumnCache {
    by_key: std::collections::HashMap<String, Option<Col>>,
    /// The keys of the last record read through [`ColumnCache::at`], by position.
    order: Vec<(String, Option<Col>)>,
}

impl ColumnCache {
    /// The field a key names, as [`column_for`] says.
    pub fn get(&mut self, key: &str) -> Option<Col> {
        if let Some(c) = self.by_key.get(key) {
            return *c;
        }
        let c = column_for(key);
        self.by_key.insert(key.to_string(), c);
        c
    }

    /// The field the key at position `pos` of a record names, and whether the last record
    /// had the same key there.
    pub fn at(&mut self, pos: usize, key: &str) -> (Option<Col>, bool) {
        if let Some((k, c)) = self.order.get(pos) {
            if k == key {
                return (*c, true);
            }
        }
        let c = self.get(key);
        self.order.truncate(pos);
        self.order.push((key.to_string(), c));
        (c, false)
    }

    /// Ends a record of `len` keys read through [`ColumnCache::at`]: whether the last record
    /// had as many (so, with every key found at its position, the very same keys in the same
    /// order).
    pub fn end_record(&mut self, len: usize) -> bool {
        let same = self.order.len() == len;
        self.order.truncate(len);
        same
    }
}

/// Maps each column position of a file to a field; checks the required ones are present.
pub fn map_header<S: AsRef<str>>(headers: &[S]) -> Result<Vec<Option<Col>>, String> {
    let map: Vec<Option<Col>> = headers.iter().map(|h| column_for(h.as_ref())).collect();
    let missing: Vec<&str> = [
        (Col::Code, "mã hồ sơ (MaHoSo)"),
        (Col::Procedure, "mã TTHC (MaTTHC)"),
        (Col::Unit, "đơn vị tiếp nhận (MaDonVi)"),
        (Col::Received, "ngày tiếp nhận (NgayTiepNhan)"),
    ]
    .iter()
    .filter(|(c, _)| !map.contains(&Some(*c)))
    .map(|(_, n)| *n)
    .collect();
    if missing.is_empty() {
        Ok(map)
    } else {
        Err(format!("thiếu cột bắt buộc: {}", missing.join(", ")))
    }
}

fn is_blank(v: &str) -> bool {
    v.is_empty() || v.bytes().all(|b| b == b' ')
}

/// Parses a yes/no cell; blank is no.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v.trim() {
        "1" | "true" | "TRUE" | "True" | "x" | "X" => return Some(true),
        "" | "0" | "false" | "FALSE" | "False" => return Some(false),
        _ => {}
    }
    match fold(v).as_str() {
        "co" | "yes" | "y" | "dung" | "da" => Some(true),
        "khong" | "no" | "n" | "sai" | "chua" => Some(false),
        _ => None,
    }
}

fn parse_channel(v: &str) -> Option<Channel> {
    match v.trim() {
        "1" => return Some(Channel::InPerson),
        "2" => return Some(Channel::Online),
        "3" => return Some(Channel::Post),
        _ => {}
    }
    match fold(v).as_str() {
        "in_person" | "truc tiep" | "in person" => Some(Channel::InPerson),
        "online" | "truc tuyen" => Some(Channel::Online),
        "post" | "buu chinh" | "buu chinh cong ich" => Some(Channel::Post),
        _ => None,
    }
}

fn parse_level(v: &str) -> Option<OnlineLevel> {
    match fold(v).as_str() {
        "full" | "toan trinh" | "4" | "muc do 4" => Some(OnlineLevel::Full),
        "partial" | "mot phan" | "3" | "muc do 3" => Some(OnlineLevel::Partial),
        "" | "none" | "khong" | "0" | "1" | "2" | "truc tiep" => Some(OnlineLevel::None),
        _ => None,
    }
}

fn parse_paid(v: &str) -> Option<PaidOnline> {
    match v.trim() {
        "" | "0" => return Some(PaidOnline::No),
        "1" => return Some(PaidOnline::NationalPortal),
        "2" => return Some(PaidOnline::ProvincialGateway),
        _ => {}
    }
    match fold(v).as_str() {
        "no" | "none" | "khong" => Some(PaidOnline::No),
        "national" | "national_portal" | "cong dvc quoc gia" => Some(PaidOnline::NationalPortal),
        "provincial" | "provincial_gateway" | "cong thanh toan cua tinh" => Some(PaidOnline::ProvincialGateway),
        _ => None,
    }
}

fn parse_status(v: &str) -> Option<Status> {
    let s = match v.trim() {
        "0" => Status::Processing,
        "1" => Status::Supplementing,
        "2" => Status::Finished,
        "3" => Status::Returned,
        "4" => Status::Withdrawn,
        _ => match fold(v).as_str() {
            "" | "processing" | "dang xu ly" | "da tiep nhan" | "moi tiep nhan" => Status::Processing,
            "supplementing" | "bo sung" | "cho bo sung" | "yeu cau bo sung" => Status::Supplementing,
            "finished" | "da xu ly" | "hoan thanh" | "da giai quyet" | "cho tra ket qua" => Status::Finished,
            "returned" | "da tra" | "da tra ket qua" => Status::Returned,
            "withdrawn" | "rut" | "rut ho so" | "huy" | "da huy" | "tu choi" | "cancelled" => Status::Withdrawn,
            _ => return None,
        },
    };
    Some(s)
}

fn parse_feedback(v: &str) -> Option<Feedback> {
    match v.trim() {
        "" | "0" => return Some(Feedback::None),
        "1" => return Some(Feedback::Pending),
        "2" => return Some(Feedback::Resolved),
        _ => {}
    }
    match fold(v).as_str() {
        "none" | "khong" => Some(Feedback::None),
        "pending" | "chua xu ly" | "dang xu ly" => Some(Feedback::Pending),
        "resolved" | "da xu ly" | "da tra loi" => Some(Feedback::Resolved),
        _ => None,
    }
}

fn parse_rating(v: &str) -> Option<Option<Rating>> {
    let t = v.trim();
    if t.is_empty() {
        return Some(None);
    }
    if let Ok(n) = t.parse::<u8>() {
        return (1..=5).contains(&n).then_some(Some(Rating::Score(n)));
    }
    match fold(t).as_str() {
        "hai long" | "rat hai long" | "satisfied" => Some(Some(Rating::Satisfied(true))),
        "khong hai long" | "chua hai long" | "dissatisfied" => Some(Some(Rating::Satisfied(false))),
        _ => None,
    }
}

/// Hours as a decimal number (`3`, `2,5`), or with a unit: `2d`/`2 ngày`, `5h`/`5 giờ`.
fn parse_hours(v: &str) -> Option<f64> {
    let f = fold(v);
    let (num, mult) = if let Some(n) = f.strip_suffix("ngay").or_else(|| f.strip_suffix('d')) {
        (n, 24.0)
    } else if let Some(n) = f.strip_suffix("gio").or_else(|| f.strip_suffix('h')) {
        (n, 1.0)
    } else {
        (f.as_str(), 1.0)
    };
    let n: f64 = num.trim().replace(',', ".").parse().ok()?;
    (n >= 0.0 && n.is_finite()).then_some(n * mult)
}

/// `start~end;start~end` (end may be empty while still waiting); returns (count, seconds).
fn parse_spans(v: &str, until: i64) -> Option<(u32, i64)> {
    let mut n = 0u32;
    let mut secs = 0i64;
    for span in v.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let (a, b) = span.split_once('~')?;
        let a = parse_datetime_secs(a)?;
        let b = if b.trim().is_empty() { until } else { parse_datetime_secs(b)? };
        n += 1;
        secs += (b - a).max(0);
    }
    Some((n, secs))
}

fn label(c: Col) -> &'static str {
    ALIASES.iter().find(|(x, _)| *x == c).and_then(|(_, n)| n.first().copied()).unwrap_or("?")
}

/// Builds a record from the cells of one row; the error lists every bad cell (Vietnamese).
pub fn build_record<S: AsRef<str>>(cols: &[Option<Col>], cells: &[S]) -> Result<DossierRecord, String> {
    let mut r = DossierRecord::default();
    let mut errs: Vec<String> = Vec::new();
    let mut got_received = false;
    let (mut hours, mut spans): (Option<f64>, Option<&str>) = (None, None);
    for (col, cell) in cols.iter().zip(cells) {
        let (Some(col), v) = (col, cell.as_ref()) else {
            continue;
        };
        let mut bad = || errs.push(format!("{} không hợp lệ: «{v}»", label(*col)));
        let date = |v: &str| {
            if is_blank(v) {
                Some(None)
            } else {
                parse_datetime(v).map(Some)
            }
        };
        match col {
            Col::Code => r.code = v.trim().to_string(),
            Col::Procedure => r.procedure = v.trim().to_string(),
            Col::Unit => r.unit = v.trim().to_string(),
            Col::Received => match parse_datetime(v) {
                Some(t) => {
                    r.received = t;
                    got_received = true;
                }
                None if is_blank(v) => {}
                None => bad(),
            },
            Col::Due => date(v).map_or_else(&mut bad, |t| r.due = t),
            Col::Finished => date(v).map_or_else(&mut bad, |t| r.finished = t),
            Col::Returned => date(v).map_or_else(&mut bad, |t| r.returned = t),
            Col::Updated => date(v).map_or_else(&mut bad, |t| r.updated = t),
            Col::Channel => parse_channel(v).map_or_else(&mut bad, |c| r.channel = c),
            Col::OnlineLevel => parse_level(v).map_or_else(&mut bad, |c| r.online_level = c),
            Col::Fee => match v.trim().parse::<u64>() {
                Ok(n) if n > 1 => {
                    r.has_fee = true;
                    r.fee_amount = Some(n);
                }
                _ => parse_bool(v).map_or_else(&mut bad, |b| r.has_fee = r.has_fee || b),
            },
            Col::FeeAmount if is_blank(v) => {}
            Col::FeeAmount => match v.trim().parse::<u64>() {
                Ok(n) => {
                    r.fee_amount = Some(n);
                    r.has_fee = r.has_fee || n > 0;
                }
                Err(_) => bad(),
            },
            Col::PaidOnline => parse_paid(v).map_or_else(&mut bad, |p| r.paid_online = p),
            Col::Digitised => parse_bool(v).map_or_else(&mut bad, |b| r.digitised = b),
            Col::ElectronicResult => parse_bool(v).map_or_else(&mut bad, |b| r.electronic_result = b),
            Col::Reused => parse_bool(v).map_or_else(&mut bad, |b| r.reused_data = b),
            Col::FromStore => parse_bool(v).map_or_else(&mut bad, |b| r.from_data_store = b),
            Col::Apology => parse_bool(v).map_or_else(&mut bad, |b| r.apology = b),
            Col::Supplements if is_blank(v) => {}
            Col::Supplements => v.trim().parse().map_or_else(|_| bad(), |n| r.supplements = n),
            Col::SupplementHours | Col::SupplementDays if is_blank(v) => {}
            Col::SupplementHours => parse_hours(v).map_or_else(&mut bad, |h| hours = Some(h)),
            Col::SupplementDays => parse_hours(v)
                .map_or_else(&mut bad, |h| hours = Some(if v.trim().parse::<f64>().is_ok() { h * 24.0 } else { h })),
            Col::SupplementSpans => spans = Some(v),
            Col::Status => parse_status(v).map_or_else(&mut bad, |s| r.status = s),
            Col::Feedback => parse_feedback(v).map_or_else(&mut bad, |f| r.feedback = f),
            Col::Rating => parse_rating(v).map_or_else(&mut bad, |x| r.rating = x.or(r.rating)),
            Col::Satisfied if is_blank(v) => {}
            Col::Satisfied => {
                parse_bool(v).map_or_else(&mut bad, |b| r.rating = r.rating.or(Some(Rating::Satisfied(b))))
            }
        }
    }
    finish(r, errs, hours, spans, got_received)
}

/// The supplement time and the checks of a read record: the record, or every problem in it.
#[inline]
fn finish(
    mut r: DossierRecord,
    mut errs: Vec<String>,
    hours: Option<f64>,
    spans: Option<&str>,
    got_received: bool,
) -> Result<DossierRecord, String> {
    if let Some(h) = hours {
        r.supplement_secs = (h * 3600.0).round() as i64;
    }
    if let Some(s) = spans.filter(|s| !is_blank(s)) {
        let until = r.finished.map_or(i64::MAX / 4, to_secs);
        match parse_spans(s, until.min(to_secs(r.received) + 3650 * 86_400)) {
            Some((n, secs)) => {
                r.supplements = r.supplements.max(n);
                r.supplement_secs = secs;
            }
            None => errs.push(format!("danh sách bổ sung không hợp lệ: «{s}»")),
        }
    }
    let required = [(&r.code, "thiếu mã hồ sơ"), (&r.procedure, "thiếu mã TTHC"), (&r.unit, "thiếu mã đơn vị")];
    for (field, missing) in required {
        if field.is_empty() {
            errs.push(missing.into());
        }
    }
    if !got_received && !errs.iter().any(|e| e.starts_with("received")) {
        errs.push("thiếu ngày tiếp nhận".into());
    }
    if errs.is_empty() {
        Ok(r)
    } else {
        Err(errs.join("; "))
    }
}

/// Seconds to a naive time (re-exported for readers that get Excel serials).
pub fn secs_to_time(s: i64) -> chrono::NaiveDateTime {
    from_secs(s)
}

#[cfg(test)]
mod tests;
