//! The English catalogue of the SIPAS office pages: questionnaire versions, comparison with
//! the previous period, open answers, exports and the transfer to the PAR index.

pub const PAIRS: &[(&str, &str)] = &[
    ("Phiếu khảo sát và các phiên bản", "Questionnaires and their versions"),
    (
        "Phiên bản đã dùng cho một đợt khảo sát bị khóa, không sửa trực tiếp: tải tệp XLSX, sửa rồi nhập lại thành phiên bản mới có ngày hiệu lực.",
        "A version used by a survey is frozen and never edited: download the XLSX file, edit it and import it as a new version with its effective date.",
    ),
    ("Tên phiếu", "Questionnaire"),
    ("Số câu hỏi", "Questions"),
    ("đã ban hành", "adopted"),
    ("đã dùng, bị khóa", "used, frozen"),
    ("Chưa có phiếu khảo sát nào.", "No questionnaire yet."),
    ("Nhập phiên bản mới từ tệp XLSX", "Import a new version from an XLSX file"),
    ("Sửa từ phiên bản", "Edited from version"),
    ("Tên phiếu (để trống: giữ tên cũ)", "Name (empty: keep the old name)"),
    (
        "Phiếu đã được cấp có thẩm quyền ban hành (bỏ trống: mẫu, chưa xác nhận)",
        "Adopted by the competent authority (unticked: template, unconfirmed)",
    ),
    ("Tệp XLSX", "XLSX file"),
    ("Nhập thành phiên bản mới", "Import as a new version"),
    ("Ý kiến trả lời câu hỏi mở", "Answers to open questions"),
    ("Tìm (không cần gõ dấu)", "Search (accents optional)"),
    ("ý kiến", "answers"),
    ("Câu hỏi", "Question"),
    ("Không có ý kiến nào phù hợp.", "No matching answer."),
    ("So với kỳ trước", "Against the previous period"),
    ("điểm phần trăm", "percentage points"),
    (
        "Chưa có đợt khảo sát trước của các đơn vị này để so sánh.",
        "No earlier survey of these units to compare with.",
    ),
    ("Tải kết quả (XLSX)", "Download the results (XLSX)"),
    ("Tải báo cáo (DOCX)", "Download the report (DOCX)"),
    ("Kỳ trước (%)", "Previous (%)"),
    ("Thay đổi (điểm %)", "Change (points)"),
    ("Chuyển điểm khảo sát sang Chỉ số CCHC", "Carry the survey points into the PAR index"),
    ("Đợt đánh giá Chỉ số CCHC", "PAR assessment round"),
    ("Chỉ số SIPAS", "SIPAS index"),
];
