//! Every lead and coordinating agency phrase of the seed documents (shared/seeds 001, 003,
//! 004) and samples (05, 07, 10), resolved against the default registries in the document's
//! province and on its date.

use cchc_domain::registry_file::default_registry;
use cchc_domain::resolver::{MatchVia, PartTarget, Resolution, ResolveContext, Resolver};
use cchc_domain::text::fold;
use cchc_domain::unit::{Unit, UnitId};
use chrono::NaiveDate;

struct Fixture {
    units: Vec<Unit>,
    r: Resolver,
}

fn fixture() -> Fixture {
    match default_registry() {
        Ok((units, changes)) => {
            let r = Resolver::new(&units, &changes);
            Fixture { units, r }
        }
        Err(e) => {
            assert!(e.is_empty(), "{e:?}");
            Fixture { units: Vec::new(), r: Resolver::new(&[], &[]) }
        }
    }
}

impl Fixture {
    fn id(&self, code: &str) -> Option<UnitId> {
        self.units.iter().find(|u| u.code == code).map(|u| u.id)
    }
}

/// `CODE`, `CODE<` (successor), `CODE~` (approximate), `@group`, `?text` (unresolved),
/// `??text` (ambiguous), each followed by ` {scope}` when there is one.
fn summary(r: &Resolution) -> Vec<String> {
    r.parts
        .iter()
        .map(|p| {
            let mut s = match &p.target {
                PartTarget::Unit { code, via: MatchVia::Successor, .. } => format!("{code}<"),
                PartTarget::Unit { code, via: MatchVia::Fuzzy, .. } => format!("{code}~"),
                PartTarget::Unit { code, .. } => code.clone(),
                PartTarget::Group { group, .. } => format!("@{}", group.code()),
                PartTarget::Ambiguous { .. } => format!("??{}", p.text),
                PartTarget::Unresolved => format!("?{}", p.text),
            };
            if let Some(n) = &p.scope_note {
                s.push_str(&format!(" {{{n}}}"));
            }
            s
        })
        .collect()
}

/// Words of a text, folded, without connectives and item numbers.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "va" && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

fn check(f: &Fixture, province: Option<&str>, on: (i32, u32, u32), cases: &[(&str, &[&str])]) {
    let ctx =
        ResolveContext { province: province.and_then(|p| f.id(p)), on: NaiveDate::from_ymd_opt(on.0, on.1, on.2) };
    assert_eq!(ctx.province.is_some(), province.is_some());
    for (phrase, want) in cases {
        let res = f.r.resolve(phrase, &ctx);
        assert_eq!(summary(&res), *want, "{phrase}");
        // Never drops text: every word is in some part.
        let kept: Vec<String> = res.parts.iter().flat_map(|p| words(&p.text)).collect();
        for w in words(phrase) {
            assert!(kept.contains(&w), "«{w}» of «{phrase}» is in no part: {:?}", res.parts);
        }
    }
}

