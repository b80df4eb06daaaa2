//! Names, codes and texts of the synthetic province: Vietnamese place names built from the
//! words real communes are named with, the province's agencies, and a seeded random source so
//! the same seed always builds the same province.

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng};

/// The synthetic province: fictional, so it never passes for a real one.
pub const PROVINCE_CODE: &str = "LH";
pub const PROVINCE_NAME: &str = "Tỉnh Lam Hồng";
/// Who issues the plans.
pub const ISSUER: &str = "Ủy ban nhân dân tỉnh Lam Hồng";

/// Words Vietnamese communes and districts are named with.
const PLACE_WORDS: &[&str] = &[
    "An",
    "Bình",
    "Phú",
    "Tân",
    "Hòa",
    "Thạnh",
    "Long",
    "Phước",
    "Đức",
    "Thọ",
    "Hưng",
    "Mỹ",
    "Thuận",
    "Lộc",
    "Quang",
    "Sơn",
    "Thủy",
    "Hải",
    "Trung",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Xuân",
    "Hạ",
    "Thượng",
    "Vĩnh",
    "Cẩm",
    "Kỳ",
    "Hương",
    "Nghi",
    "Yên",
    "Thanh",
    "Hồng",
    "Minh",
    "Phong",
    "Lạc",
    "Lâm",
    "Châu",
    "Gia",
    "Khánh",
    "Thái",
    "Hiệp",
    "Lợi",
    "Thành",
    "Điền",
    "Cát",
    "Quỳnh",
    "Diễn",
    "Nghĩa",
    "Tiến",
    "Thắng",
    "Liên",
    "Hợp",
    "Đồng",
    "Tường",
    "Vân",
    "Trà",
    "Lĩnh",
    "Kim",
    "Ngọc",
    "Bảo",
    "Hà",
    "Sen",
    "Mai",
    "Đào",
    "Tùng",
    "Phúc",
    "Hậu",
    "Lương",
    "Cường",
    "Quảng",
];

/// A seeded random source with the few draws the generator needs.
pub struct Rng(StdRng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(StdRng::seed_from_u64(seed))
    }

    /// A new independent source for one part of the province (so parts can change
    /// independently without reshuffling the others).
    pub fn fork(seed: u64, part: u64) -> Rng {
        Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(part))
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.gen::<f64>() < p
    }

    /// A number in `lo..=hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            self.0.gen_range(lo..=hi)
        }
    }

    /// A uniform float in `0..1`.
    pub fn unit(&mut self) -> f64 {
        self.0.gen::<f64>()
    }

    /// An index below `n` (0 when `n` is 0).
    pub fn index(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.0.gen_range(0..n)
        }
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }
}

/// A two-word place name (`Tân Phú`), never the same word twice.
pub fn place_name(rng: &mut Rng) -> String {
    let a = rng.index(PLACE_WORDS.len());
    let mut b = rng.index(PLACE_WORDS.len() - 1);
    if b >= a {
        b += 1;
    }
    format!("{} {}", PLACE_WORDS[a], PLACE_WORDS[b])
}

/// A provincial agency: code suffix, name, abbreviations.
pub struct Agency {
    pub code: &'static str,
    pub name: &'static str,
    pub abbreviation: &'static str,
}

const fn agency(code: &'static str, name: &'static str, abbreviation: &'static str) -> Agency {
    Agency { code, name, abbreviation }
}

