//! The dossier record: one row of the one-stop-shop system, as every reader returns it.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// How the dossier was submitted (`KenhThucHien`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 1: trực tiếp at the one-stop desk.
    #[default]
    InPerson,
    /// 2: trực tuyến.
    Online,
    /// 3: qua dịch vụ bưu chính công ích.
    Post,
}

impl Channel {
    /// Portal code 1 / 2 / 3.
    #[inline]
    pub fn code(self) -> u8 {
        match self {
            Channel::InPerson => 1,
            Channel::Online => 2,
            Channel::Post => 3,
        }
    }
    /// From the portal code.
    #[inline]
    pub fn from_code(c: u8) -> Option<Channel> {
        match c {
            1 => Some(Channel::InPerson),
            2 => Some(Channel::Online),
            3 => Some(Channel::Post),
            _ => None,
        }
    }
}

/// Level of online service used for the dossier (`MucDo` / `HinhThuc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OnlineLevel {
    /// Not an online service.
    #[default]
    None,
    /// Một phần (partial; formerly level 3).
    Partial,
    /// Toàn trình (full; formerly level 4).
    Full,
}

impl OnlineLevel {
    /// 0 none, 1 partial, 2 full (the code used in files and SQL).
    #[inline]
    pub fn code(self) -> u8 {
        match self {
            OnlineLevel::None => 0,
            OnlineLevel::Partial => 1,
            OnlineLevel::Full => 2,
        }
    }
}

/// Where the fee was paid online (`DuocThanhToanTrucTuyen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PaidOnline {
    /// 0: not paid online.
    #[default]
    No,
    /// 1: through the national public service portal.
    NationalPortal,
    /// 2: through the provincial payment gateway.
    ProvincialGateway,
}

impl PaidOnline {
    /// Portal code 0 / 1 / 2.
    #[inline]
    pub fn code(self) -> u8 {
        match self {
            PaidOnline::No => 0,
            PaidOnline::NationalPortal => 1,
            PaidOnline::ProvincialGateway => 2,
        }
    }
}

/// Processing status (`TrangThai`), reduced to what the indicators need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received, being processed.
    #[default]
    Processing,
    /// Waiting for the citizen to supplement the dossier.
    Supplementing,
    /// Processing finished, result not yet handed over.
    Finished,
    /// Result returned to the citizen.
    Returned,
    /// Withdrawn by the citizen or refused (rút / từ chối / hủy): left out of every indicator.
    Withdrawn,
}

impl Status {
    /// Code used in files and SQL: 0 processing … 4 withdrawn.
    #[inline]
    pub fn code(self) -> u8 {
        match self {
            Status::Processing => 0,
            Status::Supplementing => 1,
            Status::Finished => 2,
            Status::Returned => 3,
            Status::Withdrawn => 4,
        }
    }
}

/// A citizen's feedback (phản ánh, kiến nghị) about the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Feedback {
    /// No feedback filed.
    #[default]
    None,
    /// Filed, not yet answered.
    Pending,
    /// Filed and answered.
    Resolved,
}

impl Feedback {
    /// 0 none, 1 pending, 2 resolved.
    #[inline]
    pub fn code(self) -> u8 {
        match self {
            Feedback::None => 0,
            Feedback::Pending => 1,
            Feedback::Resolved => 2,
        }
    }
}

/// The citizen's rating of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 1 (very dissatisfied) … 5 (very satisfied).
    Score(u8),
    /// Only a satisfied / not satisfied flag was recorded.
    Satisfied(bool),
}

impl Rating {
    /// Satisfied = score 4 or 5 ("Hài lòng" + "Rất hài lòng"), or the flag.
    #[inline]
    pub fn is_satisfied(self) -> bool {
        match self {
            Rating::Score(s) => s >= 4,
            Rating::Satisfied(b) => b,
        }
    }
}

/// One supplement request: from the request to the citizen's supplement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementSpan {
    /// When the office asked for more documents.
    pub start: NaiveDateTime,
    /// When the citizen supplied them (`None` while still waiting).
    pub end: Option<NaiveDateTime>,
}

/// One dossier (hồ sơ TTHC) as recorded by the one-stop-shop system. Times are local
/// (Asia/Ho_Chi_Minh) wall-clock times without zone, as the portal exports them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DossierRecord {
    /// Mã hồ sơ, unique in the province; the upsert key.
    pub code: String,
    /// Mã TTHC (procedure code in the national catalogue).
    pub procedure: String,
    /// Code of the receiving unit.
    pub unit: String,
    /// Ngày tiếp nhận.
    pub received: NaiveDateTime,
    /// Ngày hẹn trả (appointment); `None` when the system recorded none.
    pub due: Option<NaiveDateTime>,
    /// Ngày kết thúc xử lý; `None` while unfinished.
    pub finished: Option<NaiveDateTime>,
    /// Ngày trả kết quả.
    pub returned: Option<NaiveDateTime>,
    /// Submission channel.
    pub channel: Channel,
    /// Online service level used.
    pub online_level: OnlineLevel,
    /// Whether a fee or charge applies.
    pub has_fee: bool,
    /// Fee amount in VND when known.
    pub fee_amount: Option<u64>,
    /// Online payment.
    pub paid_online: PaidOnline,
    /// Input documents digitised (số hóa thành phần hồ sơ).
    pub digitised: bool,
    /// Result issued electronically (kết quả điện tử).
    pub electronic_result: bool,
    /// Digitised data reused (tái sử dụng dữ liệu số hóa).
    pub reused_data: bool,
    /// Data taken from the citizen data store (kho dữ liệu công dân, tổ chức).
    pub from_data_store: bool,
    /// Number of supplement requests.
    pub supplements: u32,
    /// Total supplement waiting time in seconds (excluded from processing time).
    pub supplement_secs: i64,
    /// Status.
    pub status: Status,
    /// Feedback filed about the dossier.
    pub feedback: Feedback,
    /// Rating, if the citizen gave one.
    pub rating: Option<Rating>,
    /// An apology slip with a new appointment was issued (Nghị định 61/2018, late dossiers).
    pub apology: bool,
    /// Last modification time of this version; the newest version of a dossier wins.
    pub updated: Option<NaiveDateTime>,
}

impl DossierRecord {
    /// Total supplement time from a list of spans; an open span counts up to `until`.
    pub fn supplement_secs_from(spans: &[SupplementSpan], until: NaiveDateTime) -> i64 {
        spans.iter().map(|s| (s.end.unwrap_or(until) - s.start).num_seconds().max(0)).sum()
    }
}