/// Seed 001: Quyết định 3098/QĐ-UBND of Hà Tĩnh, 31/12/2024 — appendix "Khung nhiệm vụ"
/// (Chủ trì / Phối hợp columns) and the agencies of section VI.
#[test]
fn seed_001_ha_tinh_plan_2025() {
    let f = fixture();
    let dept_dist: &[&str] = &["@departments", "@districts"];
    let dept_dist_comm: &[&str] = &["@departments", "@districts", "@communes"];
    let finance_note = "đối với các đơn vị SNCL thuộc cấp tỉnh";
    let cases: &[(&str, &[&str])] = &[
        ("Sở Nội vụ", &["HT-SNV"]),
        ("Sở Thông tin và Truyền thông", &["HT-STTTT"]),
        ("Sở Kế hoạch và Đầu tư", &["HT-SKHDT"]),
        ("Sở Tư pháp", &["HT-STP"]),
        ("Sở Tài chính", &["HT-STC"]),
        ("Sở Khoa học và Công nghệ", &["HT-SKHCN"]),
        ("Sở Khoa học và Công nghệ.", &["HT-SKHCN"]),
        ("Văn phòng UBND tỉnh", &["HT-VPUB"]),
        ("UBND cấp huyện", &["@districts"]),
        ("UBND các huyện, thị xã, thành phố", &["@districts"]),
        ("Sở, ban, ngành", &["@departments"]),
        ("Sở, ban, ngành cấp tỉnh", &["@departments"]),
        ("Các sở, ban, ngành cấp tỉnh", &["@departments"]),
        ("Sở, ban, ngành có liên quan", &["@related"]),
        ("Các Sở, ban, ngành có liên quan", &["@related"]),
        ("Các sở, ban ngành liên quan", &["@related"]),
        ("Cơ quan, đơn vị liên quan", &["@related"]),
        ("các cơ quan, đơn vị liên quan", &["@related"]),
        ("Địa phương, sở, ngành có liên quan", &["@related"]),
        ("Địa phương, sở, ban ngành có liên quan", &["@related"]),
        ("Các cơ quan, đơn vị, địa phương", &["@all_units"]),
        ("Các cơ quan, đơn vị", &["@all_units"]),
        ("Các cơ quan, đơn vị áp dụng", &["@all_units {áp dụng}"]),
        ("Các cơ quan, đơn vị áp dụng ISO", &["@all_units {áp dụng ISO}"]),
        ("Các cơ quan chủ trì CCHC của tỉnh", &["@reform_leads"]),
        ("Các cơ quan chủ trì CCHC của tỉnh, các cơ quan liên quan", &["@reform_leads", "@related"]),
        ("Các cơ quan chủ trì CCHC của tỉnh, các cơ quan liên quan khác", &["@reform_leads", "@related"]),
        (
            "Các cơ quan chủ trì CCHC của tỉnh, các đơn vị được kiểm tra",
            &["@reform_leads", "@all_units {được kiểm tra}"],
        ),
        (
            "Các cơ quan chủ trì các lĩnh vực CCHC tỉnh; cơ quan, đơn vị, địa phương",
            &["@reform_leads", "@all_units"],
        ),
        ("Các Sở, ban ngành cấp tỉnh, UBND cấp huyện", dept_dist),
        ("Các Sở, ban ngành cấp tỉnh, UBND các huyện, thành phố, thị xã", dept_dist),
        ("Sở, ban, ngành cấp tỉnh, UBND cấp huyện", dept_dist),
        ("Sở, ban, ngành cấp tỉnh; UBND cấp huyện", dept_dist),
        ("Sở, ban, ngành cấp tỉnh; UBND các huyện, thành phố, thị xã", dept_dist),
        ("Các sở, ban, ngành; UBND cấp huyện", dept_dist),
        ("Các Sở, ban, ngành, UBND cấp huyện", dept_dist),
        ("Các Sở, ngành, đơn vị, UBND cấp huyện", dept_dist),
        ("Các Sở, ngành, đơn vị, UBND các huyện, thị xã, thành phố", dept_dist),
        ("Các sở, ngành, đơn vị, UBND các huyện, thị xã, thành phố", dept_dist),
        ("Các sở, ngành, đơn vị, UBND UBND các huyện, thị xã, thành phố", dept_dist),
        ("Các Sở, ban, ngành; UBND cấp huyện, UBND cấp xã", dept_dist_comm),
        ("Các Sở, ban, ngành; UBND cấp huyện, UBND cấp xã.", dept_dist_comm),
        ("Các sở, ban, ngành cấp tỉnh; UBND cấp huyện, cấp xã", dept_dist_comm),
        ("Các sở, ngành cấp tỉnh; UBND cấp huyện, UBND cấp xã", dept_dist_comm),
        ("Sở, ban, ngành, địa phương", &["@departments", "@local_governments"]),
        ("Các sở, ban ngành; UBND cấp huyện; đơn vị sự nghiệp", &["@departments", "@districts", "?đơn vị sự nghiệp"]),
        ("Các Sở, ban ngành; UBND cấp huyện; đơn vị sự nghiệp", &["@departments", "@districts", "?đơn vị sự nghiệp"]),
        (
            "Các sở, ngành, đơn vị, UBND các huyện, thị xã, thành phố (cơ quan được giao quản lý, sử dụng vốn NSNN)",
            &["@departments", "@districts {cơ quan được giao quản lý, sử dụng vốn NSNN}"],
        ),
        (
            "Các sở, ngành, đơn vị có đơn vị được cơ quan có thẩm quyền (HĐND hoặc UBND tỉnh) ban hành danh mục dịch vụ sự nghiệp công sử dụng NSNN.",
            &["@departments {có đơn vị được cơ quan có thẩm quyền (HĐND hoặc UBND tỉnh) ban hành danh mục dịch vụ sự nghiệp công sử dụng NSNN}"],
        ),
        (
            "Sở Nội vụ chủ trì đối với nhân rộng mô hình hay; Sở Khoa học và Công nghệ chủ trì đối với áp dụng các sáng kiến CCHC",
            &["HT-SNV {đối với nhân rộng mô hình hay}", "HT-SKHCN {đối với áp dụng các sáng kiến CCHC}"],
        ),
        (
            "Sở Nội vụ cho ý kiến/ trình cấp có thẩm quyền kiện toàn, quy định cơ cấu tổ chức của các đơn vị sự nghiệp công lập sau khi các cơ quan, đơn vị, địa phương",
            &["HT-SNV {cho ý kiến/ trình cấp có thẩm quyền kiện toàn, quy định cơ cấu tổ chức của các đơn vị sự nghiệp công lập sau khi các cơ quan, đơn vị, địa phương}"],
        ),
        ("Sở Nội vụ, Thành viên Đoàn kiểm tra CCHC tỉnh", &["HT-SNV", "?Thành viên Đoàn kiểm tra CCHC tỉnh"]),
        ("Sở Nội vụ, Đoàn Kiểm tra, HĐTĐ CCHC tỉnh", &["HT-SNV", "?Đoàn Kiểm tra", "?HĐTĐ CCHC tỉnh"]),
        ("Sở Nội vụ và các đơn vị liên quan", &["HT-SNV", "@related"]),
        ("Sở Nội vụ; các sở, ban ngành liên quan", &["HT-SNV", "@related"]),
        ("Sở Tài chính; các Sở, ban ngành liên quan", &["HT-STC", "@related"]),
        ("Sở Tài chính; các sở, ban ngành liên quan", &["HT-STC", "@related"]),
        ("Sở Thông tin và Truyền thông, Sở Tài chính", &["HT-STTTT", "HT-STC"]),
        ("Sở Kế hoạch và Đầu tư, Sở Công Thương, các cơ quan, đơn vị liên quan", &["HT-SKHDT", "HT-SCT", "@related"]),
        ("Văn phòng UBND tỉnh, Sở KH&CN", &["HT-VPUB", "HT-SKHCN"]),
        ("Văn phòng UBND tỉnh; Các Sở, ban, ngành liên quan", &["HT-VPUB", "@related"]),
        (
            "Văn phòng UBND tỉnh; Tổ công tác theo Quyết định số 2088/QĐ- UBND ngày 14/5/2021 của UBND tỉnh",
            &["HT-VPUB", "?Tổ công tác theo Quyết định số 2088/QĐ- UBND ngày 14/5/2021 của UBND tỉnh"],
        ),
        (
            "Văn phòng UBND tỉnh, Trung tâm Hỗ trợ phát triển doanh nghiệp và Xúc tiến đầu tư",
            &["HT-VPUB", "HT-TTHTDN"],
        ),
        ("UBND tỉnh (qua Sở Nội vụ thẩm định)", &["HT {qua Sở Nội vụ thẩm định}", "HT-SNV {qua Sở Nội vụ thẩm định}"]),
        ("UBND tỉnh (Sở Nội vụ tham mưu)", &["HT {Sở Nội vụ tham mưu}", "HT-SNV {Sở Nội vụ tham mưu}"]),
        (
            "5.1. Trung tâm Tư vấn dịch vụ tài chính 5.2. Sở Tài chính (đối với các đơn vị SNCL thuộc cấp tỉnh); Phòng Tài chính - Kế hoạch (đối với đơn vị SNCL cấp huyện).",
            &[
                "HT-TTTVTC",
                "HT-STC {đối với các đơn vị SNCL thuộc cấp tỉnh}",
                "?Phòng Tài chính - Kế hoạch (đối với đơn vị SNCL cấp huyện) {đối với đơn vị SNCL cấp huyện}",
            ],
        ),
        (
            "Sở Tài chính (đối với các đơn vị SNCL thuộc cấp tỉnh); Phòng Tài chính - Kế hoạch (đối với đơn vị SNCL cấp huyện).",
            &[&format!("HT-STC {{{finance_note}}}"), "?Phòng Tài chính - Kế hoạch (đối với đơn vị SNCL cấp huyện) {đối với đơn vị SNCL cấp huyện}"],
        ),
        ("Sở Khoa học và Công nghệ (chủ trì, phối hợp kiểm tra)", &["HT-SKHCN {chủ trì, phối hợp kiểm tra}"]),
        ("Các trung tâm và đơn vị tư vấn", &["?Các trung tâm", "?đơn vị tư vấn"]),
        ("Các trường và đơn vị tư vấn", &["?Các trường", "?đơn vị tư vấn"]),
        ("Các UBND cấp xã đạt chuẩn NTM, đơn vị tư vấn", &["@communes {đạt chuẩn NTM}", "?đơn vị tư vấn"]),
        (
            "Các cơ quan, đơn vị; tổ chức đào tạo, chứng nhận hệ thống",
            &["@all_units", "?tổ chức đào tạo", "?chứng nhận hệ thống"],
        ),
        ("UBND thành phố Hà Tĩnh và UBND thị xã Kỳ Anh", &["HT-TP-HATINH", "HT-TX-KYANH"]),
        // Agencies named in the decision and in section VI.
        (
            "các cơ quan, đơn vị: Văn phòng UBND tỉnh; các Sở: Tài chính, Tư pháp, Thông tin và Truyền thông, Khoa học và Công nghệ",
            &["HT-VPUB", "HT-STC", "HT-STP", "HT-STTTT", "HT-SKHCN"],
        ),
        (
            "Các Sở, ngành: Nội vụ, Tư pháp, Tài chính, Thông tin và Truyền thông, Kế hoạch và Đầu tư, Khoa học và Công nghệ, Văn phòng UBND tỉnh",
            &["HT-SNV", "HT-STP", "HT-STC", "HT-STTTT", "HT-SKHDT", "HT-SKHCN", "HT-VPUB"],
        ),
        ("Ban Chỉ đạo CCHC tỉnh", &["?Ban Chỉ đạo CCHC tỉnh"]),
        (
            "Giám đốc các Sở, Thủ trưởng các ban, ngành cấp tỉnh; Chủ tịch UBND cấp huyện, Chủ tịch UBND cấp xã",
            dept_dist_comm,
        ),
        ("Các cơ quan Trung ương đóng trên địa bàn tỉnh", &["@central_agencies"]),
        ("Đài Phát thanh - Truyền hình tỉnh, Báo Hà Tĩnh", &["HT-DPTTH", "HT-BAO"]),
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc và các tổ chức đoàn thể cấp tỉnh",
            &["HT-UBMTTQ", "?các tổ chức đoàn thể cấp tỉnh"],
        ),
    ];
    check(&f, Some("HT"), (2024, 12, 31), cases);
}

