//! Personal access tokens: stored by hash, found while live, refused once expired, revoked
//! or owned by a deactivated account; creating and revoking are audited; a token's owner
//! is listed with it.

use cchc_domain::api_token::Scopes;
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_storage::model::{AuditFilter, NewUser, UserUpdate};
use cchc_storage::model_tokens::{NewApiToken, TokenRefusal};
use cchc_storage::StoreError;
use chrono::{Duration, Utc};

use crate::harness::Harness;

pub async fn api_tokens_live_expire_and_revoke(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "tester".into() };
    let new_user = |login: &str| NewUser {
        login: login.into(),
        full_name: login.into(),
        email: String::new(),
        password_hash: "h".into(),
        role: Role::Office,
        unit_id: None,
        must_change_password: false,
    };
    let user = s.create_user(&actor, &new_user("may.chu")).await.unwrap_or_else(|e| panic!("{e}"));
    let other = s.create_user(&actor, &new_user("nguoi.khac")).await.unwrap_or_else(|e| panic!("{e}"));
    let now = Utc::now();
    let token = |hash: &str, user_id: i64, expires_in: Duration| NewApiToken {
        user_id,
        name: "Đồng bộ".into(),
        token_hash: hash.into(),
        scopes: Scopes::parse("kpi:write tasks:read"),
        created_at: now - Duration::days(1),
        expires_at: now + expires_in,
    };
    let me = Actor::user(&user);
    let live =
        s.create_token(&me, &token("h-live", user.id, Duration::days(30))).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((live.owner.as_str(), live.scopes.code().as_str()), ("may.chu", "tasks:read kpi:write"));
    s.create_token(&me, &token("h-old", user.id, -Duration::hours(1))).await.unwrap_or_else(|e| panic!("{e}"));
    s.create_token(&Actor::user(&other), &token("h-other", other.id, Duration::days(1)))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(s.create_token(&me, &token("h-live", user.id, Duration::days(1))).await, Err(StoreError::Conflict(_))),
        "one hash, one token"
    );

    let (found, owner) =
        s.use_token("h-live", now).await.unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!((found.id, owner.login.as_str()), (live.id, "may.chu"));
    assert!(s.get_token(live.id).await.map(|t| t.last_used_at.is_some()).unwrap_or(false), "use is recorded");
    assert_eq!(s.use_token("h-old", now).await.ok().and_then(|r| r.err()), Some(TokenRefusal::Expired));
    assert_eq!(s.use_token("nothing", now).await.ok().and_then(|r| r.err()), Some(TokenRefusal::Unknown));
    assert_eq!(s.list_tokens(Some(user.id)).await.unwrap_or_default().len(), 2);
    assert_eq!(s.list_tokens(None).await.unwrap_or_default().len(), 3);

    let revoked = s.revoke_token(&me, live.id, now).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(revoked.revoked_at.is_some());
    assert_eq!(s.use_token("h-live", now).await.ok().and_then(|r| r.err()), Some(TokenRefusal::Revoked));
    assert!(matches!(s.revoke_token(&me, live.id, now).await, Err(StoreError::Conflict(_))));
    assert!(matches!(s.revoke_token(&me, 999_999, now).await, Err(StoreError::NotFound(_))));

    let update =
        UserUpdate { full_name: "x".into(), email: String::new(), role: Role::Office, unit_id: None, active: false };
    s.update_user(&actor, other.id, &update).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.use_token("h-other", now).await.ok().and_then(|r| r.err()), Some(TokenRefusal::Inactive));

    let log =
        s.list_audit(&AuditFilter { action: Some("token.".into()), ..Default::default() }).await.unwrap_or_default();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "token.create").count(), 3);
    assert_eq!(actions.iter().filter(|a| **a == "token.revoke").count(), 1);
    assert!(log.iter().all(|e| !e.after.as_deref().unwrap_or("").contains("h-live")), "the hash is never in the log");
}

pub async fn api_request_counts_are_shared_per_token_and_window(h: &Harness) {
    let s = h.store();
    // Two "nodes" count in the same rows: the same store here, as every node's is one database.
    let count = |token: i64, window: i64| async move { s.count_api_request(token, window).await.unwrap_or(-1) };
    assert_eq!(count(7, 600).await, 1);
    assert_eq!(count(7, 600).await, 2);
    assert_eq!(count(8, 600).await, 1, "another token has its own count");
    assert_eq!(count(7, 600).await, 3);
    // The next minute starts again at one, and the token's old window goes.
    assert_eq!(count(7, 660).await, 1);
    assert_eq!(count(7, 660).await, 2);
    assert_eq!(count(8, 600).await, 2, "another token's window stays until its own next one");
    assert_eq!(count(7, 600).await, 1, "token 7's minute 600 was removed when minute 660 began");
}
