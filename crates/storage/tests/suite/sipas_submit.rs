//! Public submissions written as one group: the address's and device's counts, each refusal
//! recorded with its reason, responses stored with their token's use and dossier link, and
//! the audit entries, all in one transaction; a refused token use or dossier clash is undone
//! alone (the rest of the group, and the refusal's count, are kept).

use cchc_domain::throttle::ThrottleRule;
use cchc_domain::unit::{UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::model::AuditFilter;
use cchc_storage::model_public::PublishedTable;
use cchc_storage::model_sipas_guard::{PublicAttempt, PublicLink, PublicVerdict};
use chrono::{TimeZone, Utc};

use crate::harness::Harness;
use crate::sipas::{campaign, day, response};

pub async fn public_submissions_are_counted_refused_and_stored_in_one_group(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "tester".into() };
    let unit =
        UnitInput { code: "A".into(), kind: Some(UnitKind::Department), name: "Sở A".into(), ..UnitInput::default() };
    let a = s.create_unit(&actor, &unit).await.unwrap_or_else(|e| panic!("{e}")).id;
    let c = campaign(s, &actor, a).await;
    s.issue_tokens(&actor, c, a, &["h1".into(), "h2".into()], day(12, 31)).await.unwrap_or_else(|e| panic!("{e}"));
    let at = Utc.with_ymd_and_hms(2026, 12, 5, 3, 0, 0).single().unwrap_or_default();
    let today = Some(day(12, 5));
    // Three attempts an address, two kept answers a device, within an hour.
    let (per_address, per_device) = (ThrottleRule::fixed(3, 3600, 3600), ThrottleRule::fixed(2, 3600, 3600));
    let attempt = |address: &str, device: &str, content| PublicAttempt {
        campaign_id: c,
        unit_id: a,
        at,
        address: (format!("sipas:{address}"), per_address),
        device: (format!("sipas-device:{device}"), per_device),
        content,
    };
    let ok = |fp: &str, token: Option<&str>, dossier: Option<&str>| {
        let link = PublicLink { token_hash: token.map(String::from), dossier_code: dossier.map(String::from), today };
        Ok((response(c, a, fp), link))
    };
    let group = [
        attempt("1", "d1", ok("f1", None, None)),
        attempt("1", "d2", ok("f1", None, None)),
        attempt("1", "d3", Err("invalid")),
        attempt("1", "d4", ok("f2", None, None)),
        attempt("2", "d5", ok("f3", Some("h1"), Some("HS-1"))),
        attempt("2", "d6", ok("f4", Some("h2"), Some("HS-1"))),
        attempt("2", "d5", ok("f5", None, None)),
        attempt("3", "d5", ok("f6", None, None)),
        attempt("3", "d7", ok("f7", Some("h1"), None)),
    ];
    let got = s.submit_public(&group).await.unwrap_or_else(|e| panic!("{e}"));
    let stored = |v: &PublicVerdict| matches!(v, PublicVerdict::Stored(_));
    assert!(stored(&got[0]), "{got:?}");
    let refused: Vec<Option<&str>> = got
        .iter()
        .map(|v| match v {
            PublicVerdict::Refused(r) => Some(*r),
            PublicVerdict::Stored(_) => None,
        })
        .collect();
    assert_eq!(
        refused,
        vec![
            None,
            Some("duplicate"),
            Some("invalid"),
            Some("rate"), // the address's fourth attempt within the hour
            None,
            Some("dossier_used"), // its token use is undone with it
            None,                 // the device's second kept answer
            Some("device"),       // and its third, from another address
            Some("token_used"),
        ]
    );
    let counts = s.response_counts(c).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts.accepted, vec![(a, 3)]);
    let mut rejected = counts.rejected.clone();
    rejected.sort();
    let want: Vec<(String, i64)> = ["device", "dossier_used", "duplicate", "invalid", "rate", "token_used"]
        .iter()
        .map(|r| (r.to_string(), 1))
        .collect();
    assert_eq!(rejected, want);
    assert!(s.token("h1").await.ok().flatten().is_some_and(|t| t.used_at.is_some()), "used with f3");
    assert!(s.token("h2").await.ok().flatten().is_some_and(|t| t.used_at.is_none()), "undone with the clash");
    let address = s.login_throttle("sipas:1", at, &per_address).await.unwrap_or_default();
    assert_eq!(address.failures, 3, "a refused attempt over the limit is not counted again");
    assert!(address.locked_until.is_some());
    let three = s.login_throttle("sipas:3", at, &per_address).await.unwrap_or_default();
    assert_eq!((three.failures, three.locked_until), (2, None));
    let audit = |action: &str| {
        let f = AuditFilter { action: Some(action.into()), ..AuditFilter::default() };
        async move { s.list_audit(&f).await.unwrap_or_default().len() }
    };
    assert_eq!((audit("sipas.responses").await, audit("sipas.rejected").await), (3, 6), "one entry each");
    assert!(s.verify_audit().await.is_ok_and(|r| r.is_ok()), "the chain holds");
    assert_eq!(s.submit_public(&[]).await.ok(), Some(Vec::new()));
}

pub async fn snapshots_version_changes_with_every_publication(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "tester".into() };
    let table = PublishedTable { columns: vec!["A".into()], rows: vec![vec!["1".into()]], note: String::new() };
    let mut seen = vec![s.snapshots_version().await.unwrap_or_else(|e| panic!("{e}"))];
    let first = s.publish_snapshot(&actor, "sipas", "Một", &table).await.unwrap_or_else(|e| panic!("{e}"));
    seen.push(s.snapshots_version().await.unwrap_or_default());
    assert_eq!(s.snapshots_version().await.ok().as_ref(), seen.last(), "unchanged without a publication");
    s.publish_snapshot(&actor, "sipas", "Hai", &table).await.unwrap_or_else(|e| panic!("{e}"));
    seen.push(s.snapshots_version().await.unwrap_or_default());
    let other = s.publish_snapshot(&actor, "plan_progress", "Ba", &table).await.unwrap_or_else(|e| panic!("{e}"));
    seen.push(s.snapshots_version().await.unwrap_or_default());
    s.unpublish_snapshot(&actor, other.id).await.unwrap_or_else(|e| panic!("{e}"));
    seen.push(s.snapshots_version().await.unwrap_or_default());
    assert!(first.id > 0);
    let distinct: std::collections::BTreeSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "every change gives a new version: {seen:?}");
}