/// Seed 003: Bình Định CCHC plan 2025 (December 2024) — Phụ lục 1 (monitoring and
/// implementing units), Phụ lục 2 (lead and coordinating bodies), section V.
#[test]
fn seed_003_binh_dinh_plan_2025() {
    let f = fixture();
    let cases: &[(&str, &[&str])] = &[
        ("Sở Nội vụ", &["BD-SNV"]),
        ("Sở Kế hoạch và Đầu tư", &["BD-SKHDT"]),
        ("Sở Thông tin và Truyền thông", &["BD-STTTT"]),
        ("Văn phòng UBND tỉnh", &["BD-VPUB"]),
        ("Văn phòng Ủy ban nhân dân tỉnh", &["BD-VPUB"]),
        ("Sở Tư pháp", &["BD-STP"]),
        ("Sở Tài chính", &["BD-STC"]),
        ("Sở Thông tin và Truyền thông; Sở Nội vụ", &["BD-STTTT", "BD-SNV"]),
        ("Sở Nội vụ; Sở Thông tin và Truyền thông", &["BD-SNV", "BD-STTTT"]),
        ("Sở Nội vụ; Sở Kế hoạch và Đầu tư", &["BD-SNV", "BD-SKHDT"]),
        ("-", &[]),
        (
            "Các cơ quan Trung ương đóng trên địa bàn tỉnh; Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh; UBND cấp huyện, cấp xã",
            &["@central_agencies", "@departments", "BD-BQLKKT", "@districts", "@communes"],
        ),
        (
            "Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh; UBND, HĐND cấp huyện, cấp xã",
            &["@departments", "BD-BQLKKT", "@districts", "@communes"],
        ),
        (
            "Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh; UBND cấp huyện, cấp xã",
            &["@departments", "BD-BQLKKT", "@districts", "@communes"],
        ),
        ("Các cơ quan chuyên môn thuộc tỉnh, Ban Quản lý Khu kinh tế tỉnh", &["@departments", "BD-BQLKKT"]),
        ("Các sở, ngành thuộc tỉnh; UBND cấp huyện", &["@departments", "@districts"]),
        ("Các sở, ngành thuộc tỉnh; UBND cấp huyện, UBND cấp xã", &["@departments", "@districts", "@communes"]),
        (
            "Các sở, ngành thuộc tỉnh; UBND cấp huyện, UBND cấp xã và các đơn vị liên quan",
            &["@departments", "@districts", "@communes", "@related"],
        ),
        ("Các cơ quan, đơn vị thuộc và trực thuộc UBND tỉnh; các cơ quan liên quan", &["@departments", "@related"]),
        ("UBND cấp huyện, UBND cấp xã", &["@districts", "@communes"]),
        (
            "Cán bộ, công chức, viên chức, lao động hợp đồng của các sở, ngành thuộc tỉnh; UBND cấp huyện, UBND cấp xã và các đơn vị sự nghiệp trên địa bàn tỉnh",
            &["@departments", "@districts", "@communes", "?các đơn vị sự nghiệp trên địa bàn tỉnh"],
        ),
        (
            "Văn phòng UBND tỉnh và các sở, ban, ngành; UBND các huyện, thị xã, thành phố",
            &["BD-VPUB", "@departments", "@districts"],
        ),
        ("Các sở, ban, ngành; UBND cấp huyện", &["@departments", "@districts"]),
        ("Các sở, ban, ngành; UBND cấp huyện,", &["@departments", "@districts"]),
        ("Các sở, ban, ngành; UBND cấp huyện, cấp xã", &["@departments", "@districts", "@communes"]),
        ("Các sở, ngành, địa phương", &["@departments", "@local_governments"]),
        ("Ban Thường vụ Tỉnh đoàn; các sở, ngành, địa phương", &["BD-TINHDOAN", "@departments", "@local_governments"]),
        ("Các cơ quan liên quan", &["@related"]),
        ("Các sở, ngành liên quan", &["@related"]),
        ("Sở Xây dựng, UBND thị xã Hoài Nhơn", &["BD-SXD", "BD-TX-HOAINHON"]),
        ("Sở Nội vụ, các cơ quan liên quan", &["BD-SNV", "@related"]),
        ("Sở, ban, ngành và UBND các huyện, thị xã, thành phố", &["@departments", "@districts"]),
        ("Các sở, ngành; các cơ quan, đơn vị có liên quan", &["@departments", "@related"]),
        ("Sở Thông tin và Truyền thông và các cơ quan, đơn vị liên quan", &["BD-STTTT", "@related"]),
        (
            "Thủ trưởng các cơ quan Trung ương đóng trên địa bàn tỉnh, các sở, ban, ngành thuộc tỉnh; Chủ tịch UBND các huyện thị xã, thành phố",
            &["@central_agencies", "@departments", "@districts"],
        ),
        (
            "Báo Bình Định, Đài Phát thanh và Truyền hình Bình Định, Cổng Thông tin điện tử tỉnh",
            &["BD-BAO", "BD-DPTTH", "BD-CTTDT"],
        ),
    ];
    check(&f, Some("BD"), (2024, 12, 31), cases);
}

