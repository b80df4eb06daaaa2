//! The untimed part of `cchc bench surge`: N units in a fresh database, one plan with three
//! tasks led by each of them (due at the end of the year, not started), one focal-point
//! account per unit, and the report period the units submit for (a period of the reporting
//! calendar open today, else this year's unit plan).

use std::collections::HashMap;

use cchc_app::tracking::{config, instances_for, today};
use cchc_domain::budget::{parse_budget, AmountUnit};
use cchc_domain::deadline::parse_deadline;
use cchc_domain::plan::{Assignment, DocumentKind, DocumentMeta, PlanContent, PlanTask, Source};
use cchc_domain::role::Role;
use cchc_domain::unit::UnitKind;
use cchc_domain::user::Actor;
use cchc_storage::model::{InstanceFilter, NewUser};
use cchc_storage::traits_bulk::BulkUnit;
use cchc_storage::DynStore;
use chrono::{Datelike, NaiveDate};

/// Tasks each unit reports done.
pub const TASKS_PER_UNIT: usize = 3;

/// One unit of the surge: its account, and its tasks' instances with the version they have.
pub struct SurgeUnit {
    pub unit_id: i64,
    pub login: String,
    pub tasks: Vec<(i64, i64)>,
}

/// What the surge works on.
pub struct Province {
    pub units: Vec<SurgeUnit>,
    pub password: String,
    /// The report period key every unit submits for.
    pub key: String,
}

/// The key of a period open today (the first of the year's calendar), else the unit plan's.
async fn open_key(store: &DynStore) -> anyhow::Result<String> {
    let cfg = config(store.as_ref()).await?;
    let day = today();
    let open = [day.year(), day.year() - 1]
        .into_iter()
        .flat_map(|y| cfg.calendar.periods_of_year(y))
        .find(|p| p.is_open_on(day))
        .map(|p| p.key);
    Ok(open.unwrap_or_else(|| cchc_app::reports::plan_key(day.year())))
}

/// The plan of the surge: [`TASKS_PER_UNIT`] tasks led by each unit, due this year.
fn surge_plan(ids: &[i64], units: &[BulkUnit], n: usize, day: NaiveDate) -> PlanContent {
    let year = day.year();
    let deadline = parse_deadline(&format!("Năm {year}"), Some(year));
    let mut tasks = Vec::with_capacity(n * TASKS_PER_UNIT);
    for (i, (id, u)) in ids.iter().zip(units).enumerate() {
        for k in 0..TASKS_PER_UNIT {
            tasks.push(PlanTask {
                code: format!("{}.{}", i + 1, k + 1),
                parent: None,
                after: None,
                area: None,
                objective: None,
                title: format!("Nhiệm vụ {} của {}", k + 1, u.name),
                activities: Vec::new(),
                outputs: vec!["Báo cáo kết quả".into()],
                lead: Assignment {
                    text: u.name.clone(),
                    unit_ids: vec![*id],
                    names: vec![u.name.clone()],
                    ..Assignment::default()
                },
                coordinating: Assignment::default(),
                deadline: deadline.clone(),
                milestones: Vec::new(),
                budget: parse_budget("0", AmountUnit::Million),
                source: Source::default(),
            });
        }
    }
    let sha = cchc_app::plans::sha256(format!("cchc-bench-surge:{n}:{}", std::process::id()).as_bytes());
    PlanContent {
        meta: DocumentMeta {
            kind: DocumentKind::Plan,
            number: Some(format!("{n}/KH-ĐOTAI")),
            date: Some(day),
            issuer: Some("UBND tỉnh".into()),
            title: Some(format!("Kế hoạch đo tải hạn nộp năm {year}")),
            plan_year: Some(year),
            province_id: None,
            file_name: "ke-hoach-do-tai.txt".into(),
            format: "text".into(),
            sha256: sha,
        },
        areas: Vec::new(),
        targets: Vec::new(),
        tasks,
        warnings: Vec::new(),
    }
}

/// Builds the province of the surge into the empty database `store`.
pub async fn prepare(store: &DynStore, n: usize) -> anyhow::Result<Province> {
    let actor = Actor::cli();
    let units: Vec<BulkUnit> = (0..n)
        .map(|i| BulkUnit {
            code: format!("SURGE-{i:04}"),
            kind: UnitKind::Department,
            parent_code: None,
            name: format!("Đơn vị đo tải số {}", i + 1),
            abbreviations: Vec::new(),
            aliases: Vec::new(),
            valid_from: None,
            valid_to: None,
            note: String::new(),
        })
        .collect();
    let ids = store.bulk_units(&actor, "bench.surge", &units, &[]).await?;
    let day = today();
    let content = surge_plan(&ids, &units, n, day);
    let cfg = config(store.as_ref()).await?;
    let days = cchc_app::workdays::calendar(store.as_ref()).await?;
    let instances = instances_for(&content, &cfg, &days, Default::default(), day);
    let doc = store.save_plan(&actor, &content, None, &instances).await?;
    let filter = InstanceFilter { document_id: Some(doc.id), ..Default::default() };
    let mut by_unit: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    for r in store.list_instances(&filter).await? {
        if let Some(u) = r.lead_unit_id {
            by_unit.entry(u).or_default().push((r.id, r.version));
        }
    }

    let password = cchc_app::password::random_password_for("cchc-bench");
    let hash = cchc_app::password::hash_password(&password).map_err(|e| anyhow::anyhow!(e))?;
    let mut out = Vec::with_capacity(n);
    for (i, id) in ids.iter().enumerate() {
        let login = format!("surge.{i}");
        let user = NewUser {
            login: login.clone(),
            full_name: format!("Đầu mối đo tải {}", i + 1),
            email: String::new(),
            password_hash: hash.clone(),
            role: Role::UnitFocal,
            unit_id: Some(*id),
            must_change_password: false,
        };
        store.create_user(&actor, &user).await?;
        let tasks = by_unit.remove(id).unwrap_or_default();
        anyhow::ensure!(tasks.len() == TASKS_PER_UNIT, "đơn vị {id} có {} lần thực hiện", tasks.len());
        out.push(SurgeUnit { unit_id: *id, login, tasks });
    }
    Ok(Province { units: out, password, key: open_key(store).await? })
}
