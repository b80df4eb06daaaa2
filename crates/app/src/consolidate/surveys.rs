//! The PAR INDEX and SIPAS parts of the consolidated report: the latest assessment round of the
//! report's year (or of the year before, assessed during it) and the year's latest SIPAS
//! campaign, from the functions their pages use (`crate::par::results`,
//! `crate::sipas::results`).

use cchc_domain::par::Standing;
use cchc_export::docx::{Block, HeadingLevel};
use cchc_export::{Cell, Column, Table};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};

use crate::accounts::ServiceError;
use crate::par::report::ranking_table;
use crate::par::RoundResults;
use crate::sipas::CampaignResults;

/// What the report says about the two surveys of `year`.
#[derive(Debug, Clone)]
pub struct Surveys {
    pub year: i32,
    pub par: Option<RoundResults>,
    pub sipas: Option<CampaignResults>,
}

/// The latest round of `year` (else of `year - 1`) and the latest campaign of `year` already
/// started on `today`, with their results.
pub async fn load(store: &dyn Store, year: i32, today: NaiveDate) -> Result<Surveys, ServiceError> {
    let round = store
        .rounds()
        .await?
        .into_iter()
        .filter(|r| r.year == year || r.year == year - 1)
        .max_by_key(|r| (r.year, r.id));
    let par = match round {
        Some(r) => Some(crate::par::results(store, r.id).await?),
        None => None,
    };
    let campaign = store
        .campaigns()
        .await?
        .into_iter()
        .filter(|c| (c.period_from.year() == year || c.period_to.year() == year) && c.period_from <= today)
        .max_by_key(|c| (c.period_to, c.id));
    let sipas = match campaign {
        Some(c) => Some(crate::sipas::results(store, c.id).await?),
        None => None,
    };
    Ok(Surveys { year, par, sipas })
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The best five and the last five of a ranked list (all of it up to ten).
fn ends(list: &[Standing]) -> Vec<Standing> {
    let ranked: Vec<Standing> = list.iter().filter(|s| s.rank.is_some()).cloned().collect();
    if ranked.len() <= 10 {
        return ranked;
    }
    ranked[..5].iter().chain(&ranked[ranked.len() - 5..]).cloned().collect()
}

fn par_section(s: &Surveys) -> (Vec<Block>, Vec<Table>) {
    let mut out = vec![Block::heading(HeadingLevel::Arabic, "Chỉ số cải cách hành chính (PAR INDEX)")];
    let Some(r) = &s.par else {
        out.push(Block::paragraph(&format!(
            "Chưa có đợt đánh giá Chỉ số cải cách hành chính của năm {} hoặc năm {}.",
            s.year,
            s.year - 1
        )));
        return (out, Vec::new());
    };
    let indices: Vec<f64> = r.lines.iter().filter_map(|l| l.standing.as_ref()?.index.map(|p| p.as_f64())).collect();
    let state = match r.round.approved_on {
        Some(d) => format!("đã được phê duyệt ngày {}", dmy(d)),
        None => "chưa được phê duyệt, kết quả tạm tính theo điểm tự đánh giá và thẩm định đến nay".into(),
    };
    if indices.is_empty() {
        out.push(Block::paragraph(&format!(
            "Đợt đánh giá \"{}\" (năm {}) {state}; chưa cơ quan, đơn vị nào trong {} đơn vị được đánh giá có kết quả.",
            r.round.name,
            r.round.year,
            r.lines.len()
        )));
        return (out, Vec::new());
    }
    let avg = indices.iter().sum::<f64>() / indices.len() as f64;
    // Classes from the best index down, each with its number of units.
    let mut standings: Vec<&Standing> = r.lines.iter().filter_map(|l| l.standing.as_ref()).collect();
    standings.sort_by_key(|s| std::cmp::Reverse(s.index));
    let mut classes: Vec<(String, usize)> = Vec::new();
    for c in standings.iter().filter_map(|s| s.class.clone()) {
        match classes.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => classes.push((c, 1)),
        }
    }
    let classes: Vec<String> = classes.into_iter().map(|(c, n)| format!("{c}: {n}")).collect();
    out.push(Block::paragraph(&format!(
        "Đợt đánh giá \"{}\" (năm {}) {state}: {} trên {} cơ quan, đơn vị có kết quả; Chỉ số trung bình {}%{}. \
         Xếp hạng theo nhóm dưới đây (năm đơn vị đầu và năm đơn vị cuối của nhóm đông hơn mười đơn vị); bảng đầy đủ \
         tại Phụ lục (nguồn: /par/rounds/{}).",
        r.round.name,
        r.round.year,
        indices.len(),
        r.lines.len(),
        cchc_export::table::vn_number(avg, 2),
        if classes.is_empty() { String::new() } else { format!("; xếp loại {}", classes.join(", ")) },
        r.round.id,
    )));
    let mut annex = Vec::new();
    for (_, label, list) in &r.groups {
        let shown = ends(list);
        if shown.is_empty() {
            continue;
        }
        out.push(Block::Table(ranking_table(label, &shown)));
        let mut full = ranking_table(label, list);
        full.sheet = format!("PAR {label}");
        annex.push(full);
    }
    (out, annex)
}