/// Seed 004: Thông báo 5016/TB-VPUBND of Hòa Bình, 17/05/2025 (after the March merges) —
/// the agency opening each paragraph.
#[test]
fn seed_004_hoa_binh_conclusion_notice() {
    let f = fixture();
    let cases: &[(&str, &[&str])] = &[
        ("Các Sở, Ban, ngành, Ủy ban nhân dân các cấp", &["@departments", "@local_governments"]),
        ("Văn phòng Ủy ban nhân dân tỉnh", &["HB-VPUB"]),
        ("Sở Tư pháp", &["HB-STP"]),
        ("Sở Nội vụ", &["HB-SNV"]),
        ("Sở Tài chính", &["HB-STC"]),
        ("Sở Khoa học và Công nghệ", &["HB-SKHCN"]),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", &["HB-TINHDOAN"]),
        ("Bưu điện tỉnh", &["HB-BUUDIEN"]),
        ("Các Sở Tài chính, Nội vụ, Nông nghiệp và Môi trường", &["HB-STC", "HB-SNV", "HB-SNNMT"]),
        ("Báo Hòa Bình, Cổng Thông tin điện tử tỉnh", &["HB-BAO", "HB-CTTDT"]),
        ("Các Sở, Ban, ngành khác", &["@departments {khác}"]),
        (
            "Giao các Sở Nội vụ, Tài chính, Y tế, Khoa học và Công nghệ, Xây dựng, Tư pháp, Giáo dục và Đào tạo, Công Thương, Nông nghiệp và Môi trường, Văn phòng UBND tỉnh, Thanh tra tỉnh, Công an tỉnh",
            &[
                "HB-SNV", "HB-STC", "HB-SYT", "HB-SKHCN", "HB-SXD", "HB-STP", "HB-SGDDT", "HB-SCT", "HB-SNNMT",
                "HB-VPUB", "HB-TTR", "HB-CA",
            ],
        ),
        ("Yêu cầu Uỷ ban nhân dân các cấp", &["@local_governments"]),
        (
            "Các cơ quan, đơn vị, địa phương được giao nhiệm vụ nêu trên",
            &["@all_units {được giao nhiệm vụ nêu trên}"],
        ),
        ("Sở Thông tin và Truyền thông", &["HB-SKHCN<"]),
    ];
    check(&f, Some("HB"), (2025, 5, 17), cases);
}