/// Departments that exist throughout (after the March 2025 merges some absorb others).
pub const DEPARTMENTS: &[Agency] = &[
    agency("VPUB", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh"),
    agency("SNV", "Sở Nội vụ", "SNV"),
    agency("STP", "Sở Tư pháp", "STP"),
    agency("STC", "Sở Tài chính", "STC"),
    agency("SCT", "Sở Công Thương", "SCT"),
    agency("SXD", "Sở Xây dựng", "SXD"),
    agency("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    agency("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    agency("SYT", "Sở Y tế", "SYT"),
    agency("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"),
    agency("TTR", "Thanh tra tỉnh", "TTr tỉnh"),
    agency("BQLKKT", "Ban Quản lý Khu kinh tế tỉnh", "BQL KKT"),
    agency("SNGV", "Sở Ngoại vụ", "SNgV"),
];

/// The 2025 merges (effective 1/3/2025): (former agency, successor code). Successors marked
/// new in [`NEW_DEPARTMENTS`] are created on that day; the others absorb the former agency.
pub const MERGED_DEPARTMENTS: &[(Agency, &str)] = &[
    (agency("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"), "STC"),
    (agency("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT"), "SKHCN"),
    (agency("SGTVT", "Sở Giao thông vận tải", "Sở GTVT"), "SXD"),
    (agency("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"), "SNNMT"),
    (agency("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT"), "SNNMT"),
    (agency("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH"), "SNV"),
    (agency("BDT", "Ban Dân tộc tỉnh", "BDT"), "SDTTG"),
];

/// Departments created by the 2025 merges.
pub const NEW_DEPARTMENTS: &[Agency] = &[
    agency("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
    agency("SDTTG", "Sở Dân tộc và Tôn giáo", "Sở DT&TG"),
];

/// Central agencies located in the province.
pub const CENTRAL: &[Agency] = &[
    agency("CA", "Công an tỉnh", "CA tỉnh"),
    agency("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "Bộ CHQS tỉnh"),
    agency("BHXH", "Bảo hiểm xã hội tỉnh", "BHXH tỉnh"),
    agency("CTHUE", "Thuế tỉnh", "Thuế tỉnh"),
    agency("KBNN", "Kho bạc Nhà nước khu vực", "KBNN"),
    agency("TKE", "Thống kê tỉnh", "Thống kê tỉnh"),
    agency("HQ", "Hải quan khu vực", "Hải quan"),
    agency("TAND", "Tòa án nhân dân tỉnh", "TAND tỉnh"),
    agency("VKSND", "Viện kiểm sát nhân dân tỉnh", "VKSND tỉnh"),
    agency("THADS", "Thi hành án dân sự tỉnh", "THADS tỉnh"),
    agency("BUUDIEN", "Bưu điện tỉnh", "Bưu điện tỉnh"),
    agency("NHNN", "Ngân hàng Nhà nước chi nhánh khu vực", "NHNN"),
];

/// Other bodies: public service units, press, mass organisations.
pub const OTHERS: &[Agency] = &[
    agency("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm PVHCC"),
    agency("DPTTH", "Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH tỉnh"),
    agency("BAO", "Báo Lam Hồng", "Báo Lam Hồng"),
    agency("TCT", "Trường Chính trị tỉnh", "Trường Chính trị"),
    agency("UBMTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ tỉnh"),
    agency("TDOAN", "Tỉnh đoàn", "Tỉnh đoàn"),
    agency("HND", "Hội Nông dân tỉnh", "Hội ND tỉnh"),
    agency("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh"),
    agency("LDLD", "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh"),
    agency("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông", "Trung tâm CNTT"),
    agency("TTXTDT", "Trung tâm Xúc tiến đầu tư, thương mại và du lịch", "Trung tâm XTĐT"),
    agency("TDHLH", "Trường Đại học Lam Hồng", "ĐH Lam Hồng"),
];

/// The eight areas of the PAR index (Quyết định 876/QĐ-BNV), as plan headings.
pub const AREAS: &[(&str, &str)] = &[
    ("I", "Công tác chỉ đạo, điều hành cải cách hành chính"),
    ("II", "Cải cách thể chế"),
    ("III", "Cải cách thủ tục hành chính"),
    ("IV", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("V", "Cải cách chế độ công vụ"),
    ("VI", "Cải cách tài chính công"),
    ("VII", "Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
    ("VIII", "Tuyên truyền, đánh giá tác động của cải cách hành chính"),
];

/// Task titles per area: a verb phrase and the objects it applies to.
pub const TASK_VERBS: &[&[&str]] = &[
    &["Xây dựng, ban hành kế hoạch", "Kiểm tra công tác", "Tổ chức hội nghị sơ kết", "Tự đánh giá, chấm điểm"],
    &[
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật về",
        "Tham mưu ban hành quy định về",
        "Kiểm tra việc thi hành pháp luật về",
    ],
    &[
        "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực",
        "Công bố, công khai thủ tục hành chính lĩnh vực",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính lĩnh vực",
    ],
    &[
        "Rà soát chức năng, nhiệm vụ, cơ cấu tổ chức về",
        "Sắp xếp các đơn vị sự nghiệp công lập về",
        "Kiện toàn tổ chức bộ máy về",
    ],
    &[
        "Đào tạo, bồi dưỡng cán bộ, công chức về",
        "Đánh giá, xếp loại công chức làm công tác",
        "Kiểm tra công vụ, kỷ luật, kỷ cương về",
    ],
    &[
        "Thực hiện cơ chế tự chủ tài chính về",
        "Công khai ngân sách, quản lý tài sản công về",
        "Quản lý, sử dụng vốn đầu tư công về",
    ],
    &[
        "Triển khai dịch vụ công trực tuyến toàn trình về",
        "Kết nối, chia sẻ dữ liệu về",
        "Xây dựng cơ sở dữ liệu chuyên ngành về",
    ],
    &[
        "Tuyên truyền cải cách hành chính về",
        "Khảo sát sự hài lòng của người dân về",
        "Đánh giá tác động của cải cách hành chính về",
    ],
];

/// What tasks are about.
pub const TASK_OBJECTS: &[&str] = &[
    "đất đai",
    "xây dựng",
    "đầu tư",
    "đăng ký kinh doanh",
    "hộ tịch",
    "tư pháp",
    "giáo dục",
    "y tế",
    "lao động, việc làm",
    "bảo trợ xã hội",
    "giao thông vận tải",
    "tài nguyên nước",
    "môi trường",
    "nông nghiệp",
    "khoa học và công nghệ",
    "văn hóa, thể thao",
    "du lịch",
    "công thương",
    "tài chính, ngân sách",
    "thuế",
    "người có công",
    "dân tộc, tôn giáo",
    "chuyển đổi số",
    "một cửa, một cửa liên thông",
    "thanh tra, khiếu nại, tố cáo",
    "phòng cháy, chữa cháy",
];

/// Outputs named in plans.
pub const OUTPUTS: &[&str] = &[
    "Kế hoạch",
    "Báo cáo kết quả",
    "Quyết định phê duyệt",
    "Văn bản chỉ đạo",
    "Cơ sở dữ liệu",
    "Hội nghị",
    "Thông báo kết luận",
    "Quy chế",
    "Tài liệu tuyên truyền",
];

/// Reasons the office returns a report.
pub const RETURN_REASONS: &[&str] = &[
    "Chưa có tài liệu kiểm chứng.",
    "Báo cáo chưa đầy đủ nội dung theo yêu cầu.",
    "Kết quả chưa đúng với sản phẩm giao trong kế hoạch.",
    "Cần bổ sung số liệu và văn bản phê duyệt.",
];

/// ASCII folding of a name for codes: `Tân Phú` → `TANPHU`.
pub fn code_word(name: &str) -> String {
    cchc_domain::text::fold(name).chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_uppercase()
}
