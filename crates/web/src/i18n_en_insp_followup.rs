//! The English catalogue of the inspection follow-up outside the inspection pages: the task
//! list's remedies, the dashboard panel, the planning page's PAR columns.

pub const PAIRS: &[(&str, &str)] = &[
    ("Kiến nghị cần khắc phục", "Recommendations to remedy"),
    ("Kiểm tra CCHC và xử lý kiến nghị", "Reform inspections and recommendations"),
    ("cuộc kiểm tra đã thực hiện / kế hoạch", "inspections done / planned"),
    ("đơn vị, chỉ tiêu", "units, target"),
    ("kiến nghị", "recommendations"),
    ("đã xử lý xong", "resolved"),
    ("không phải xử lý", "waived"),
    ("chưa xử lý xong", "outstanding"),
    ("quá hạn khắc phục", "overdue remedies"),
    ("Xếp loại Chỉ số CCHC", "PAR index class"),
    ("Chỉ số CCHC dưới (%)", "PAR index below (%)"),
    ("chưa phê duyệt", "not yet approved"),
];