/// Sample 05: Kế hoạch 552/KH-UBND of Đồng Tháp, 19/11/2025 — appendix CHỦ TRÌ / PHỐI HỢP
/// columns and section V.
#[test]
fn sample_05_dong_thap_plan() {
    let f = fixture();
    let related: &[&str] = &["@related"];
    let cases: &[(&str, &[&str])] = &[
        ("Sở Tài chính", &["DT-STC"]),
        ("Sở Khoa học và Công nghệ", &["DT-SKHCN"]),
        ("Sở Công Thương", &["DT-SCT"]),
        ("Sở Nông nghiệp và Môi trường", &["DT-SNNMT"]),
        ("Sở Văn hoá Thể thao du lịch", &["DT-SVHTTDL"]),
        ("Sở Giáo dục và Đào tạo", &["DT-SGDDT"]),
        ("Ban Quản lý khu Kinh tế", &["DT-BQLKKT"]),
        ("Liên hiệp các Hội Khoa học và Kỹ thuật", &["DT-LHHKHKT"]),
        ("Hiệp hội Doanh nghiệp", &["DT-HHDN"]),
        ("Sở, ban, ngành có liên quan", related),
        ("Sở Công Thương; Ban Quản lý khu Kinh tế tỉnh Đồng Tháp", &["DT-SCT", "DT-BQLKKT"]),
        ("Viện, Trường; Doanh nghiệp, Sở, ban, ngành có liên quan", &["?Viện", "?Trường", "?Doanh nghiệp", "@related"]),
        ("Viện, Trường; Sở, ban, ngành có liên quan", &["?Viện", "?Trường", "@related"]),
        ("Viện, Trường; Doanh nghiệp; Sở, ban, ngành có liên quan", &["?Viện", "?Trường", "?Doanh nghiệp", "@related"]),
        ("Doanh nghiệp; Sở, ban, ngành có liên quan", &["?Doanh nghiệp", "@related"]),
        ("Doanh nghiệp, Sở, ban, ngành có liên quan", &["?Doanh nghiệp", "@related"]),
        ("Doanh nghiệp", &["?Doanh nghiệp"]),
        ("Các sở, ban, ngành Tỉnh", &["@departments"]),
        ("Ủy ban nhân dân xã, phường", &["@communes"]),
        (
            "Các sở, ban, ngành, Ủy ban nhân dân xã, phường và các đơn vị liên quan",
            &["@departments", "@communes", "@related"],
        ),
    ];
    check(&f, Some("DT"), (2025, 11, 19), cases);
}

