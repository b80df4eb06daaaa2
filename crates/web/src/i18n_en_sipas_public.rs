//! The English catalogue of the SIPAS public side: dossier link, one-time token slips, the QR
//! poster and the index-766 publication.

pub const PAIRS: &[(&str, &str)] = &[
    ("Mã hồ sơ (không bắt buộc)", "Dossier code (optional)"),
    (
        "Nếu ông/bà có giấy tiếp nhận hồ sơ, xin nhập mã hồ sơ để phiếu gắn với hồ sơ đã giải quyết. Mã chỉ dùng để đối chiếu, không hiển thị công khai.",
        "If you have a dossier receipt, type its code to link your answers to that dossier. The code is only checked, never shown publicly.",
    ),
    (
        "Dùng lệnh In của trình duyệt, khổ A4 đứng.",
        "Use the browser's Print command, A4 portrait.",
    ),
    ("Dùng đến", "Valid until"),
    (
        "Hãy in ngay: các mã chỉ hiển thị lần này.",
        "Print now: the codes are shown only this once.",
    ),
    (
        "Hạn dùng (dd/mm/yyyy; để trống: ngày cuối đợt)",
        "Valid until (dd/mm/yyyy; empty: the survey's last day)",
    ),
    ("In phiếu mã dùng một lần", "Print one-time code slips"),
    ("In áp phích QR và phiếu mã dùng một lần", "Print QR posters and one-time code slips"),
    ("In áp phích và mã khảo sát", "Print posters and survey codes"),
    ("In áp phích", "Print the poster"),
    ("Mã đã dùng", "Codes used"),
    ("Mã đã phát", "Codes issued"),
    (
        "Mỗi đơn vị có một áp phích khổ A4 với mã QR dẫn đến phiếu khảo sát. Mã dùng một lần in thành phiếu nhỏ, mỗi phiếu một mã; mã chỉ hiển thị một lần khi in, hệ thống chỉ lưu bản băm.",
        "Each unit has an A4 poster with a QR code leading to the survey form. One-time codes are printed as slips, one code each; the codes are shown only once, when printed: the system keeps only their hashes.",
    ),
    (
        "Phiếu không hỏi tên, số điện thoại hay địa chỉ. Không cần đăng nhập.",
        "The form asks for no name, phone number or address. No login needed.",
    ),
    ("Phiếu mã khảo sát", "Survey code slips"),
    ("Phiếu mã", "Code slip"),
    ("Quay lại trang in", "Back to printing"),
    (
        "Quét mã QR bằng điện thoại hoặc mở đường dẫn:",
        "Scan the QR code with a phone or open the link:",
    ),
    (
        "Quét mã QR để trả lời. Mã dùng một lần:",
        "Scan the QR code to answer. One-time code:",
    ),
    ("Số mã (tối đa", "Number of codes (at most"),
    ("Tạo và in mã", "Make and print the codes"),
    ("mã, dùng đến ngày", "codes, valid until"),
    ("Áp phích khảo sát", "Survey poster"),
    ("Áp phích", "Poster"),
    (
        "Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn",
        "Your opinion helps us serve you better",
    ),
    ("Đã tạo đợt mã số", "Made code batch no."),
    (
        "Chỉ số 766: kỳ công khai (kèm xu hướng các kỳ trước)",
        "Index 766: period to publish (with the trend of the periods before)",
    ),
    ("Công khai điểm Chỉ số 766", "Publish the index-766 scores"),
];
