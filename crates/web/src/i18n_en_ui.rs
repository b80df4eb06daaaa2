//! English phrases of the pages officials use every day (reports, task lists, drill-downs,
//! the phone layout); one file per area keeps merges small.

pub const PAIRS: &[(&str, &str)] = &[
    ("Báo cáo chỉ còn để xem.", "The report can only be read now."),
    ("Nhiệm vụ của đơn vị đến hạn trong kỳ", "The unit's tasks due in the period"),
    ("hoàn thành", "completed"),
    ("chờ xem xét", "awaiting review"),
    ("Tiến độ", "Progress"),
    ("Đơn vị không có nhiệm vụ chủ trì đến hạn trong kỳ này.", "The unit leads no task due in this period."),
    ("Nhiệm vụ quá hạn từ các kỳ trước", "Overdue tasks from earlier periods"),
    ("Văn bản minh chứng", "Evidence documents"),
    ("Sản phẩm, minh chứng", "Outputs and evidence"),
    ("Trình đơn", "Menu"),
    ("Kế hoạch, văn bản", "Plan or document"),
    ("Hạn trong kỳ", "Due in period"),
    ("Bản in", "Print view"),
    ("Danh sách in đủ", "This print lists"),
    ("Gồm cả tác vụ tự động", "Include scheduled jobs"),
    ("Công nhận hoàn thành", "Accept as done"),
    ("Chưa triển khai", "Not started"),
];
