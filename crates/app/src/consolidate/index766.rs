//! The index-766 part of the consolidated report (Bộ chỉ số phục vụ người dân, doanh nghiệp,
//! Quyết định 766/QĐ-TTg): the score of the province for the report's period, each indicator
//! group, and the units ranked (the five best and the five last), from the overview the
//! `/kpi` page shows (`crate::kpi::overview`).

use cchc_domain::text::fold;
use cchc_domain::unit::{Unit, UnitKind};
use cchc_export::docx::{Block, HeadingLevel};
use cchc_export::table::vn_number;
use cchc_export::{Cell, Column, Table};

use crate::kpi::overview::{Overview, RankView};

/// What the report knows of index 766 for its period.
#[derive(Debug, Clone)]
pub enum Index766 {
    /// The reporting period is not a month, quarter, half or year, for which 766 is computed.
    NotComparable,
    /// The overview of the period (with or without dossiers).
    Computed(Box<Overview>),
}

/// The province the report speaks for: the only current province of the registry, or the one
/// whose name the issuer's parent line carries ("UBND TỈNH HÀ TĨNH" → "Tỉnh Hà Tĩnh"); `None`
/// lets the overview pick the province with the most dossiers.
pub fn province_root(units: &[Unit], issuer_parent: &str) -> Option<String> {
    let provinces: Vec<&Unit> = units.iter().filter(|u| u.kind == UnitKind::Province && u.valid_to.is_none()).collect();
    if let [only] = provinces.as_slice() {
        return Some(only.code.clone());
    }
    let parent = fold(issuer_parent);
    provinces.iter().find(|u| !u.name.trim().is_empty() && parent.contains(&fold(&u.name))).map(|u| u.code.clone())
}

/// The `/kpi` page showing the overview.
pub fn source(o: &Overview) -> String {
    let g = match o.period.as_str() {
        p if p.contains('Q') => "quarter",
        p if p.contains('H') => "half",
        p if p.contains('-') => "month",
        _ => "year",
    };
    format!("/kpi?unit={}&g={g}&p={}", o.root.code, o.period)
}

fn score(v: Option<f64>) -> String {
    v.map(|x| vn_number(x, 2)).unwrap_or_else(|| "—".into())
}

fn rank_table(title: &str, rows: &[&RankView]) -> Table {
    let mut t = Table::new(
        "Xếp hạng 766",
        title,
        vec![
            Column::new("Hạng", 8.0),
            Column::new("Cơ quan, đơn vị", 56.0),
            Column::new("Điểm", 12.0),
            Column::new("Xếp loại", 18.0),
        ],
    );
    for r in rows {
        t.push(vec![
            r.rank.map(|n| Cell::Int(n as i64)).unwrap_or(Cell::Text("—".into())),
            r.name.clone().into(),
            score(r.score).into(),
            r.band.clone().unwrap_or_default().into(),
        ]);
    }
    t
}

/// The indicator table for the annex: every indicator with its numerator and denominator.
fn indicators_table(o: &Overview) -> Table {
    let mut t = Table::new(
        "Chỉ số 766",
        "KẾT QUẢ BỘ CHỈ SỐ 766 THEO CHỈ TIÊU",
        vec![
            Column::new("Mã", 8.0),
            Column::new("Chỉ tiêu", 50.0),
            Column::new("Tử số", 10.0),
            Column::new("Mẫu số", 10.0),
            Column::new("Tỷ lệ (%)", 10.0),
            Column::new("Điểm", 10.0),
            Column::new("Điểm tối đa", 10.0),
        ],
    );
    t.subtitle.push(format!("{} — {}", o.root.name, o.period_label));
    for i in &o.indicators {
        t.push(vec![
            i.code.clone().into(),
            i.name.clone().into(),
            Cell::Int(i.numerator),
            Cell::Int(i.denominator),
            score(i.percent).into(),
            score(i.points).into(),
            vn_number(i.max_points, 2).into(),
        ]);
    }
    t
}

