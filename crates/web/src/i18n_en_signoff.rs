//! The English catalogue of sign-off by a unit's head.

pub const PAIRS: &[(&str, &str)] = &[
    ("Chờ ký duyệt", "Awaiting sign-off"),
    ("Trình lãnh đạo đơn vị", "Send to the unit head"),
    ("Ký duyệt và nộp", "Sign off and submit"),
    ("Ký duyệt", "Sign off"),
    ("Ký duyệt báo cáo", "Sign off the report"),
    ("Trả lại để chỉnh sửa", "Send back for changes"),
    ("Lãnh đạo đơn vị ký duyệt", "Signed off by the unit head"),
    ("Lãnh đạo đơn vị trả lại", "Sent back by the unit head"),
    ("Cán bộ đầu mối", "Focal point"),
    ("cán bộ đầu mối", "focal point"),
    (
        "trình ký duyệt. Sau khi ký duyệt, báo cáo được gửi cơ quan thường trực.",
        "sent it for sign-off. Once signed off, the report goes to the reform office.",
    ),
    ("Ký duyệt của lãnh đạo đơn vị", "Sign-off by the unit head"),
    (
        "Báo cáo của đơn vị phải được lãnh đạo đơn vị ký duyệt trước khi gửi cơ quan thường trực",
        "A unit's reports must be signed off by its head before they go to the reform office",
    ),
    ("Bỏ chọn khi cán bộ đầu mối gửi thẳng (đơn vị nhỏ).", "Untick when the focal point sends directly (small units)."),
    ("Đã trình lãnh đạo đơn vị ký duyệt.", "Sent to the unit head for sign-off."),
    ("Đã ký duyệt và nộp báo cáo.", "Signed off and submitted."),
    ("Đã trả lại cho cán bộ đầu mối.", "Sent back to the focal point."),
    ("Đã ký duyệt; báo cáo đã gửi cơ quan thường trực.", "Signed off; the report went to the reform office."),
    ("Trình lãnh đạo đơn vị ký duyệt báo cáo", "Report sent to the unit head for sign-off"),
    ("Lãnh đạo đơn vị ký duyệt báo cáo", "Report signed off by the unit head"),
    ("Lãnh đạo đơn vị trả lại báo cáo", "Report sent back by the unit head"),
];

/// Ad-hoc reports (báo cáo đột xuất).
pub const ADHOC: &[(&str, &str)] = &[
    ("Báo cáo đột xuất", "Ad-hoc reports"),
    ("Tên báo cáo", "Report title"),
    ("Đã gửi", "Sent"),
    ("Chưa gửi (quá hạn)", "Not sent (overdue)"),
    ("Chưa có yêu cầu báo cáo đột xuất nào.", "No ad-hoc report has been requested yet."),
    ("Yêu cầu báo cáo đột xuất", "Request an ad-hoc report"),
    ("Hướng dẫn, nội dung cần báo cáo", "Instructions: what to report"),
    ("Hạn gửi (dd/mm/yyyy)", "Due (dd/mm/yyyy)"),
    ("Đơn vị được yêu cầu", "Units asked"),
    ("Biểu mẫu (Word hoặc Excel, không bắt buộc)", "Template (Word or Excel, optional)"),
    ("Gửi yêu cầu", "Send the request"),
    ("Biểu mẫu", "Template"),
    ("Yêu cầu ngày", "Requested on"),
    ("chưa gửi, chưa đến hạn", "not sent, not yet due"),
    ("Đã gửi yêu cầu báo cáo đột xuất.", "The ad-hoc report was requested."),
    // A task's done claim signed off by the lead unit's head.
    ("Lãnh đạo đơn vị trả lại, lý do", "Sent back by the unit head, reason"),
    ("Ký duyệt báo cáo hoàn thành", "Sign off the done claim"),
    (
        "Sau khi ký duyệt, báo cáo hoàn thành được gửi cơ quan thường trực CCHC; ngày báo cáo hoàn thành là ngày ký duyệt.",
        "Once signed off, the done claim goes to the reform office, dated the day of the sign-off.",
    ),
    ("Trả lại cán bộ đầu mối", "Send back to the focal point"),
    ("Ý kiến", "Comment"),
    ("Chưa ghi nhận được:", "Not recorded:"),
    (
        "Báo cáo hoàn thành nhiệm vụ của cán bộ đầu mối phải được lãnh đạo đơn vị ký duyệt trước khi gửi cơ quan thường trực",
        "A focal point's report that a task is done must be signed off by the unit head before it goes to the reform office",
    ),
];
