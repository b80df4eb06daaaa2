//! The optional "Số liệu theo dõi" column of a criteria table: which live measurement projects
//! a criterion during the year ([`LiveLink`]), written in words an office can type and read.
//!
//! | cell | link |
//! | --- | --- |
//! | `Nhiệm vụ đúng hạn` | the share of the unit's plan tasks done on time |
//! | `Báo cáo đúng hạn` | the share of its periodic reports sent on time |
//! | `Sáng kiến được công nhận` | whether it had an initiative recognised in the year |
//! | `Chỉ số 766: TD1` | indicator TD1 of index 766 (its own dossiers of the year) |
//! | `Chỉ tiêu #12` | the latest value it reported for plan target 12 |
//!
//! Reading is diacritic- and case-insensitive; a blank cell is no link; anything else is an
//! error naming the accepted forms.

use super::projection::LiveLink;
use crate::text::{clean, fold};

/// The column title written on export (and recognised on import).
pub const LIVE_TITLE: &str = "Số liệu theo dõi";

/// The cell of `link`.
pub fn live_cell(link: &LiveLink) -> String {
    match link {
        LiveLink::PlanTasksOnTime => "Nhiệm vụ đúng hạn".to_string(),
        LiveLink::ReportTimeliness => "Báo cáo đúng hạn".to_string(),
        LiveLink::InitiativesRecognised => "Sáng kiến được công nhận".to_string(),
        LiveLink::Index766 { code } => format!("Chỉ số 766: {code}"),
        LiveLink::Target { target_id } => format!("Chỉ tiêu #{target_id}"),
    }
}

const FORMS: &str = "«Nhiệm vụ đúng hạn», «Báo cáo đúng hạn», «Sáng kiến được công nhận», «Chỉ số 766: mã chỉ tiêu» hoặc «Chỉ tiêu #số»";

/// Reads a cell: `Ok(None)` when blank, the link, or the message for the user.
pub fn parse_live(text: &str) -> Result<Option<LiveLink>, String> {
    let text = clean(text);
    let f = fold(&text);
    if f.is_empty() {
        return Ok(None);
    }
    let unknown = || format!("Không hiểu số liệu theo dõi «{text}»: cần {FORMS}.");
    if f.contains("766") {
        // The indicator's code is the last word (after a colon when there is one).
        let tail = text.rsplit([':', ' ']).next().unwrap_or_default().trim();
        let ok = !tail.is_empty() && tail != "766" && tail.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return if ok {
            Ok(Some(LiveLink::Index766 { code: tail.to_ascii_uppercase() }))
        } else {
            Err(format!("Số liệu theo dõi «{text}»: thiếu mã chỉ tiêu của Chỉ số 766 (ví dụ «Chỉ số 766: TD1»)."))
        };
    }
    if f.starts_with("chi tieu") {
        let digits = f.rsplit(['#', ' ']).next().unwrap_or_default();
        return match digits.parse::<i64>() {
            Ok(target_id) if target_id > 0 => Ok(Some(LiveLink::Target { target_id })),
            _ => Err(format!("Số liệu theo dõi «{text}»: thiếu số của chỉ tiêu (ví dụ «Chỉ tiêu #12»).")),
        };
    }
    if f.contains("nhiem vu") && f.contains("dung han") {
        return Ok(Some(LiveLink::PlanTasksOnTime));
    }
    if f.contains("bao cao") && f.contains("dung han") {
        return Ok(Some(LiveLink::ReportTimeliness));
    }
    if f.contains("sang kien") {
        return Ok(Some(LiveLink::InitiativesRecognised));
    }
    Err(unknown())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_reads_back_from_its_cell() {
        let links = [
            LiveLink::PlanTasksOnTime,
            LiveLink::ReportTimeliness,
            LiveLink::InitiativesRecognised,
            LiveLink::Index766 { code: "TD1".into() },
            LiveLink::Target { target_id: 12 },
        ];
        for link in links {
            assert_eq!(parse_live(&live_cell(&link)), Ok(Some(link.clone())), "{link:?}");
        }
    }

    #[test]
    fn cells_as_offices_type_them() {
        let table: [(&str, Option<LiveLink>); 8] = [
            ("", None),
            ("  ", None),
            ("nhiem vu ke hoach dung han", Some(LiveLink::PlanTasksOnTime)),
            ("Tỷ lệ báo cáo định kỳ đúng hạn", Some(LiveLink::ReportTimeliness)),
            ("sáng kiến", Some(LiveLink::InitiativesRecognised)),
            ("chỉ số 766 td1", Some(LiveLink::Index766 { code: "TD1".into() })),
            ("Chỉ số 766: SH2", Some(LiveLink::Index766 { code: "SH2".into() })),
            ("chỉ tiêu 7", Some(LiveLink::Target { target_id: 7 })),
        ];
        for (cell, want) in table {
            assert_eq!(parse_live(cell), Ok(want), "{cell:?}");
        }
    }

    #[test]
    fn what_it_cannot_read_is_said() {
        for cell in ["Chỉ số 766", "Chỉ số 766:", "Chỉ tiêu #", "Chỉ tiêu #0", "Điểm điều tra", "766: TD-1"]
        {
            let e = parse_live(cell).err().unwrap_or_default();
            assert!(e.contains(cell.trim()), "{cell:?}: {e}");
        }
    }
}
