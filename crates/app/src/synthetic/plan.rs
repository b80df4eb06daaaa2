//! One synthetic plan per year: the eight PAR areas, targets, and thousands of tasks with lead
//! and coordinating units and deadlines of every kind (fixed dates, periods, recurring,
//! event-triggered), written as plans write them and read by the same deadline parser.

use std::collections::{HashMap, HashSet};

use cchc_domain::budget::{parse_budget, AmountUnit};
use cchc_domain::deadline::{parse_deadline, Deadline};
use cchc_domain::plan::{
    AreaScope, Assignment, DocumentKind, DocumentMeta, PlanArea, PlanContent, PlanTarget, PlanTask, Source,
    TargetLevel, TargetValue, ValueUnit,
};
use cchc_domain::unit::{Unit, UnitKind};
use cchc_storage::model::NewInstance;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::names::{Rng, AREAS, ISSUER, OUTPUTS, PROVINCE_NAME, TASK_OBJECTS, TASK_VERBS};
use super::org::OrgIndex;
use crate::tracking::{instances_for, TrackingConfig};

/// A year's plan and the instances of its tasks.
pub struct YearPlan {
    pub content: PlanContent,
    pub instances: Vec<Vec<NewInstance>>,
}

/// The day the plan for `year` is issued (late December of the year before).
pub fn issued_on(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year - 1, 12, 26).unwrap_or_default()
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// A deadline cell as plans write it, of a kind drawn with realistic weights.
fn deadline_text(year: i32, rng: &mut Rng) -> String {
    let r = rng.unit();
    let month = rng.range(1, 12);
    if r < 0.20 {
        format!("trước ngày {}/{month}/{year}", rng.range(1, 28))
    } else if r < 0.60 {
        match rng.index(6) {
            0 | 1 => format!("Quý {}/{year}", ROMAN[rng.index(4)]),
            2 => format!("Tháng {month}/{year}"),
            3 => format!("6 tháng đầu năm {year}"),
            4 => format!("Quý II, III/{year}"),
            _ => format!("Năm {year}"),
        }
    } else if r < 0.90 {
        let recurring =
            ["Thường xuyên", "Thường xuyên", "Hằng quý", "Hằng quý", "Định kỳ 6 tháng", "Hằng năm", "Hằng tháng"];
        rng.pick(&recurring).to_string()
    } else if rng.chance(0.6) {
        format!("Sau khi Bộ Nội vụ công bố Chỉ số cải cách hành chính năm {}", year - 1)
    } else {
        "Theo Kế hoạch của Bộ Nội vụ".to_string()
    }
}

fn assignment(units: &[&Unit]) -> Assignment {
    Assignment {
        text: units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("; "),
        unit_ids: units.iter().map(|u| u.id).collect(),
        names: units.iter().map(|u| u.name.clone()).collect(),
        unresolved: Vec::new(),
        groups: Vec::new(),
        external: Vec::new(),
    }
}

/// Who may lead on the day the plan is issued, by kind, with the share of tasks each gets.
struct Pools<'a> {
    kinds: Vec<(f64, Vec<&'a Unit>)>,
    departments: Vec<&'a Unit>,
}

impl<'a> Pools<'a> {
    fn new(org: &'a OrgIndex, day: NaiveDate) -> Pools<'a> {
        let departments = org.active(UnitKind::Department, day);
        let kinds = vec![
            (0.40, departments.clone()),
            (0.15, org.active(UnitKind::District, day)),
            (0.35, org.active(UnitKind::Commune, day)),
            (0.05, org.active(UnitKind::Central, day)),
            (0.05, org.active(UnitKind::Other, day)),
        ];
        Pools { kinds, departments }
    }

    fn lead(&self, rng: &mut Rng) -> Option<&'a Unit> {
        let total: f64 = self.kinds.iter().filter(|(_, p)| !p.is_empty()).map(|(w, _)| w).sum();
        let mut r = rng.unit() * total;
        for (w, pool) in self.kinds.iter().filter(|(_, p)| !p.is_empty()) {
            if r < *w {
                return Some(*rng.pick(pool));
            }
            r -= w;
        }
        self.departments.first().copied()
    }
}

fn targets(year: i32, pools: &Pools) -> Vec<PlanTarget> {
    let snv: Vec<&Unit> = pools.departments.iter().filter(|u| u.code.ends_with("-SNV")).copied().collect();
    let texts = [
        ("I", "Kế hoạch cải cách hành chính được ban hành đúng thời hạn", 100.0),
        ("II", "Văn bản quy phạm pháp luật được rà soát, hệ thống hóa theo quy định", 100.0),
        ("III", "Hồ sơ thủ tục hành chính được giải quyết đúng hạn", 98.0),
        ("III", "Thủ tục hành chính được cung cấp dịch vụ công trực tuyến toàn trình", 80.0),
        ("V", "Cán bộ, công chức được bồi dưỡng kiến thức, kỹ năng theo vị trí việc làm", 90.0),
        ("VII", "Hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa", 90.0),
        ("VIII", "Mức độ hài lòng của người dân, doanh nghiệp", 90.0),
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, (area, text, value))| PlanTarget {
            code: format!("{}.{}", i / 3 + 1, i % 3 + 1),
            area: Some(area.to_string()),
            text: format!("{text} năm {year}"),
            target_text: Some(format!("{value}%")),
            values: vec![TargetValue {
                level: TargetLevel::All,
                number: *value,
                number_max: None,
                unit: ValueUnit::Percent,
                text: format!("{value}%"),
            }],
            monitoring: assignment(&snv),
            implementing: assignment(&pools.departments),
            source: Source::default(),
        })
        .collect()
}