/// Sample 07: Quyết định 2820/QĐ-UBND of TP. Hồ Chí Minh, 19/11/2025 — appendix lead and
/// coordinating columns (cells wrap lines; one merged cell holds two activities) and IV.
#[test]
fn sample_07_ho_chi_minh_decision() {
    let f = fixture();
    let all: &[&str] = &["@departments", "@communes"];
    let cases: &[(&str, &[&str])] = &[
        ("Sở Tài chính", &["HCM-STC"]),
        ("Sở Khoa học và Công nghệ", &["HCM-SKHCN"]),
        ("Trung tâm Chuyển đổi số Thành phố", &["HCM-TTCDS"]),
        ("Công an Thành phố", &["HCM-CA"]),
        ("Các sở, ngành", &["@departments"]),
        ("Các sở, ngành, UBND xã, phường, đặc khu", all),
        ("UBND xã, phường, đặc khu", &["@communes"]),
        (
            "Sở Khoa học và Công nghệ, các sở, ngành, UBND xã, phường, đặc khu",
            &["HCM-SKHCN", "@departments", "@communes"],
        ),
        (
            "Sở Tài chính, Sở Khoa học và Công nghệ, các sở, ngành, UBND xã, phường,\nđặc khu",
            &["HCM-STC", "HCM-SKHCN", "@departments", "@communes"],
        ),
        ("Sở Nội vụ, các sở, ngành, UBND xã, phường, đặc khu", &["HCM-SNV", "@departments", "@communes"]),
        (
            "Sở Tài chính, Sở Nội vụ, các sở, ngành, UBND xã, phường, đặc khu",
            &["HCM-STC", "HCM-SNV", "@departments", "@communes"],
        ),
        ("Các sở, ngành, UBND xã, phường, đặc khu\nSở Tài chính", &["@departments", "@communes", "HCM-STC"]),
        ("Sở Tài chính\nCác sở, ngành, UBND xã, phường, đặc khu", &["HCM-STC", "@departments", "@communes"]),
        ("Sở Khoa học và Công nghệ, Trung tâm Chuyển đổi số Thành phố", &["HCM-SKHCN", "HCM-TTCDS"]),
        ("Sở Khoa học và Công nghệ, Công an Thành phố", &["HCM-SKHCN", "HCM-CA"]),
        ("Sở Khoa học và Công nghệ, Viện Nghiên cứu phát triển Thành phố", &["HCM-SKHCN", "HCM-VNCPT"]),
        ("Sở Tài chính (cơ quan chủ trì)", &["HCM-STC {cơ quan chủ trì}"]),
        ("Sở Khoa học và Công nghệ, Sở Nội vụ", &["HCM-SKHCN", "HCM-SNV"]),
        ("Công An Thành phố, Bộ Tư lệnh Thành phố", &["HCM-CA", "HCM-BTL"]),
        ("Các sở ngành liên quan, Viện Nghiên cứu phát triển Thành phố", &["@related", "HCM-VNCPT"]),
        ("Ủy ban nhân dân phường, xã, đặc khu", &["@communes"]),
    ];
    check(&f, Some("HCM"), (2025, 11, 19), cases);
}