fn pct(p: Option<cchc_domain::par::Points>) -> String {
    p.map(|p| p.to_string()).unwrap_or_else(|| "—".into())
}

fn sipas_section(s: &Surveys) -> (Vec<Block>, Vec<Table>) {
    let mut out = vec![Block::heading(HeadingLevel::Arabic, "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")];
    let Some(c) = &s.sipas else {
        out.push(Block::paragraph(&format!("Chưa có đợt khảo sát SIPAS nào trong năm {}.", s.year)));
        return (out, Vec::new());
    };
    let head = format!(
        "Đợt khảo sát \"{}\" (từ {} đến {})",
        c.campaign.name,
        dmy(c.campaign.period_from),
        dmy(c.campaign.period_to)
    );
    let Some(all) = &c.overall else {
        out.push(Block::paragraph(&format!("{head}: chưa có phiếu hợp lệ nên chưa tính được Chỉ số SIPAS.")));
        return (out, Vec::new());
    };
    let below = c.units.iter().filter(|u| u.below_plan).count();
    out.push(Block::paragraph(&format!(
        "{head}: {} phiếu hợp lệ; Chỉ số SIPAS chung {}%{}. Tỷ lệ hài lòng theo từng yếu tố tại bảng dưới đây; \
         kết quả từng cơ quan, đơn vị ({} đơn vị, {below} đơn vị chưa đủ số phiếu theo kế hoạch) tại Phụ lục \
         (nguồn: /sipas/campaigns/{}).",
        all.respondents,
        pct(all.index.percent),
        if all.index.insufficient { " (chưa đủ số phiếu tối thiểu)" } else { "" },
        c.units.len(),
        c.campaign.id,
    )));
    let mut factors = Table::new(
        "SIPAS yếu tố",
        "TỶ LỆ HÀI LÒNG THEO YẾU TỐ (SIPAS)",
        vec![
            Column::new("Mã", 8.0),
            Column::new("Yếu tố", 56.0),
            Column::new("Tỷ lệ hài lòng (%)", 14.0),
            Column::new("Số người trả lời", 14.0),
        ],
    );
    for f in &all.factors {
        factors.push(vec![
            f.code.clone().into(),
            f.title.clone().into(),
            pct(f.share.percent).into(),
            Cell::Int(f.share.respondents as i64),
        ]);
    }
    out.push(Block::Table(factors.clone()));
    let mut units = Table::new(
        "SIPAS đơn vị",
        "CHỈ SỐ SIPAS CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        vec![
            Column::new("Cơ quan, đơn vị", 50.0),
            Column::new("Số phiếu", 12.0),
            Column::new("Kế hoạch", 12.0),
            Column::new("Chỉ số SIPAS (%)", 14.0),
        ],
    );
    for u in &c.units {
        units.push(vec![
            u.unit_name.clone().into(),
            Cell::Int(u.responses),
            Cell::Int(u.quota),
            pct(u.result.as_ref().and_then(|r| r.index.percent)).into(),
        ]);
    }
    (out, vec![factors, units])
}

/// The Arabic subsections on PAR INDEX and SIPAS, and their annex tables.
pub fn section(s: &Surveys) -> (Vec<Block>, Vec<Table>) {
    let (mut blocks, mut tables) = par_section(s);
    let (b, t) = sipas_section(s);
    blocks.extend(b);
    tables.extend(t);
    (blocks, tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(rank: Option<u32>) -> Standing {
        Standing {
            unit: rank.unwrap_or(0) as i64,
            name: format!("Đơn vị {rank:?}"),
            points: None,
            index: None,
            class: None,
            rank,
            tied: false,
            change: None,
            rank_change: None,
        }
    }

    #[test]
    fn without_a_round_or_a_campaign_each_part_says_so() {
        let (b, t) = section(&Surveys { year: 2026, par: None, sipas: None });
        assert!(t.is_empty());
        let text: Vec<String> = b
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(r) => Some(r[0].text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            text,
            vec![
                "Chưa có đợt đánh giá Chỉ số cải cách hành chính của năm 2026 hoặc năm 2025.".to_string(),
                "Chưa có đợt khảo sát SIPAS nào trong năm 2026.".to_string(),
            ]
        );
    }

    #[test]
    fn long_rankings_show_their_two_ends_and_leave_out_the_unranked() {
        let list: Vec<Standing> = (1..=12).map(Some).chain([None]).map(standing).collect();
        let shown: Vec<Option<u32>> = ends(&list).iter().map(|s| s.rank).collect();
        assert_eq!(shown, [1, 2, 3, 4, 5, 8, 9, 10, 11, 12].map(Some).to_vec());
        assert_eq!(ends(&list[..4]).len(), 4);
    }
}
