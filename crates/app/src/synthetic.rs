//! A synthetic province for load and benchmark work (`cchc demo generate`): about 3,500 units
//! with the 2025 reorganisations, one plan per year with about 12,000 tasks, their instances
//! with realistic progress and history, units' periodic reports, and one account per role.
//!
//! Plans go through the store's own `save_plan` (one `plan.import` audit entry each), with
//! instances from [`crate::tracking::instances_for`]; units, progress and reports go through
//! the bulk methods, one `demo.generate` audit entry per batch with its counts.

pub mod names;
pub mod org;
pub mod par;
pub mod plan;
pub mod progress;
pub mod reports;

use std::collections::HashMap;
use std::sync::Arc;

use cchc_domain::deadline::DeadlineKind;
use cchc_domain::role::Role;
use cchc_domain::unit::UnitKind;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::InstanceFilter;
use cchc_storage::DynStore;
use chrono::{Datelike, NaiveDate};

use crate::accounts::{create_user, ServiceError, UserForm};
use crate::demo::DemoLogin;
use crate::password::random_password_for;
use names::Rng;
use org::OrgIndex;

/// The audit action of every generated batch.
pub const AUDIT_ACTION: &str = "demo.generate";

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub units: usize,
    /// Tasks in all, spread evenly over the years.
    pub tasks: usize,
    pub years: u32,
    pub seed: u64,
    /// The last year is today's; progress is simulated up to yesterday.
    pub today: NaiveDate,
    /// Every demo password (else each is random).
    pub password: Option<String>,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub units: usize,
    pub changes: usize,
    pub documents: usize,
    pub tasks: usize,
    pub instances: u64,
    pub events: u64,
    pub reports: u64,
    pub logins: Vec<DemoLogin>,
}

fn invalid(field: &str, message: &str) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(field, message.to_string());
    ServiceError::Invalid(e)
}

/// Runs CPU-bound generation off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ServiceError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| ServiceError::Internal(format!("lỗi khi sinh dữ liệu: {e}")))
}

/// Builds the province into an empty database; `say` hears one line per step.
pub async fn generate(
    store: &DynStore,
    opts: &Options,
    say: &(dyn Fn(String) + Send + Sync),
) -> Result<Summary, ServiceError> {
    if opts.units < org::MIN_UNITS {
        return Err(invalid("units", &format!("Cần ít nhất {} đơn vị.", org::MIN_UNITS)));
    }
    if opts.years == 0 || opts.years > 20 {
        return Err(invalid("years", "Số năm phải từ 1 đến 20."));
    }
    if store.has_data().await? {
        return Err(invalid(
            "database",
            "Cơ sở dữ liệu đã có dữ liệu; chỉ sinh dữ liệu tổng hợp vào cơ sở dữ liệu trống.",
        ));
    }
    let actor = Actor::system();
    let last = opts.today.year();
    let first = last - i32::try_from(opts.years).unwrap_or(1) + 1;
    let mut summary = Summary::default();

    let plan = org::build(opts.units, first, last, &mut Rng::fork(opts.seed, 1));
    store.bulk_units(&actor, AUDIT_ACTION, &plan.units, &plan.changes).await?;
    let org = Arc::new(OrgIndex::new(store.all_units().await?, &plan.changes));
    (summary.units, summary.changes) = (plan.units.len(), plan.changes.len());
    say(format!("{} đơn vị, {} thay đổi tổ chức", summary.units, summary.changes));

    let cfg = Arc::new(crate::tracking::config(store.as_ref()).await?);
    let years: Vec<i32> = (first..=last).collect();
    let per_year = opts.tasks / years.len();
    for (i, &year) in years.iter().enumerate() {
        let n = if i + 1 == years.len() { opts.tasks - per_year * (years.len() - 1) } else { per_year };
        let (o, c, today, seed) = (org.clone(), cfg.clone(), opts.today, opts.seed);
        let y =
            blocking(move || plan::build_year(year, n, &o, &c, today, seed, &mut Rng::fork(seed, 100 + year as u64)))
                .await?;
        let doc = store.save_plan(&actor, &y.content, None, &y.instances).await?;
        let kinds: HashMap<String, DeadlineKind> =
            y.content.tasks.iter().map(|t| (t.code.clone(), t.deadline.kind)).collect();
        let filter = InstanceFilter { document_id: Some(doc.id), ..Default::default() };
        let records = store.list_instances(&filter).await?;
        let (o, c) = (org.clone(), cfg.clone());
        let rows = blocking(move || {
            let mut rng = Rng::fork(seed, 200 + year as u64);
            let issued = plan::issued_on(year);
            records
                .iter()
                .map(|r| {
                    let kind = kinds.get(&r.task_code).copied().unwrap_or(DeadlineKind::Unspecified);
                    progress::simulate(r, kind, issued, today, &c.timeliness, &o, &mut rng)
                })
                .collect::<Vec<_>>()
        })
        .await?;
        let counts = store.bulk_progress(&actor, AUDIT_ACTION, &rows).await?;
        summary.documents += 1;
        summary.tasks += y.content.tasks.len();
        summary.instances += counts.rows;
        summary.events += counts.details;
        say(format!(
            "kế hoạch năm {year}: {} nhiệm vụ, {} lần thực hiện, {} sự kiện",
            y.content.tasks.len(),
            counts.rows,
            counts.details
        ));
    }

    let (o, c, today, seed) = (org.clone(), cfg.clone(), opts.today, opts.seed);
    let rows =
        blocking(move || reports::reports(&o.units, first..=last, &c.calendar, today, &mut Rng::fork(seed, 3))).await?;
    summary.reports = store.bulk_reports(&actor, AUDIT_ACTION, &rows).await?.rows;
    say(format!("{} báo cáo định kỳ", summary.reports));

    summary.logins = accounts(store, &org, opts).await?;
    Ok(summary)
}

