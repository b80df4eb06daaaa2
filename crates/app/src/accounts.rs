//! Accounts: creating users, logging in with throttling, sessions, changing passwords.

use cchc_domain::role::Role;
use cchc_domain::text::clean;
use cchc_domain::throttle::ThrottleScope;
use cchc_domain::unit::{is_plausible_email, UnitId};
use cchc_domain::user::{normalize_login, validate_login, validate_password, validate_role_unit, Actor, User};
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::{AuditEvent, NewUser, Session, UserUpdate};
use cchc_storage::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};

use crate::config::SecurityConfig;
use crate::password::{dummy_hash, hash_password, random_token, token_hash, verify_password};

/// Why a service call failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input problems, per field.
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

/// What someone types to create an account.
#[derive(Debug, Clone, Default)]
pub struct UserForm {
    pub login: String,
    pub full_name: String,
    pub email: String,
    pub role: Option<Role>,
    pub unit_id: Option<UnitId>,
    pub password: String,
}

/// Validates the form and creates the account (the password is hashed off the async threads).
pub async fn create_user(store: &dyn Store, actor: &Actor, form: UserForm) -> Result<User, ServiceError> {
    let login = normalize_login(&form.login);
    let mut errs = FieldErrors::default();
    if let Err(m) = validate_login(&login) {
        errs.add("login", m);
    }
    let full_name = clean(&form.full_name);
    if full_name.is_empty() {
        errs.add("full_name", "Cần nhập họ và tên.");
    }
    let email = clean(&form.email).to_lowercase();
    if !email.is_empty() && !is_plausible_email(&email) {
        errs.add("email", "Địa chỉ thư điện tử không hợp lệ.");
    }
    if let Err(m) = validate_password(&form.password, &login) {
        errs.add("password", m);
    }
    let role = match form.role {
        Some(r) => r,
        None => {
            errs.add("role", "Cần chọn vai trò.");
            Role::Leader
        }
    };
    if form.role.is_some() {
        if let Err(m) = validate_role_unit(role, form.unit_id) {
            errs.add("unit_id", m);
        }
    }
    if let Some(u) = form.unit_id {
        if matches!(store.get_unit(u).await, Err(StoreError::NotFound(_))) {
            errs.add("unit_id", "Đơn vị không tồn tại.");
        }
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let unit_id = if role.requires_unit() { form.unit_id } else { form.unit_id.filter(|_| false) };
    let password_hash = hash_blocking(form.password).await?;
    let new = NewUser { login, full_name, email, password_hash, role, unit_id, must_change_password: false };
    store.create_user(actor, &new).await.map_err(|e| match e {
        StoreError::Conflict(m) => {
            let mut errs = FieldErrors::default();
            errs.add("login", format!("Không tạo được: {m}."));
            ServiceError::Invalid(errs)
        }
        other => other.into(),
    })
}

/// What an administrator edits on an account.
#[derive(Debug, Clone, Default)]
pub struct UserEditForm {
    pub full_name: String,
    pub email: String,
    pub role: Option<Role>,
    pub unit_id: Option<UnitId>,
    pub active: bool,
}

/// Edits an account's name, e-mail, role, unit and active flag.
pub async fn update_user(store: &dyn Store, actor: &Actor, id: i64, form: UserEditForm) -> Result<User, ServiceError> {
    let UserEditForm { full_name, email, role, unit_id, active } = form;
    let mut errs = FieldErrors::default();
    let full_name = clean(&full_name);
    if full_name.is_empty() {
        errs.add("full_name", "Cần nhập họ và tên.");
    }
    let email = clean(&email).to_lowercase();
    if !email.is_empty() && !is_plausible_email(&email) {
        errs.add("email", "Địa chỉ thư điện tử không hợp lệ.");
    }
    let Some(role) = role else {
        errs.add("role", "Cần chọn vai trò.");
        return Err(ServiceError::Invalid(errs));
    };
    if let Err(m) = validate_role_unit(role, unit_id) {
        errs.add("unit_id", m);
    }
    if actor.user_id == Some(id) && (!active || role != Role::Admin) {
        let me = store.get_user(id).await?;
        if me.role == Role::Admin {
            errs.add("role", "Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.");
        }
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let unit_id = if role.requires_unit() { unit_id } else { None };
    Ok(store.update_user(actor, id, &UserUpdate { full_name, email, role, unit_id, active }).await?)
}

async fn hash_blocking(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(ServiceError::Internal)
}

async fn verify_blocking(password: String, hash: String) -> Result<bool, ServiceError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))
}

/// Outcome of a login attempt.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Logged in: the cookie gets `token`; the store holds only its hash.
    Ok { user: Box<User>, token: String },
    /// Wrong login or password (deliberately not saying which).
    BadCredentials,
    /// Too many failures of the account or of the client address; try again after `until`.
    Locked { until: DateTime<Utc>, by: ThrottleScope },
}

