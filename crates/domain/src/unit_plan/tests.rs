//! Link suggestion and coverage, table-driven.

use super::*;

/// (text, expected (area, code) citations).
type CitationCase<'a> = (&'a str, &'a [(Option<&'a str>, &'a str)]);
/// (assigned, links, covered, uncovered).
type CoverageCase<'a> = (&'a [TaskId], &'a [(TaskId, TaskId)], usize, &'a [TaskId]);

fn p(id: TaskId, area: &str, code: &str, title: &str) -> ProvinceTask {
    ProvinceTask { id, code: code.into(), area: Some(area.into()), title: title.into() }
}

fn province() -> Vec<ProvinceTask> {
    vec![
        p(1, "II", "2.1", "Ban hành các văn bản quy phạm pháp luật để quy định chi tiết các nội dung được giao"),
        p(2, "II", "2.2", "Nâng cao chất lượng công tác xây dựng pháp luật"),
        p(3, "III", "2.1", "Xây dựng dự thảo ban hành Kế hoạch kiểm soát thủ tục hành chính"),
        p(4, "II", "2.14", "Tổ chức phổ biến, giáo dục pháp luật cho cán bộ, công chức"),
        p(5, "VI", "2.3", "Đẩy mạnh chuyển đổi số, số hóa hồ sơ"),
    ]
}

#[test]
fn citations_are_read_with_and_without_diacritics_and_areas() {
    let cases: &[CitationCase] = &[
        ("Triển khai (nhiệm vụ 2.14 Kế hoạch 3098/QĐ-UBND)", &[(None, "2.14")]),
        ("theo nhiem vu so 2.1, 2.2 muc II.", &[(Some("II"), "2.1"), (Some("II"), "2.2")]),
        ("NV 2.1 và 2.3; nhiệm vụ 4", &[(None, "2.1"), (None, "2.3"), (None, "4")]),
        ("Nhiệm vụ trọng tâm năm 2026", &[]),
        ("Nhiệm vụ 2.1 phần III: ...", &[(Some("III"), "2.1")]),
    ];
    for (text, want) in cases {
        let got = cited_codes(text);
        let want: Vec<(Option<String>, String)> =
            want.iter().map(|(a, c)| (a.map(str::to_string), c.to_string())).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn similarity_ignores_diacritics_case_and_filler_words() {
    let a = "Nâng cao chất lượng công tác xây dựng pháp luật";
    assert!((similarity(a, "NANG CAO CHAT LUONG CONG TAC XAY DUNG PHAP LUAT") - 1.0).abs() < 1e-9);
    assert!(similarity(a, "Nâng cao chất lượng xây dựng văn bản pháp luật của Sở") > 0.6);
    assert!(similarity(a, "Đẩy mạnh chuyển đổi số") < 0.2);
    assert_eq!(similarity("", a), 0.0);
    assert_eq!(similarity("của và các", a), 0.0, "only filler words");
}

#[test]
fn a_cited_code_wins_and_an_ambiguous_code_takes_the_closest_title() {
    let pv = province();
    // 2.14 is unique.
    let s = suggest("Phổ biến pháp luật năm 2026 (nhiệm vụ 2.14)", "", &pv);
    assert_eq!(s.iter().map(|x| (x.province_task, x.reason)).collect::<Vec<_>>(), [(4, SuggestReason::CitedCode)]);
    // 2.1 exists in areas II and III: the title decides.
    let s = suggest("Xây dựng dự thảo kế hoạch kiểm soát thủ tục hành chính của Sở", "nhiệm vụ 2.1", &pv);
    assert_eq!(s.iter().map(|x| x.province_task).collect::<Vec<_>>(), [3]);
    // …unless the citation names the area.
    let s = suggest("Xây dựng dự thảo kế hoạch kiểm soát thủ tục hành chính", "nhiệm vụ 2.1 mục II", &pv);
    assert_eq!(s.iter().map(|x| x.province_task).collect::<Vec<_>>(), [1]);
    // A cited code that is not assigned to the unit suggests nothing by code, and falls back to titles.
    let s = suggest("Nâng cao chất lượng công tác xây dựng pháp luật", "nhiệm vụ 9.9", &pv);
    assert_eq!(s.iter().map(|x| (x.province_task, x.reason)).collect::<Vec<_>>(), [(2, SuggestReason::SimilarTitle)]);
}

#[test]
fn without_a_citation_only_similar_titles_are_suggested() {
    let pv = province();
    let s = suggest("Đẩy mạnh chuyển đổi số, số hóa hồ sơ tại Sở", "", &pv);
    assert_eq!(s.iter().map(|x| x.province_task).collect::<Vec<_>>(), [5]);
    assert!(suggest("Tổ chức hội nghị tổng kết công tác thi đua", "", &pv).is_empty());
    assert!(suggest("Anything", "", &[]).is_empty());
}

#[test]
fn coverage_counts_each_assigned_task_once_and_flags_the_rest() {
    let cases: &[CoverageCase] = &[
        (&[1, 2, 3], &[(10, 1), (11, 1), (12, 3)], 2, &[2]),
        (&[1, 2], &[], 0, &[1, 2]),
        (&[], &[(10, 1)], 0, &[]),
        // A link to a task not assigned to the unit does not count; duplicates are one.
        (&[1, 1, 2], &[(10, 9), (10, 2), (10, 2)], 1, &[1]),
    ];
    for (assigned, links, covered, uncovered) in cases {
        let c = coverage(assigned, links);
        assert_eq!(c.covered, *covered, "{assigned:?} {links:?}");
        assert_eq!(c.total, c.rows.len());
        assert_eq!(c.uncovered().collect::<Vec<_>>(), *uncovered, "{assigned:?} {links:?}");
    }
    let c = coverage(&[1], &[(10, 1), (11, 1), (10, 1)]);
    assert_eq!(c.rows[0].covered_by, [10, 11]);
}

#[test]
fn unit_plans_have_their_own_identity_per_unit() {
    let meta = DocumentMeta {
        kind: crate::plan::DocumentKind::Plan,
        number: Some("12/KH-STP".into()),
        date: None,
        issuer: Some("Sở Tư pháp".into()),
        title: None,
        plan_year: Some(2026),
        province_id: None,
        file_name: "kh.txt".into(),
        format: "text".into(),
        sha256: "x".into(),
    };
    assert_ne!(identity(1, &meta), identity(2, &meta));
    assert_ne!(identity(1, &meta), meta.identity());
    assert!(identity(1, &meta).ends_with(&meta.identity()));
}
