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
    let (actor, a, c) = surveyed_unit(h).await;
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

/// A group's verdicts and ids are those of its submissions written one after the other:
/// duplicates of a stored response or of an earlier one in the group, a device's count only
/// for kept answers, and a token's response checked against the plain ones before it.
pub async fn grouped_verdicts_are_those_of_one_by_one(h: &Harness) {
    let s = h.store();
    let (actor, a, c) = surveyed_unit(h).await;
    s.issue_tokens(&actor, c, a, &["h1".into()], day(12, 31)).await.unwrap_or_else(|e| panic!("{e}"));
    let at = Utc.with_ymd_and_hms(2026, 12, 5, 3, 0, 0).single().unwrap_or_default();
    let today = Some(day(12, 5));
    let (per_address, per_device) = (ThrottleRule::fixed(100, 3600, 3600), ThrottleRule::fixed(2, 3600, 3600));
    let attempt = |device: &str, fp: &str, token: Option<&str>| PublicAttempt {
        campaign_id: c,
        unit_id: a,
        at,
        address: ("sipas:1".into(), per_address),
        device: (format!("sipas-device:{device}"), per_device),
        content: Ok((
            response(c, a, fp),
            PublicLink { token_hash: token.map(String::from), dossier_code: None, today },
        )),
    };
    let first = s.submit_public(&[attempt("d0", "f0", None)]).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(first[..], [PublicVerdict::Stored(_)]), "{first:?}");
    let group = [
        attempt("d1", "f0", None), // stored before the group
        attempt("d1", "f1", None),
        attempt("d1", "f1", None), // the same answers again: not counted against the device
        attempt("d1", "f2", None),
        attempt("d1", "f3", None), // the device's third kept answer
        attempt("d2", "f1", Some("h1")),
        attempt("d2", "f5", None),
        attempt("d3", "f5", Some("h1")),
        attempt("d3", "f6", Some("h1")),
        attempt("d4", "f6", None),
    ];
    let got = s.submit_public(&group).await.unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = got
        .iter()
        .map(|v| match v {
            PublicVerdict::Refused(r) => r,
            PublicVerdict::Stored(_) => "stored",
        })
        .collect();
    assert_eq!(
        names,
        [
            "duplicate",
            "stored",
            "duplicate",
            "stored",
            "device",
            "duplicate",
            "stored",
            "duplicate",
            "stored",
            "duplicate"
        ]
    );
    let ids: Vec<i64> = got
        .iter()
        .filter_map(|v| match v {
            PublicVerdict::Stored(id) => Some(*id),
            PublicVerdict::Refused(_) => None,
        })
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids in arrival order: {ids:?}");
    assert!(s.token("h1").await.ok().flatten().is_some_and(|t| t.used_at.is_some()), "used with f6 only");
    let device = s.login_throttle("sipas-device:d1", at, &per_device).await.unwrap_or_default();
    assert_eq!(device.failures, 2, "two kept answers");
    let counts = s.response_counts(c).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts.accepted, vec![(a, 5)]);
    let mut rejected = counts.rejected.clone();
    rejected.sort();
    assert_eq!(rejected, vec![("device".to_string(), 1), ("duplicate".to_string(), 5)]);
    assert!(s.verify_audit().await.is_ok_and(|r| r.is_ok()), "the chain holds");
}

/// A group larger than one multi-row statement holds (responses, refusals, audit entries):
/// every submission stored or refused once, every one audited, the chain whole.
pub async fn a_large_group_is_written_in_chunks(h: &Harness) {
    let s = h.store();
    let (_, a, c) = surveyed_unit(h).await;
    let at = Utc.with_ymd_and_hms(2026, 12, 5, 3, 0, 0).single().unwrap_or_default();
    let rule = ThrottleRule::fixed(5, 3600, 3600);
    let group: Vec<PublicAttempt> = (0..7_500)
        .map(|i| PublicAttempt {
            campaign_id: c,
            unit_id: a,
            at,
            address: (format!("sipas:{i}"), rule),
            device: (format!("sipas-device:{i}"), rule),
            // Every third a repeat of the one before; every hundredth refused by the app.
            content: if i % 100 == 99 {
                Err("invalid")
            } else {
                let fp = if i % 3 == 2 { i - 1 } else { i };
                Ok((response(c, a, &format!("f{fp}")), PublicLink { today: Some(day(12, 5)), ..PublicLink::default() }))
            },
        })
        .collect();
    let got = s.submit_public(&group).await.unwrap_or_else(|e| panic!("{e}"));
    let stored = got.iter().filter(|v| matches!(v, PublicVerdict::Stored(_))).count();
    let duplicates = got.iter().filter(|v| **v == PublicVerdict::Refused("duplicate")).count();
    let invalid = got.iter().filter(|v| **v == PublicVerdict::Refused("invalid")).count();
    assert_eq!((stored, duplicates, invalid), (4_975, 2_450, 75));
    let counts = s.response_counts(c).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts.accepted, vec![(a, 4_975)]);
    let f = |action: &str| AuditFilter { action: Some(action.into()), limit: Some(10_000), ..AuditFilter::default() };
    assert_eq!(s.list_audit(&f("sipas.responses")).await.unwrap_or_default().len(), 4_975);
    assert_eq!(s.list_audit(&f("sipas.rejected")).await.unwrap_or_default().len(), 2_525);
    assert!(s.verify_audit().await.is_ok_and(|r| r.is_ok()), "the chain holds");
}

/// A unit and a campaign surveying it, made by the tester.
async fn surveyed_unit(h: &Harness) -> (Actor, i64, i64) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "tester".into() };
    let unit =
        UnitInput { code: "A".into(), kind: Some(UnitKind::Department), name: "Sở A".into(), ..UnitInput::default() };
    let a = s.create_unit(&actor, &unit).await.unwrap_or_else(|e| panic!("{e}")).id;
    let c = campaign(s, &actor, a).await;
    (actor, a, c)
}
