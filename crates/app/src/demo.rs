//! Demo data: the default registries and one account per role, so a newcomer can try every
//! screen. The logins are returned for printing; passwords are random unless given.
//!
//! The province is one: Hà Tĩnh. Its 2025 CCHC plan (seed 001) and a directive of its
//! chairman are imported with their dates moved into the current year (`year`, said on every
//! page by the `org.notice` banner), and the year so far is replayed through the services
//! (`replay`, `reports`). The other provinces' seeds stay importer samples and test fixtures.

mod replay;
mod reports;
mod unit_plans;
pub mod year;

pub use replay::{replay, Replayed};

use cchc_domain::par::Points;
use cchc_domain::registry_file::{default_registries, read_csv};
use cchc_domain::review::ReviewAction;
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewEvidence;
use cchc_storage::model_par::Assessment;
use cchc_storage::{DynStore, Store};
use chrono::{Datelike, NaiveDate};

use crate::accounts::{create_user, ServiceError, UserForm};
use crate::par::{appraise, save_self, submit, AppraisalInput, SelfInput};
use crate::password::random_password_for;
use crate::registry::{import_rows, RegistryImportError};

/// A demo login to print.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub login: String,
    pub password: String,
    pub role: Role,
    pub unit: Option<String>,
}

/// The demo accounts: (login, full name, role, unit code).
const ACCOUNTS: &[(&str, &str, Role, Option<&str>)] = &[
    ("admin", "Quản trị hệ thống", Role::Admin, None),
    ("vanphong", "Phòng CCHC, Sở Nội vụ", Role::Office, None),
    ("taichinh", "Đầu mối CCHC Sở Tài chính", Role::UnitFocal, Some("HT-STC")),
    ("tuphap", "Đầu mối CCHC Sở Tư pháp", Role::UnitFocal, Some("HT-STP")),
    ("giamdoc.taichinh", "Giám đốc Sở Tài chính", Role::UnitHead, Some("HT-STC")),
    ("thamdinh", "Thành viên Hội đồng thẩm định", Role::Appraiser, None),
    ("lanhdao", "Chủ tịch UBND tỉnh", Role::Leader, None),
];

/// Loads the default registries and creates the demo accounts on an empty database.
/// `password` sets every demo password (for automated tests); otherwise each is random.
pub async fn seed(dyn_store: &DynStore, password: Option<&str>) -> Result<Vec<DemoLogin>, ServiceError> {
    let logins = seed_without_history(dyn_store.as_ref(), password).await?;
    replay(dyn_store, crate::tracking::today()).await?;
    unit_plans::seed(dyn_store.as_ref(), &Actor::system(), crate::tracking::today()).await?;
    Ok(logins)
}

/// [`seed`] without the replayed year: the plans as just imported, nothing reported, no
/// reminder or escalation sent yet (for tests of those jobs on a fresh year).
pub async fn seed_without_history(store: &dyn Store, password: Option<&str>) -> Result<Vec<DemoLogin>, ServiceError> {
    let actor = Actor::system();
    let mut rows = Vec::new();
    for (file, text) in default_registries() {
        let mut r = read_csv(text).map_err(|e| ServiceError::Internal(format!("{file}: {e:?}")))?;
        rows.append(&mut r);
    }
    import_rows(store, &actor, &rows).await.map_err(|e| match e {
        RegistryImportError::Service(s) => s,
        other => ServiceError::Internal(other.to_string()),
    })?;
    let mut logins = Vec::new();
    for (login, name, role, unit_code) in ACCOUNTS {
        let unit = match unit_code {
            Some(code) => store.unit_by_code(code).await?,
            None => None,
        };
        let pw = password.map(str::to_string).unwrap_or_else(|| random_password_for(login));
        create_user(
            store,
            &actor,
            UserForm {
                login: login.to_string(),
                full_name: name.to_string(),
                email: String::new(),
                role: Some(*role),
                unit_id: unit.as_ref().map(|u| u.id),
                password: pw.clone(),
            },
        )
        .await?;
        logins.push(DemoLogin { login: login.to_string(), password: pw, role: *role, unit: unit.map(|u| u.name) });
    }
    let today = crate::tracking::today();
    import_seed_documents(store, &actor, today.year()).await?;
    store.set_setting(&actor, year::NOTICE_KEY, &year::notice(today.year())).await?;
    crate::attainment::measured::link_suggested(store, &actor).await?;
    seed_par(store, &actor).await?;
    crate::sipas::seed_demo(store, &actor).await?;
    seed_issuer(store, &actor).await?;
    crate::inspection::demo::seed(store, &actor).await?;
    crate::initiative::demo::seed(store, &actor).await?;
    Ok(logins)
}

/// The issuer of the demo's official documents (Hà Tĩnh's Department of Home Affairs), so
/// the place-and-date line and the signature block are complete (settings `org.*`).
pub async fn seed_issuer(store: &dyn Store, actor: &Actor) -> Result<(), ServiceError> {
    for (key, value) in
        [("org.place", "Hà Tĩnh"), ("org.issuer_parent", "UBND TỈNH HÀ TĨNH"), ("org.signer_name", "Nguyễn Văn Minh")]
    {
        if store.setting(key).await?.is_none() {
            store.set_setting(actor, key, value).await?;
        }
    }
    Ok(())
}