/// The blocks (an Arabic subsection) and the annex tables.
pub fn section(i: &Index766, period_label: &str) -> (Vec<Block>, Vec<Table>) {
    let mut out =
        vec![Block::heading(HeadingLevel::Arabic, "Bộ chỉ số phục vụ người dân, doanh nghiệp (Bộ chỉ số 766)")];
    let o = match i {
        Index766::NotComparable => {
            out.push(Block::paragraph(&format!(
                "Bộ chỉ số 766 được tính theo tháng, quý, 6 tháng và năm; {} không trùng với kỳ tính nào nên báo cáo \
                 không nêu điểm số (xem trang Chỉ số 766).",
                super::in_sentence(period_label)
            )));
            return (out, Vec::new());
        }
        Index766::Computed(o) => o,
    };
    let has_data = o.score.is_some() || o.ranking.iter().any(|r| r.score.is_some());
    if !has_data {
        out.push(Block::paragraph(&format!(
            "Chưa có số liệu hồ sơ thủ tục hành chính để tính Bộ chỉ số 766 của {} ({}), nên báo cáo không nêu \
             điểm số; khi dữ liệu hồ sơ của kỳ được nhập, điểm số hiển thị tại trang Chỉ số 766 (nguồn: {}).",
            o.root.name,
            super::in_sentence(&o.period_label),
            source(o)
        )));
        return (out, Vec::new());
    }
    let band = o.band.as_deref().map(|b| format!(", xếp loại {b}")).unwrap_or_default();
    let basis = o.methodology.as_ref().map(|m| format!(" theo {}", m.name)).unwrap_or_default();
    out.push(Block::paragraph(&format!(
        "Điểm Bộ chỉ số 766{basis} của {} trong {}: {} điểm{band}. Điểm của từng nhóm chỉ số tại bảng dưới đây; \
         tử số, mẫu số của từng chỉ tiêu tại Phụ lục (bảng \"Chỉ số 766\") (nguồn: {}).",
        o.root.name,
        super::in_sentence(&o.period_label),
        score(o.score),
        source(o)
    )));
    let mut groups = Table::new(
        "Nhóm chỉ số 766",
        "ĐIỂM CÁC NHÓM CHỈ SỐ 766",
        vec![
            Column::new("Mã", 8.0),
            Column::new("Nhóm chỉ số", 56.0),
            Column::new("Điểm", 14.0),
            Column::new("Điểm tối đa", 14.0),
        ],
    );
    for g in &o.groups {
        groups.push(vec![
            g.code.clone().into(),
            g.name.clone().into(),
            score(g.points).into(),
            vn_number(g.max_points, 2).into(),
        ]);
    }
    if !groups.rows.is_empty() {
        out.push(Block::Table(groups.clone()));
    }
    let ranked: Vec<&RankView> = o.ranking.iter().filter(|r| r.rank.is_some()).collect();
    let mut tables = vec![groups, indicators_table(o)];
    if ranked.is_empty() {
        out.push(Block::paragraph("Chưa có cơ quan, đơn vị trực thuộc nào có điểm để xếp hạng trong kỳ."));
    } else if ranked.len() <= 10 {
        out.push(Block::paragraph(&format!("Xếp hạng {} cơ quan, đơn vị trực thuộc có điểm trong kỳ:", ranked.len())));
        let t = rank_table("XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ THEO BỘ CHỈ SỐ 766", &ranked);
        out.push(Block::Table(t.clone()));
        tables.push(t);
    } else {
        out.push(Block::paragraph(&format!(
            "Có {} cơ quan, đơn vị trực thuộc được xếp hạng; năm đơn vị dẫn đầu và năm đơn vị cuối bảng dưới đây, \
             bảng xếp hạng đầy đủ tại Phụ lục (bảng \"Xếp hạng 766\").",
            ranked.len()
        )));
        out.push(Block::Table(rank_table("NĂM ĐƠN VỊ DẪN ĐẦU", &ranked[..5])));
        out.push(Block::Table(rank_table("NĂM ĐƠN VỊ CUỐI BẢNG", &ranked[ranked.len() - 5..])));
        tables.push(rank_table("XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ THEO BỘ CHỈ SỐ 766", &ranked));
    }
    (out, tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_without_766_says_so() {
        let (b, t) = section(&Index766::NotComparable, "9 tháng năm 2026");
        assert!(t.is_empty());
        assert!(matches!(&b[1], Block::Paragraph(r) if r[0].text.contains("9 tháng năm 2026 không trùng")));
    }

    fn overview(ranked: usize) -> Overview {
        use crate::kpi::overview::{GroupRow, UnitLink};
        let ranking = (1..=ranked)
            .map(|i| RankView {
                rank: Some(i as u32),
                code: format!("U{i}"),
                name: format!("Đơn vị {i}"),
                score: Some(100.0 - i as f64),
                band: Some("Tốt".into()),
            })
            .collect();
        Overview {
            root: UnitLink { code: "HT".into(), name: "Tỉnh Hà Tĩnh".into() },
            chain: Vec::new(),
            period: "2026-Q2".into(),
            period_label: "Quý 2/2026".into(),
            as_of: chrono::NaiveDateTime::default(),
            methodology: None,
            score: Some(87.5),
            band: Some("Tốt".into()),
            band_template: false,
            groups: vec![GroupRow {
                code: "A".into(),
                name: "Công khai, minh bạch".into(),
                points: Some(17.25),
                available_max: 18.0,
                max_points: 18.0,
                template: false,
            }],
            indicators: Vec::new(),
            ranking,
            trend: Vec::new(),
            periods: Vec::new(),
        }
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(r) => Some(r.iter().map(|r| r.text.clone()).collect()),
                Block::Table(t) => Some(t.title.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_score_groups_and_the_two_ends_of_the_ranking() {
        let (b, annex) = section(&Index766::Computed(Box::new(overview(12))), "Quý II/2026");
        let t = texts(&b);
        assert!(
            t[0].starts_with("Điểm Bộ chỉ số 766 của Tỉnh Hà Tĩnh trong quý 2/2026: 87,50 điểm, xếp loại Tốt."),
            "{t:?}"
        );
        assert!(t[0].contains("(nguồn: /kpi?unit=HT&g=quarter&p=2026-Q2)"), "{}", t[0]);
        assert!(t.contains(&"NĂM ĐƠN VỊ DẪN ĐẦU".to_string()) && t.contains(&"NĂM ĐƠN VỊ CUỐI BẢNG".to_string()));
        let ends: Vec<&Table> = b.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
        assert_eq!(ends.iter().map(|t| t.rows.len()).collect::<Vec<_>>(), vec![1, 5, 5]);
        assert_eq!(ends[2].rows[4][1], Cell::Text("Đơn vị 12".into()));
        let full = annex.iter().find(|t| t.sheet == "Xếp hạng 766").map(|t| t.rows.len());
        assert_eq!(full, Some(12), "the annex ranks every unit");
        let (b, _) = section(&Index766::Computed(Box::new(overview(4))), "Quý II/2026");
        assert!(texts(&b).iter().any(|p| p.starts_with("Xếp hạng 4 cơ quan")));
    }

    #[test]
    fn no_dossiers_means_a_sentence_and_no_figures() {
        let mut o = overview(3);
        o.score = None;
        o.ranking.iter_mut().for_each(|r| r.score = None);
        let (b, annex) = section(&Index766::Computed(Box::new(o)), "Quý II/2026");
        assert_eq!(b.len(), 2);
        assert!(annex.is_empty());
        assert!(texts(&b)[0].starts_with("Chưa có số liệu hồ sơ thủ tục hành chính"));
    }

    #[test]
    fn the_report_speaks_for_the_issuing_province() {
        let unit = |id: i64, code: &str, kind: UnitKind, name: &str| Unit {
            id,
            code: code.into(),
            kind,
            parent_id: None,
            name: name.into(),
            abbreviations: Vec::new(),
            aliases: Vec::new(),
            valid_from: None,
            valid_to: None,
            note: String::new(),
        };
        let ht = unit(1, "HT", UnitKind::Province, "Tỉnh Hà Tĩnh");
        let bd = unit(2, "BD", UnitKind::Province, "Tỉnh Bình Định");
        let dept = unit(3, "HT-SNV", UnitKind::Department, "Sở Nội vụ");
        assert_eq!(province_root(&[ht.clone(), dept.clone()], "").as_deref(), Some("HT"), "the only province");
        let all = [ht.clone(), bd.clone(), dept];
        assert_eq!(province_root(&all, "UBND TỈNH BÌNH ĐỊNH").as_deref(), Some("BD"));
        assert_eq!(province_root(&all, "SỞ NỘI VỤ"), None, "several, none named: the overview picks");
        let mut old = bd;
        old.valid_to = chrono::NaiveDate::from_ymd_opt(2025, 6, 30);
        assert_eq!(
            province_root(&[ht, old], "UBND TỈNH BÌNH ĐỊNH").as_deref(),
            Some("HT"),
            "a merged province is not current"
        );
    }
}