/// `tasks` tasks of `year` spread over the areas, with their leads, coordinating units,
/// deadlines, outputs and budgets.
fn plan_tasks(year: i32, tasks: usize, pools: &Pools<'_>, rng: &mut Rng) -> Vec<PlanTask> {
    let mut parsed: HashMap<String, Deadline> = HashMap::new();
    let budgets = ["Theo dự toán được cấp", "50", "120", "0", "Ngân sách tỉnh", "Nguồn chi thường xuyên"];
    let mut per_area = [0usize; 8];
    let mut list = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let a = rng.index(AREAS.len());
        per_area[a] += 1;
        let Some(lead) = pools.lead(rng) else { break };
        let mut leads = vec![lead];
        if rng.chance(0.1) {
            if let Some(second) = pools.lead(rng).filter(|u| u.id != lead.id) {
                leads.push(second);
            }
        }
        let mut coordinating: Vec<&Unit> = Vec::new();
        for _ in 0..rng.range(0, 3) {
            let c = *rng.pick(&pools.departments);
            if !leads.iter().chain(&coordinating).any(|u| u.id == c.id) {
                coordinating.push(c);
            }
        }
        let text = deadline_text(year, rng);
        let deadline = parsed.entry(text.clone()).or_insert_with(|| parse_deadline(&text, Some(year))).clone();
        let verbs = TASK_VERBS.get(a).copied().unwrap_or(TASK_VERBS[0]);
        let title = format!("{} {} năm {year}", rng.pick(verbs), rng.pick(TASK_OBJECTS));
        list.push(PlanTask {
            code: format!("{}.{}", AREAS[a].0, per_area[a]),
            parent: None,
            after: None,
            area: Some(AREAS[a].0.to_string()),
            objective: None,
            title,
            activities: Vec::new(),
            outputs: vec![rng.pick(OUTPUTS).to_string()],
            lead: assignment(&leads),
            coordinating: assignment(&coordinating),
            deadline,
            milestones: Vec::new(),
            budget: parse_budget(rng.pick::<&str>(&budgets), AmountUnit::Million),
            source: Source::default(),
        });
    }
    list
}

/// The plan of `year` with `tasks` tasks, and its instances (with work handed to successors
/// of units that ended, and dropped where a unit was dissolved).
pub fn build_year(
    year: i32,
    tasks: usize,
    org: &OrgIndex,
    cfg: &TrackingConfig,
    today: NaiveDate,
    seed: u64,
    rng: &mut Rng,
) -> YearPlan {
    let issued = issued_on(year);
    let pools = Pools::new(org, issued);
    let list = plan_tasks(year, tasks, &pools, rng);
    let number = format!("{}/KH-UBND", 300 + (year - 2000) * 7);
    let sha = hex::encode(Sha256::digest(format!("cchc-synthetic:{seed}:{year}").as_bytes()));
    let content = PlanContent {
        meta: DocumentMeta {
            kind: DocumentKind::Plan,
            number: Some(number),
            date: Some(issued),
            issuer: Some(ISSUER.into()),
            title: Some(format!("Kế hoạch cải cách hành chính năm {year} của {PROVINCE_NAME}")),
            plan_year: Some(year),
            province_id: Some(org.province),
            file_name: format!("ke-hoach-cchc-{year}-tong-hop.txt"),
            format: "text".into(),
            sha256: sha,
        },
        areas: AREAS
            .iter()
            .map(|(code, title)| PlanArea {
                code: code.to_string(),
                title: title.to_string(),
                parent: None,
                scope: AreaScope::Tasks,
                source: Source::default(),
            })
            .collect(),
        targets: targets(year, &pools),
        tasks: list,
        warnings: Vec::new(),
    };
    // A fresh database has the built-in working-day calendar in force.
    let days = cchc_domain::tracking::WorkCalendar::new(&cchc_domain::tracking::workdays::sample_days());
    let instances = instances_for(&content, cfg, &days, Default::default(), today)
        .into_iter()
        .map(|specs| hand_over(specs, org))
        .collect();
    YearPlan { content, instances }
}

/// Moves each instance to the unit that carries its lead's work when it falls due; drops it
/// when the lead was dissolved by then; keeps one instance per (period, lead).
fn hand_over(specs: Vec<NewInstance>, org: &OrgIndex) -> Vec<NewInstance> {
    let mut seen = HashSet::new();
    specs
        .into_iter()
        .filter_map(|mut s| {
            if let (Some(lead), Some(day)) = (s.lead_unit_id, s.due.or(s.period_end)) {
                s.lead_unit_id = Some(org.carrier(lead, day)?);
            }
            seen.insert((s.key.clone(), s.lead_unit_id)).then_some(s)
        })
        .collect()
}