/// The PAR criteria templates and an open round of this year for Hà Tĩnh's departments, the
/// finance department's assessment assigned to the demo appraiser.
pub async fn seed_par(store: &dyn Store, actor: &Actor) -> Result<(), ServiceError> {
    crate::par::install_templates(store, actor).await?;
    let Some(province) = store.unit_by_code("HT").await? else { return Ok(()) };
    let today = crate::tracking::today();
    let form = crate::par::RoundForm {
        year: chrono::Datelike::year(&today),
        name: format!("Chỉ số CCHC năm {} của các sở, ban, ngành", chrono::Datelike::year(&today)),
        province: province.id,
        self_due: today + chrono::Duration::days(30),
        appraisal_due: today + chrono::Duration::days(45),
        explanation_due: today + chrono::Duration::days(52),
        approval_due: today + chrono::Duration::days(60),
    };
    let round = crate::par::open_round(store, actor, &form).await?;
    let stc = store.unit_by_code("HT-STC").await?;
    for (i, a) in store.assessments(round.id, Visibility::Province).await?.into_iter().enumerate() {
        if Some(a.unit_id) != stc.as_ref().map(|u| u.id) {
            appraised_unit(store, actor, &a, i, today).await?;
        }
    }
    let appraiser = store.list_users().await?.into_iter().find(|u| u.login == "thamdinh");
    if let (Some(stc), Some(appraiser)) = (stc, appraiser) {
        let vis = Visibility::Unit(stc.id);
        if let Some(a) = store.assessments(round.id, vis).await?.first() {
            store.assign_appraiser(actor, a.id, Some(appraiser.id)).await?;
        }
    }
    Ok(())
}

/// Hà Tĩnh's documents the demo imports (its 2025 CCHC plan, seed 001, and its chairman's
/// directive on administrative discipline), embedded so the demo works from any directory.
/// Seeds 003 (Bình Định) and 004 (a notice to Hòa Bình) belong to other provinces: they are
/// importer samples, not the demo province's plans.
pub const SEED_DOCUMENTS: &[(&str, &[u8])] = &[
    ("001_a5b74ff242722c67.txt", include_bytes!("../../../documents/seeds/001_a5b74ff242722c67.txt")),
    (
        "08_ct-ubnd-ha-tinh-ky-luat-ky-cuong.txt",
        include_bytes!("../../../documents/corpus/08_ct-ubnd-ha-tinh-ky-luat-ky-cuong.txt"),
    ),
];

/// Imports the demo province's documents as the reform office would, through the same
/// importer, their dates moved into `year` first (see [`year::shifted_document`]).
pub async fn import_seed_documents(store: &dyn Store, actor: &Actor, in_year: i32) -> Result<(), ServiceError> {
    let resolver = crate::plans::resolver(store).await?;
    for (name, original) in SEED_DOCUMENTS {
        let moved = year::shifted_document(original, in_year);
        let bytes = &moved[..];
        let content = crate::plans::parse(bytes, name, 10 * 1024 * 1024, &resolver)
            .map(|doc| crate::plans::into_content(doc, name, &crate::plans::sha256(bytes), &resolver))
            .map_err(|e| ServiceError::Internal(format!("{name}: {e}")))?;
        crate::plans::store_plan(store, actor, &content).await?;
    }
    Ok(())
}

/// A unit's assessment taken through the whole path as the unit and the appraiser would:
/// self-scores that differ from unit to unit (`seed`), one evidence file for the criteria
/// that require it, submission, survey points entered by the appraiser, acceptance.
async fn appraised_unit(
    store: &dyn Store,
    actor: &Actor,
    a: &Assessment,
    seed: usize,
    today: NaiveDate,
) -> Result<(), ServiceError> {
    let set = store.criteria_set(a.set_id).await?.set;
    let vis = Visibility::Unit(a.unit_id);
    let pick = |j: usize, max: Points, allowed: Option<Vec<Points>>| -> Points {
        let strong = (seed * 7 + j * 3) % 10 < 6 + seed % 4;
        match allowed {
            Some(mut l) if !l.is_empty() => {
                l.sort();
                if strong {
                    l[l.len() - 1]
                } else {
                    l[(seed + j) % l.len()]
                }
            }
            _ => {
                if strong {
                    max
                } else {
                    Points::ZERO
                }
            }
        }
    };
    let mut own = Vec::new();
    let mut survey = Vec::new();
    let mut needs_file = Vec::new();
    for (j, r) in set.leaves().into_iter().enumerate() {
        let n = r.node;
        let p = pick(j, n.max, n.scoring_method().allowed_scores(n.max));
        if r.component.is_external() {
            survey.push(AppraisalInput { code: n.code.clone(), points: p.to_string(), ..Default::default() });
            continue;
        }
        if n.evidence_required && p > Points::ZERO {
            needs_file.push(n.code.clone());
        }
        own.push(SelfInput {
            code: n.code.clone(),
            points: p.to_string(),
            note: "Đã thực hiện theo kế hoạch.".into(),
            ..Default::default()
        });
    }
    let a = save_self(store, actor, a.id, a.version, vis, &own).await?;
    if !needs_file.is_empty() {
        let bytes = b"%PDF-1.4\n% Tai lieu kiem chung (du lieu mau)\n".to_vec();
        let sha256 = crate::plans::sha256(&bytes);
        let file = NewEvidence {
            file_name: "tai-lieu-kiem-chung.pdf".into(),
            content_type: "application/pdf".into(),
            bytes,
            sha256,
        };
        store.add_par_evidence(actor, a.id, &file, &needs_file).await?;
    }
    let a = submit(store, actor, a.id, a.version, vis, today).await?;
    let a = appraise(store, actor, cchc_domain::role::Role::Office, a.id, a.version, &survey).await?;
    store.move_assessment(actor, a.id, a.version, ReviewAction::Accept, today, None).await?;
    Ok(())
}
