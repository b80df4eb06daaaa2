//! The JSON API (`/api/v1/…`): the same app functions and permission extractors as the HTML
//! handlers, authenticated by session cookie (browser) or personal access token (machines).
//!
//! Layout: [`operations`] lists every API route with its scope and its request and response
//! types, from which [`openapi`] builds the OpenAPI 3.1 document; [`layer`] applies the
//! conventions every route shares (rate limit, ETag, problem documents in the client's
//! language); [`auth`], [`json`] and [`page`] are the extractors and helpers handlers use.

pub mod audit;
pub mod auth;
pub mod docs;
pub mod dossiers;
pub mod inspections;
pub mod json;
pub mod kpi;
pub mod layer;
pub mod notifications;
pub mod openapi;
pub mod page;
pub mod par;
pub mod par_assessment;
pub mod par_evidence;
pub mod par_review;
pub mod par_writes;
pub mod plans;
pub mod problem;
pub mod report_writes;
pub mod reports;
pub mod schema;
pub mod sipas;
pub mod sipas_paper;
pub mod tasks;
pub mod token;
pub mod units;
pub mod version;

use cchc_domain::api_token::{Access, Area};
use serde_json::Value;

use schema::{Defs, Schema};

/// A schema-producing function for a type.
pub type SchemaFn = fn(&mut Defs) -> Value;

fn s<T: Schema>(d: &mut Defs) -> Value {
    T::schema(d)
}

/// One API route as documented.
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    pub area: Area,
    pub access: Access,
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
    pub request: Option<SchemaFn>,
    /// `None`: 204 without a body.
    pub response: Option<SchemaFn>,
    /// The request body's media type.
    pub content: &'static str,
}

const PAGING: [(&str, &str); 2] =
    [("cursor", "next_cursor của trang trước"), ("limit", "số mục mỗi trang (1–1000, mặc định 100)")];