/// One account per role, focal points of several units (a department, a current commune,
/// and a central agency when there is one).
async fn accounts(store: &DynStore, org: &OrgIndex, opts: &Options) -> Result<Vec<DemoLogin>, ServiceError> {
    let today = opts.today;
    let by_code = |suffix: &str| org.units.iter().find(|u| u.code.ends_with(suffix) && u.is_active_on(today));
    let commune = org.active(UnitKind::Commune, today).first().copied();
    let central = org.active(UnitKind::Central, today).first().copied();
    let mut list: Vec<(String, String, Role, Option<&cchc_domain::unit::Unit>)> = vec![
        ("admin".into(), "Quản trị hệ thống".into(), Role::Admin, None),
        ("vanphong".into(), "Phòng CCHC, Sở Nội vụ".into(), Role::Office, None),
        ("lanhdao".into(), "Chủ tịch UBND tỉnh".into(), Role::Leader, None),
        ("thamdinh".into(), "Thành viên Hội đồng thẩm định".into(), Role::Appraiser, None),
        ("taichinh".into(), "Đầu mối CCHC Sở Tài chính".into(), Role::UnitFocal, by_code("-STC")),
        ("noivu".into(), "Đầu mối CCHC Sở Nội vụ".into(), Role::UnitFocal, by_code("-SNV")),
        ("giamdoc.taichinh".into(), "Giám đốc Sở Tài chính".into(), Role::UnitHead, by_code("-STC")),
    ];
    if let Some(c) = commune {
        list.push(("capxa".into(), format!("Đầu mối CCHC {}", c.name), Role::UnitFocal, Some(c)));
    }
    if let Some(c) = central {
        list.push(("trunguong".into(), format!("Đầu mối CCHC {}", c.name), Role::UnitFocal, Some(c)));
    }
    let actor = Actor::system();
    let mut out = Vec::new();
    for (login, name, role, unit) in list {
        if role.requires_unit() && unit.is_none() {
            continue;
        }
        let password = opts.password.clone().unwrap_or_else(|| random_password_for(&login));
        let form = UserForm {
            login: login.clone(),
            full_name: name,
            email: String::new(),
            role: Some(role),
            unit_id: unit.map(|u| u.id),
            password: password.clone(),
        };
        create_user(store.as_ref(), &actor, form).await?;
        out.push(DemoLogin { login, password, role, unit: unit.map(|u| u.name.clone()) });
    }
    Ok(out)
}
