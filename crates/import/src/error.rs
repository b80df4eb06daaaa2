//! Why a file could not be imported, as plain Vietnamese sentences for the user.

/// A file the importer refuses; every message names the problem and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("Tệp rỗng: không có nội dung nào để nhập.")]
    Empty,
    #[error("Tệp quá lớn ({size} byte), vượt giới hạn {limit} byte cho một lần nhập.")]
    TooLarge { size: usize, limit: usize },
    #[error("Tệp PDF chưa được hỗ trợ: hãy tải lên bản DOCX, XLSX hoặc văn bản (.txt) của văn bản này.")]
    Pdf,
    #[error("Tệp là ảnh {0}, không đọc được chữ trong ảnh: hãy tải lên bản DOCX, XLSX hoặc văn bản (.txt).")]
    Image(&'static str),
    #[error("Định dạng {0} chưa được hỗ trợ: hãy lưu lại thành DOCX, XLSX hoặc văn bản (.txt) rồi tải lên.")]
    Unsupported(&'static str),
    #[error("Tệp không phải văn bản, DOCX hay XLSX: nội dung là dữ liệu nhị phân không nhận ra được.")]
    Binary,
    #[error("Không nhận ra bảng mã của văn bản (không phải UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI): hãy lưu lại với bảng mã Unicode UTF-8.")]
    Undecodable,
    #[error("Tệp bảng tính vượt giới hạn đọc: {0}. Hãy tách tệp hoặc xóa các ô thừa rồi tải lên lại.")]
    Limit(String),
    #[error("Tệp {kind} bị hỏng hoặc không đọc được: {detail}.")]
    Broken { kind: &'static str, detail: String },
    #[error("Không tìm thấy bảng nhiệm vụ, bảng chỉ tiêu hay đoạn giao việc nào nhận ra được trong tệp {0}.")]
    NothingFound(&'static str),
    #[error("Bảng nhiệm vụ ({location}) thiếu cột bắt buộc “{column}”.")]
    MissingColumn { location: String, column: &'static str },
}