/// Sample 10: Thông báo 659/TB-VPCP, 29/11/2025 — a national notice (no province).
#[test]
fn sample_10_government_notice() {
    let f = fixture();
    let cases: &[(&str, &[&str])] = &[
        (
            "Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
            &["@ministries"],
        ),
        ("Bộ Tư pháp", &["TW-BTP"]),
        ("Bộ Tài chính", &["TW-BTC"]),
        ("Văn phòng Chính phủ", &["TW-VPCP"]),
        ("các Bộ, cơ quan liên quan", &["@related"]),
        ("Bộ Tư pháp và các cơ quan liên quan", &["TW-BTP", "@related"]),
        ("Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ", &["@ministries"]),
        (
            "các Bộ, cơ quan: Quốc phòng, Ngoại giao, Nội vụ, Công Thương, Tài chính, Xây dựng, Y tế, Công an, Khoa học và Công nghệ, Nông nghiệp và Môi trường, Giáo dục và Đào tạo, Ngân hàng Nhà nước, Thanh tra Chính phủ",
            &[
                "TW-BQP", "TW-BNG", "TW-BNV", "TW-BCT", "TW-BTC", "TW-BXD", "TW-BYT", "TW-BCA", "TW-BKHCN", "TW-BNNMT",
                "TW-BGDDT", "TW-NHNN", "TW-TTCP",
            ],
        ),
        ("Bộ Thông tin và Truyền thông", &["TW-BKHCN<"]),
        ("Sở Nội vụ", &["??Sở Nội vụ"]),
    ];
    check(&f, None, (2025, 11, 29), cases);
}

/// The province of each document's place line.
#[test]
fn document_provinces() {
    let f = fixture();
    let cases: &[(&str, Option<&str>)] = &[
        ("Hà Tĩnh, ngày 31 tháng 12 năm 2024", Some("HT")),
        ("Bình Định, ngày tháng năm 2024", Some("BD")),
        ("TỈNH ĐỒNG THÁP", Some("DT")),
        ("Đồng Tháp, ngày 19 tháng 11 năm 2025", Some("DT")),
        ("THÀNH PHỐ HỒ CHÍ MINH", Some("HCM")),
        ("Kết luận của Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình", Some("HB")),
        ("Hà Nội, ngày 29 tháng 11 năm 2025", None),
    ];
    for (text, want) in cases {
        assert_eq!(f.r.find_province(text), want.and_then(|c| f.id(c)), "{text}");
    }
}
