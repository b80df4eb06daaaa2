//! The index-766 table the office publishes on the public site: the province's score and each
//! unit's score in the chosen period and the periods before it (the trend), with the unit's
//! rank and band in the chosen period. Built from the same computation the office's pages show,
//! frozen as a snapshot when published; nothing public reads the records live.

use cchc_domain::period::PeriodKey;
use cchc_storage::model_public::PublishedTable;

use super::overview::{overview, OverviewQuery};
use super::service::Computed;
use super::KpiError;

/// Periods in the published trend: the chosen one and the ones before it.
pub const TREND_PERIODS: usize = 4;

/// A score with a decimal comma; missing data is said, never shown as zero.
fn score(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.2}").replace('.', ",")).unwrap_or_else(|| "chưa có số liệu".into())
}

/// The table of `period` for the province (the top unit with the most dossiers) and the units
/// directly below it, with scores over the last [`TREND_PERIODS`] periods.
pub fn table(c: &mut Computed<'_>, period: PeriodKey) -> Result<(String, PublishedTable), KpiError> {
    let q = |root: Option<String>, period| OverviewQuery { root, period, visible: None, trend_len: TREND_PERIODS };
    let now = overview(c, &q(None, period))?;
    if now.score.is_none() && now.ranking.iter().all(|r| r.score.is_none()) {
        return Err(KpiError::Invalid(format!("{} chưa có số liệu Chỉ số 766 để công khai.", period.label_vi())));
    }
    let mut periods = vec![period];
    while periods.len() < TREND_PERIODS {
        let before = periods[periods.len() - 1].prev();
        periods.push(before);
    }
    periods.reverse();
    let mut earlier = Vec::with_capacity(periods.len());
    for p in &periods {
        earlier.push(overview(c, &q(Some(now.root.code.clone()), *p))?);
    }
    let mut columns = vec!["Xếp hạng".to_string(), "Cơ quan, đơn vị".to_string()];
    columns.extend(periods.iter().map(|p| format!("Điểm {}", p.label_vi())));
    columns.push(format!("Xếp loại {}", period.label_vi()));
    let mut rows = Vec::with_capacity(now.ranking.len() + 1);
    let mut province = vec![String::new(), format!("Toàn tỉnh: {}", now.root.name)];
    province.extend(now.trend.iter().map(|t| score(t.value)));
    province.push(now.band.clone().unwrap_or_default());
    rows.push(province);
    for r in &now.ranking {
        let mut row = vec![r.rank.map(|n| n.to_string()).unwrap_or_default(), r.name.clone()];
        for o in &earlier {
            row.push(score(o.ranking.iter().find(|x| x.code == r.code).and_then(|x| x.score)));
        }
        row.push(r.band.clone().unwrap_or_default());
        rows.push(row);
    }
    let method = now.methodology.as_ref().map(|m| format!("{} ({})", m.name, m.legal_basis)).unwrap_or_default();
    let bands = if now.band_template || now.ranking.iter().any(|r| r.band.is_some()) {
        " Xếp loại theo khung mẫu, chưa xác nhận, trừ mức Xuất sắc (từ 90 điểm) và Yếu (dưới 50 điểm)."
    } else {
        ""
    };
    let note = format!(
        "Điểm Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) tính từ dữ liệu hồ sơ một cửa; {method}. \
         Số liệu đến {}.{bands}",
        now.as_of.format("%H:%M ngày %d/%m/%Y")
    );
    Ok((format!("Chỉ số 766 {}", period.label_vi()), PublishedTable { columns, rows, note }))
}