/// Every `/api/v1` route. A test checks this list and the router's list the same routes.
pub fn operations() -> Vec<Operation> {
    use page::Page;
    use Access::{Read, Write};
    let op = |method, path, summary, area, access, query, request, response| Operation {
        method,
        path,
        summary,
        area,
        access,
        query,
        request,
        response,
        content: "application/json",
    };
    vec![
        op(
            "GET",
            "/api/v1/units",
            "Danh sách đơn vị (lọc như trang danh mục)",
            Area::Registry,
            Read,
            &[
                ("q", "tìm theo tên, không phân biệt dấu"),
                ("kind", "loại đơn vị"),
                ("ended", "có cả đơn vị đã kết thúc"),
                PAGING[0],
                PAGING[1],
            ],
            None,
            Some(s::<Page<units::UnitOut>>),
        ),
        op(
            "GET",
            "/api/v1/units/{id}",
            "Một đơn vị và lịch sử sáp nhập, chia tách, đổi tên",
            Area::Registry,
            Read,
            &[],
            None,
            Some(s::<units::UnitDetail>),
        ),
        op(
            "GET",
            "/api/v1/plans",
            "Kế hoạch và văn bản đã nhập (cả phiên bản đã thay thế)",
            Area::Tasks,
            Read,
            &[PAGING[0], PAGING[1]],
            None,
            Some(s::<Page<plans::PlanOut>>),
        ),
        op(
            "GET",
            "/api/v1/plans/{id}",
            "Một văn bản với các chỉ tiêu và giá trị chỉ tiêu",
            Area::Reports,
            Read,
            &[],
            None,
            Some(s::<plans::PlanDetail>),
        ),
        op(
            "GET",
            "/api/v1/tasks",
            "Danh sách nhiệm vụ (lọc như trang nhiệm vụ)",
            Area::Tasks,
            Read,
            &[
                ("q", "tìm theo nội dung, không phân biệt dấu"),
                ("state", "trạng thái: not_started, in_progress, awaiting_signoff (chờ lãnh đạo đơn vị ký duyệt), reported_done, returned, accepted"),
                ("overdue", "chỉ nhiệm vụ quá hạn"),
                ("unit", "đơn vị"),
                ("document", "văn bản"),
                ("area", "lĩnh vực"),
                PAGING[0],
                PAGING[1],
            ],
            None,
            Some(s::<Page<tasks::TaskOut>>),
        ),
        op(
            "GET",
            "/api/v1/tasks/{id}",
            "Một nhiệm vụ, lịch sử và các thao tác được phép",
            Area::Tasks,
            Read,
            &[],
            None,
            Some(s::<tasks::TaskDetail>),
        ),
        op(
            "POST",
            "/api/v1/tasks/{id}/progress",
            "Báo cáo tiến độ",
            Area::Tasks,
            Write,
            &[],
            Some(s::<tasks::ProgressIn>),
            Some(s::<tasks::TaskDetail>),
        ),
        op(
            "POST",
            "/api/v1/tasks/{id}/done",
            "Báo cáo hoàn thành kèm tài liệu kiểm chứng (của cán bộ đầu mối: trạng thái awaiting_signoff, chờ lãnh đạo đơn vị ký duyệt, khi cấu hình yêu cầu ký duyệt)",
            Area::Tasks,
            Write,
            &[],
            Some(s::<tasks::DoneIn>),
            Some(s::<tasks::TaskDetail>),
        ),
        op(
            "POST",
            "/api/v1/tasks/{id}/accept",
            "Công nhận hoàn thành",
            Area::Tasks,
            Write,
            &[],
            Some(s::<tasks::AcceptIn>),
            Some(s::<tasks::TaskDetail>),
        ),
        op(
            "POST",
            "/api/v1/tasks/{id}/return",
            "Trả lại kết quả",
            Area::Tasks,
            Write,
            &[],
            Some(s::<tasks::ReturnIn>),
            Some(s::<tasks::TaskDetail>),
        ),
        op(
            "GET",
            "/api/v1/reports/{key}",
            "Báo cáo định kỳ của một kỳ (ví dụ 2025-q1) mà người đọc được xem",
            Area::Reports,
            Read,
            &[],
            None,
            Some(s::<reports::ReportList>),
        ),
        op(
            "GET",
            "/api/v1/reports/{key}/units/{unit}",
            "Báo cáo của một đơn vị với giá trị chỉ tiêu",
            Area::Reports,
            Read,
            &[],
            None,
            Some(s::<reports::ReportDetail>),
        ),
        op(
            "PUT",
            "/api/v1/reports/{key}",
            "Lưu (và với submit: nộp) báo cáo kỳ của đơn vị mình: nội dung, số liệu chỉ tiêu; If-Match hoặc version bắt buộc khi báo cáo đã có; nộp như trang báo cáo (trình lãnh đạo đơn vị ký duyệt khi cấu hình yêu cầu)",
            Area::Reports,
            Write,
            &[],
            Some(s::<report_writes::ReportIn>),
            Some(s::<reports::ReportDetail>),
        ),
        op(
            "POST",
            "/api/v1/reports/{key}/units/{unit}/review",
            "Cơ quan thường trực chấp nhận hoặc trả lại (kèm lý do) báo cáo đã nộp",
            Area::Reports,
            Write,
            &[],
            Some(s::<report_writes::ReviewIn>),
            Some(s::<reports::ReportDetail>),
        ),
        op(
            "GET",
            "/api/v1/notifications",
            "Thông báo",
            Area::Tasks,
            Read,
            &[("unread", "chỉ thông báo chưa đọc"), PAGING[0], PAGING[1]],
            None,
            Some(s::<Page<notifications::NotificationOut>>),
        ),
        op("POST", "/api/v1/notifications/{id}/read", "Đánh dấu đã đọc", Area::Tasks, Write, &[], None, None),
        op(
            "GET",
            "/api/v1/kpi",
            "Kết quả Chỉ số 766 của một đơn vị trong một kỳ",
            Area::Kpi,
            Read,
            &[("unit", "mã đơn vị"), ("g", "month, quarter, half, year"), ("p", "kỳ, ví dụ 2025-Q2")],
            None,
            Some(s::<kpi::KpiResultOut>),
        ),
        op(
            "GET",
            "/api/v1/kpi/explain",
            "Các hồ sơ được tính (hoặc không) vào một chỉ số",
            Area::Kpi,
            Read,
            &[("unit", "mã đơn vị"), ("p", "kỳ"), ("i", "mã chỉ số"), PAGING[0], PAGING[1]],
            None,
            Some(s::<Page<kpi::KpiExplainRowOut>>),
        ),
        op(
            "POST",
            "/api/v1/dossiers",
            "Gửi lô hồ sơ 766 (tối đa 50.000 hồ sơ một lần); kết quả chỉ liệt kê hồ sơ không được nhận hoặc có ghi chú",
            Area::Kpi,
            Write,
            &[],
            Some(s::<dossiers::DossierPushIn>),
            Some(s::<dossiers::DossierPushOut>),
        ),
        op(
            "GET",
            "/api/v1/par/rounds",
            "Các đợt đánh giá Chỉ số CCHC",
            Area::Par,
            Read,
            &[],
            None,
            Some(s::<par::ParRoundList>),
        ),
        op(
            "GET",
            "/api/v1/par/rounds/{id}",
            "Kết quả một đợt: trạng thái từng đơn vị, chỉ số, xếp loại, thứ hạng khi đã công bố",
            Area::Par,
            Read,
            &[],
            None,
            Some(s::<par::ParResultsOut>),
        ),
        op(
            "GET",
            "/api/v1/par/rounds/{id}/ranking",
            "Xếp hạng một đợt theo nhóm đơn vị: điểm, chỉ số, xếp loại, thứ hạng (đồng hạng), thay đổi so với năm trước; khi đã công bố",
            Area::Par,
            Read,
            &[],
            None,
            Some(s::<par::ParRankingOut>),
        ),
        op(
            "POST",
            "/api/v1/par/rounds/{id}/approve",
            "Hội đồng phê duyệt kết quả đợt (Văn phòng ghi nhận); mọi bản đánh giá phải đã thẩm định xong; điểm bị khóa; If-Match hoặc version bắt buộc",
            Area::Par,
            Write,
            &[],
            Some(s::<par_review::ParStepIn>),
            Some(s::<par::ParRoundOut>),
        ),
        op(
            "GET",
            "/api/v1/par/assessments/{id}",
            "Một bản đánh giá: điểm tự chấm, ghi chú, điểm thẩm định và lý do, giải trình, tài liệu kiểm chứng, tổng điểm, các thao tác được phép (đơn vị: của mình; thẩm định viên: được phân công; người khác: khi đã phê duyệt)",
            Area::Par,
            Read,
            &[],
            None,
            Some(s::<par_assessment::ParAssessmentDetail>),
        ),
        op(
            "POST",
            "/api/v1/par/assessments/{id}/submit",
            "Thủ trưởng đơn vị nộp (hoặc nộp lại sau giải trình) bản tự đánh giá; If-Match hoặc version bắt buộc",
            Area::Par,
            Write,
            &[],
            Some(s::<par_review::ParStepIn>),
            Some(s::<par_assessment::ParAssessmentDetail>),
        ),
        op(
            "POST",
            "/api/v1/par/assessments/{id}/withdraw",
            "Thủ trưởng đơn vị rút lại bản đã nộp khi việc thẩm định chưa bắt đầu; If-Match hoặc version bắt buộc",
            Area::Par,
            Write,
            &[],
            Some(s::<par_review::ParStepIn>),
            Some(s::<par_assessment::ParAssessmentDetail>),
        ),
        op(
            "POST",
            "/api/v1/par/assessments/{id}/appraisal",
            "Thẩm định: từng tiêu chí giữ điểm đơn vị hoặc điều chỉnh (kèm lý do), chọn tiêu chí cần giải trình; rồi accept (thẩm định xong) hoặc return (trả lại giải trình, kèm nội dung và hạn); If-Match hoặc version bắt buộc",
            Area::Par,
            Write,
            &[],
            Some(s::<par_review::ParAppraisalIn>),
            Some(s::<par_assessment::ParAssessmentDetail>),
        ),
        op(
            "POST",
            "/api/v1/par/assessments/{id}/explanations",
            "Đơn vị giải trình các tiêu chí được yêu cầu; If-Match hoặc version bắt buộc",
            Area::Par,
            Write,
            &[],
            Some(s::<par_review::ParExplanationsIn>),
            Some(s::<par_assessment::ParAssessmentDetail>),
        ),
        Operation {
            content: "multipart/form-data",
            ..op(
                "POST",
                "/api/v1/par/assessments/{id}/evidence",
                "Tải tệp kiểm chứng cho một hoặc nhiều tiêu chí (multipart/form-data; kiểm tra dung lượng, loại và nội dung tệp như trang đánh giá)",
                Area::Par,
                Write,
                &[],
                Some(par_evidence::evidence_form),
                Some(s::<par_evidence::ParEvidenceList>),
            )
        },
        op(
            "POST",
            "/api/v1/par/assessments/{id}/links",
            "Gắn tài liệu kiểm chứng theo tham chiếu: tệp kiểm chứng nhiệm vụ của chính đơn vị, hoặc số, ngày văn bản",
            Area::Par,
            Write,
            &[],
            Some(s::<par_evidence::ParLinkIn>),
            Some(s::<par_assessment::ParLinkOut>),
        ),
        op(
            "POST",
            "/api/v1/par/assessments/{id}/self",
            "Lưu điểm tự chấm và ghi chú (tài liệu kiểm chứng) của đơn vị mình; submit: thủ trưởng đơn vị nộp để thẩm định; If-Match hoặc version bắt buộc",
            Area::Par,
            Write,
            &[],
            Some(s::<par_writes::SelfAssessmentIn>),
            Some(s::<par_writes::AssessmentOut>),
        ),
        op(
            "GET",
            "/api/v1/sipas/campaigns",
            "Các đợt khảo sát sự hài lòng",
            Area::Sipas,
            Read,
            &[],
            None,
            Some(s::<sipas::SipasCampaignList>),
        ),
        op(
            "GET",
            "/api/v1/sipas/campaigns/{id}",
            "Kết quả một đợt khảo sát: chỉ số hài lòng theo đơn vị và chung",
            Area::Sipas,
            Read,
            &[],
            None,
            Some(s::<sipas::SipasResultsOut>),
        ),
        op(
            "POST",
            "/api/v1/sipas/campaigns/{id}/paper",
            "Nhập phiếu giấy đã mã hóa của một đợt khảo sát (kiểm tra như nhập từ tệp XLSX); all_or_nothing: có phiếu sai thì không nhập phiếu nào, nếu không thì nhập các phiếu đúng và trả kết quả từng phiếu",
            Area::Sipas,
            Write,
            &[],
            Some(s::<sipas_paper::PaperEntryIn>),
            Some(s::<sipas_paper::PaperEntryOut>),
        ),
        op(
            "GET",
            "/api/v1/inspections",
            "Các cuộc kiểm tra công tác CCHC (theo năm)",
            Area::Inspections,
            Read,
            &[("year", "năm kế hoạch kiểm tra"), PAGING[0], PAGING[1]],
            None,
            Some(s::<Page<inspections::InspectionOut>>),
        ),
        op(
            "GET",
            "/api/v1/inspections/{id}",
            "Một cuộc kiểm tra với các phát hiện và kiến nghị",
            Area::Inspections,
            Read,
            &[],
            None,
            Some(s::<inspections::InspectionDetail>),
        ),
        op(
            "GET",
            "/api/v1/findings",
            "Kiến nghị từ kiểm tra, thanh tra, kiểm toán và tình hình khắc phục",
            Area::Inspections,
            Read,
            &[
                ("unit", "đơn vị"),
                ("from", "phát hiện từ ngày (dd/mm/yyyy)"),
                ("to", "phát hiện đến ngày (dd/mm/yyyy)"),
                PAGING[0],
                PAGING[1],
            ],
            None,
            Some(s::<Page<inspections::FindingOut>>),
        ),
        op(
            "GET",
            "/api/v1/initiatives",
            "Sáng kiến, giải pháp CCHC (như trang danh sách của người đọc)",
            Area::Inspections,
            Read,
            &[("year", "năm"), PAGING[0], PAGING[1]],
            None,
            Some(s::<Page<inspections::InitiativeOut>>),
        ),
        op(
            "GET",
            "/api/v1/audit",
            "Nhật ký hệ thống (quản trị)",
            Area::Audit,
            Read,
            &[
                ("actor", "người thực hiện"),
                ("action", "thao tác (tiền tố)"),
                ("entity", "loại đối tượng"),
                ("entity_id", "mã đối tượng"),
                ("from", "từ ngày dd/mm/yyyy"),
                ("to", "đến ngày dd/mm/yyyy"),
                PAGING[0],
                PAGING[1],
            ],
            None,
            Some(s::<Page<audit::AuditOut>>),
        ),
    ]
}
