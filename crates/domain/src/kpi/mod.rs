//! Index 766 data shared by the engine (`cchc-kpi`), storage and the web: the dossier record
//! as the one-stop-shop system exports it, the versioned methodology, the procedure catalogue
//! entry and the figures typed in from the national portal. Pure data and its rules; the
//! readers, the incremental engine and the reports stay in `cchc-kpi`.

pub mod methodology;
pub mod record;
pub mod tables;

use serde::{Deserialize, Serialize};

use crate::period::PeriodKey;
use record::OnlineLevel;

/// One administrative procedure of the catalogue (danh mục TTHC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Procedure {
    /// Mã TTHC.
    pub code: String,
    /// Tên TTHC.
    pub name: String,
    /// Cấp thực hiện (tỉnh / huyện / xã …), as written.
    pub level: String,
    /// Has a fee or charge.
    pub fee: bool,
    /// Eligible to be provided fully online (đủ điều kiện cung cấp DVC trực tuyến toàn trình).
    pub full_online_eligible: bool,
    /// Online levels offered.
    pub online_levels: Vec<OnlineLevel>,
}

/// One figure as published by the national portal, with the line it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalFigure {
    pub line: u64,
    pub unit: String,
    pub period: PeriodKey,
    pub indicator: String,
    pub numerator: i64,
    pub denominator: i64,
}
