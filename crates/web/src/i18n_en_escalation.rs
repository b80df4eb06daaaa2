//! The English catalogue of escalation: its settings and the task page's history.

pub const PAIRS: &[(&str, &str)] = &[
    ("Chuyển cấp khi quá hạn", "Escalation of overdue work"),
    ("Cấp nhận", "Escalated to"),
    ("Người nhận", "Recipient"),
    ("Cán bộ của đơn vị", "The unit's staff"),
    ("Cán bộ đầu mối của đơn vị", "The unit's focal point"),
    ("Thủ trưởng đơn vị", "The unit's head"),
    ("Cơ quan thường trực CCHC và lãnh đạo", "The reform office and the leaders"),
    (
        "Chuyển cấp khi quá hạn (số ngày quá hạn; để trống để tắt bước)",
        "Escalation of overdue work (days overdue; leave empty to turn a step off)",
    ),
    ("Báo cán bộ đầu mối của đơn vị sau (ngày)", "Tell the unit's focal point after (days)"),
    ("Báo thủ trưởng đơn vị sau (ngày)", "Tell the unit's head after (days)"),
    (
        "Đơn vị chưa có tài khoản thủ trưởng: thông báo gửi đến cán bộ của đơn vị.",
        "A unit without a head account: the notice goes to the unit's staff.",
    ),
    ("Báo cơ quan thường trực CCHC và lãnh đạo sau (ngày)", "Tell the reform office and the leaders after (days)"),
    ("nhiệm vụ do đơn vị chủ trì đã quá hạn.", "tasks this unit leads are overdue."),
    ("Tải công văn đôn đốc (DOCX)", "Download the reminder letter (DOCX)"),
];