/// Checks credentials with throttling per login name (growing delays) and per client address
/// (a higher limit that never refuses the right password of an account without failures of
/// its own), and opens a session on success. Every attempt is audited, refused ones included.
pub async fn login(
    store: &dyn Store,
    sec: &SecurityConfig,
    login: &str,
    password: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, ServiceError> {
    let login = normalize_login(login);
    let (login_key, addr_key) = (format!("login:{login}"), format!("ip:{client}"));
    let (login_rule, addr_rule) = (sec.login_rule(), sec.address_rule());
    let account = store.login_throttle(&login_key, now, &login_rule).await?;
    if let Some(until) = account.locked_until {
        return refused(store, &login, client, "login_throttled", until, ThrottleScope::Account).await;
    }
    let address = store.login_throttle(&addr_key, now, &addr_rule).await?;
    let creds = store.user_credentials(&login).await?;
    let (user, hash) = match creds {
        Some((u, h)) if u.active => (Some(u), h),
        _ => (None, dummy_hash().to_string()),
    };
    let ok = verify_blocking(password.to_string(), hash).await? && user.is_some();
    // Past the address limit only an account with a clean record gets in.
    let address_lock = address.locked_until.filter(|_| !ok || account.failures > 0);
    let Some(user) = user.filter(|_| ok && address_lock.is_none()) else {
        if let Some(until) = address_lock {
            if !ok {
                store.record_login_failure(&login_key, now, &login_rule).await?;
            }
            return refused(store, &login, client, "login_throttled", until, ThrottleScope::Address).await;
        }
        let a = store.record_login_failure(&login_key, now, &login_rule).await?;
        let b = store.record_login_failure(&addr_key, now, &addr_rule).await?;
        let lock = match (a.locked_until, b.locked_until) {
            (Some(u), _) => Some((u, ThrottleScope::Account)),
            (None, Some(u)) => Some((u, ThrottleScope::Address)),
            (None, None) => None,
        };
        return match lock {
            Some((until, by)) => refused(store, &login, client, "login_failed", until, by).await,
            None => {
                audit_login_refusal(store, &login, client, "login_failed", None).await?;
                Ok(LoginOutcome::BadCredentials)
            }
        };
    };
    // The address key is left to expire: one good login must not wipe a guesser's count.
    store.clear_login_failures(&login_key).await?;
    let token = random_token();
    let session = Session {
        token_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: random_token(),
        created_at: now,
        last_seen_at: now,
        expires_at: session_expiry(sec, now, now),
    };
    store.create_session(&Actor::user(&user), &session).await?;
    Ok(LoginOutcome::Ok { user: Box::new(user), token })
}

/// Audits a refused attempt and answers with the wait.
async fn refused(
    store: &dyn Store,
    login: &str,
    client: &str,
    action: &str,
    until: DateTime<Utc>,
    by: ThrottleScope,
) -> Result<LoginOutcome, ServiceError> {
    audit_login_refusal(store, login, client, action, Some((until, by))).await?;
    Ok(LoginOutcome::Locked { until, by })
}

async fn audit_login_refusal(
    store: &dyn Store,
    login: &str,
    client: &str,
    action: &str,
    wait: Option<(DateTime<Utc>, ThrottleScope)>,
) -> Result<(), ServiceError> {
    let mut after = serde_json::json!({ "client": client });
    if let Some((until, by)) = wait {
        after["until"] = serde_json::json!(until);
        after["by"] = serde_json::json!(by);
    }
    let ev = AuditEvent {
        action: format!("user.{action}"),
        entity: "user".into(),
        entity_id: login.to_string(),
        before: None,
        after: Some(after),
    };
    store.record_event(&Actor { user_id: None, login: login.to_string() }, &ev).await?;
    Ok(())
}

/// When a session used at `now` expires: idle timeout, capped by the absolute maximum.
pub fn session_expiry(sec: &SecurityConfig, created: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let idle = now + Duration::minutes(sec.session_idle_minutes);
    let cap = created + Duration::hours(sec.session_max_hours);
    idle.min(cap)
}

/// Changes the user's own password after checking the current one.
pub async fn change_password(
    store: &dyn Store,
    user: &User,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), ServiceError> {
    let mut errs = FieldErrors::default();
    let hash = store.user_credentials(&user.login).await?.map(|(_, h)| h).unwrap_or_default();
    if !verify_blocking(current.to_string(), hash).await? {
        errs.add("current", "Mật khẩu hiện tại không đúng.");
    }
    if let Err(m) = validate_password(new, &user.login) {
        errs.add("new", m);
    }
    if new != confirm {
        errs.add("confirm", "Mật khẩu nhập lại không khớp.");
    }
    if new == current && errs.is_empty() {
        errs.add("new", "Mật khẩu mới phải khác mật khẩu hiện tại.");
    }
    if !errs.is_empty() {
        return Err(ServiceError::Invalid(errs));
    }
    let h = hash_blocking(new.to_string()).await?;
    store.set_password(&Actor::user(user), user.id, &h, false).await?;
    Ok(())
}

/// Sets a password chosen by an administrator; the user must change it at next login.
pub async fn reset_password(store: &dyn Store, actor: &Actor, id: i64, new: &str) -> Result<(), ServiceError> {
    let user = store.get_user(id).await?;
    if let Err(m) = validate_password(new, &user.login) {
        let mut errs = FieldErrors::default();
        errs.add("password", m);
        return Err(ServiceError::Invalid(errs));
    }
    let h = hash_blocking(new.to_string()).await?;
    store.set_password(actor, id, &h, true).await?;
    Ok(())
}
