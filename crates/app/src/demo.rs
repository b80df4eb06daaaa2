//! Demo data: the default registries and one account per role, so a newcomer can try every
//! screen. The logins are returned for printing; passwords are random unless given.

use cchc_domain::registry_file::{default_registries, read_csv};
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_storage::Store;

use crate::accounts::{create_user, ServiceError, UserForm};
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
pub async fn seed(store: &dyn Store, password: Option<&str>) -> Result<Vec<DemoLogin>, ServiceError> {
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
    import_seed_documents(store, &actor).await?;
    seed_par(store, &actor).await?;
    Ok(logins)
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
    let appraiser = store.list_users().await?.into_iter().find(|u| u.login == "thamdinh");
    if let (Some(stc), Some(appraiser)) = (stc, appraiser) {
        let vis = cchc_domain::visibility::Visibility::Unit(stc.id);
        if let Some(a) = store.assessments(round.id, vis).await?.first() {
            store.assign_appraiser(actor, a.id, Some(appraiser.id)).await?;
        }
    }
    Ok(())
}

/// The three seed documents (Hà Tĩnh plan, Bình Định plan, Hòa Bình conclusion notice),
/// embedded so the demo works from any directory.
pub const SEED_DOCUMENTS: &[(&str, &[u8])] = &[
    ("001_a5b74ff242722c67.txt", include_bytes!("../../../documents/seeds/001_a5b74ff242722c67.txt")),
    ("003_cb22d10497566f9f.txt", include_bytes!("../../../documents/seeds/003_cb22d10497566f9f.txt")),
    ("004_52ac1802baa48ef1.txt", include_bytes!("../../../documents/seeds/004_52ac1802baa48ef1.txt")),
];

/// Imports the seed documents as the reform office would, through the same importer.
pub async fn import_seed_documents(store: &dyn Store, actor: &Actor) -> Result<(), ServiceError> {
    let resolver = crate::plans::resolver(store).await?;
    for (name, bytes) in SEED_DOCUMENTS {
        let content = crate::plans::parse(bytes, name, 10 * 1024 * 1024, &resolver)
            .map(|doc| crate::plans::to_content(&doc, name, &crate::plans::sha256(bytes), &resolver))
            .map_err(|e| ServiceError::Internal(format!("{name}: {e}")))?;
        crate::plans::store_plan(store, actor, &content).await?;
    }
    Ok(())
}
