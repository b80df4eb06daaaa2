//! SIPAS public-form storage: one-time tokens stored by digest in print batches for a unit of
//! the campaign; a public response marks its token used in the same transaction (a used,
//! expired or foreign token stores nothing); one response per dossier code and campaign; a
//! duplicate stores nothing and leaves its token unused.

use std::collections::BTreeMap;

use cchc_domain::sipas::{questionnaire_template, AnswerValue, NormalisedAnswers};
use cchc_domain::unit::{UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::model_sipas::{Channel, NewCampaign, NewResponse};
use cchc_storage::model_sipas_guard::{PublicLink, PublicOutcome};
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;

pub(crate) fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
}

pub(crate) fn response(campaign: i64, unit: i64, fingerprint: &str) -> NewResponse {
    let answers = BTreeMap::from([("C1".to_string(), AnswerValue::Scale(4))]);
    NewResponse {
        campaign_id: campaign,
        unit_id: unit,
        channel: Channel::Web,
        answers: NormalisedAnswers { answers, dropped_hidden: Vec::new() },
        fingerprint: fingerprint.into(),
    }
}

/// The template questionnaire and a fourth-quarter campaign of 2026 surveying `unit`.
pub(crate) async fn campaign(s: &dyn cchc_storage::Store, actor: &Actor, unit: i64) -> i64 {
    let q = questionnaire_template().unwrap_or_else(|e| panic!("{e}"));
    let q = s.save_questionnaire(actor, &q).await.unwrap_or_else(|e| panic!("{e}"));
    let c = NewCampaign {
        name: "Quý IV".into(),
        questionnaire_id: q.id,
        period_from: day(10, 1),
        period_to: day(12, 31),
        units: vec![(unit, 10)],
    };
    s.create_campaign(actor, &c).await.unwrap_or_else(|e| panic!("{e}")).id
}

pub async fn sipas_tokens_are_used_once_with_the_answers(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "tester".into() };
    let unit = |code: &str| UnitInput {
        code: code.into(),
        kind: Some(UnitKind::Department),
        name: format!("Sở {code}"),
        ..UnitInput::default()
    };
    let a = s.create_unit(&actor, &unit("A")).await.unwrap_or_else(|e| panic!("{e}")).id;
    let b = s.create_unit(&actor, &unit("B")).await.unwrap_or_else(|e| panic!("{e}")).id;
    let c = campaign(s, &actor, a).await;

    let r = s.issue_tokens(&actor, c, b, &["hb".into()], day(12, 31)).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "a unit the campaign does not survey: {r:?}");
    let batch = s.issue_tokens(&actor, c, a, &["h1".into(), "h2".into(), "h3".into()], day(12, 31)).await;
    assert_eq!(batch.ok(), Some(1));
    assert_eq!(s.issue_tokens(&actor, c, a, &["old".into()], day(11, 30)).await.ok(), Some(2));
    let t = s.token("h1").await.unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("stored"));
    assert_eq!((t.campaign_id, t.unit_id, t.batch, t.used_at), (c, a, 1, None));
    assert_eq!(s.token("never").await.ok(), Some(None));
    let r = s.issue_tokens(&actor, c, a, &["h1".into()], day(12, 31)).await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "a digest is stored once: {r:?}");

    let today = Some(day(12, 5));
    let with = |token: &str, dossier: Option<&str>| PublicLink {
        token_hash: Some(token.into()),
        dossier_code: dossier.map(String::from),
        today,
    };
    let stored = s.add_public_response(&response(c, a, "f1"), &with("h1", Some("HS-1"))).await;
    assert!(matches!(stored, Ok(PublicOutcome::Stored(_))), "{stored:?}");
    assert!(s.token("h1").await.ok().flatten().is_some_and(|t| t.used_at.is_some()), "marked used");
    let again = s.add_public_response(&response(c, a, "f2"), &with("h1", None)).await;
    assert_eq!(again.ok(), Some(PublicOutcome::TokenSpent), "a used token");
    let expired = s.add_public_response(&response(c, a, "f3"), &with("old", None)).await;
    assert_eq!(expired.ok(), Some(PublicOutcome::TokenSpent), "expired on 30/11");
    let unknown = s.add_public_response(&response(c, a, "f4"), &with("nope", None)).await;
    assert_eq!(unknown.ok(), Some(PublicOutcome::TokenSpent));
    let dossier = s.add_public_response(&response(c, a, "f5"), &with("h2", Some("HS-1"))).await;
    assert_eq!(dossier.ok(), Some(PublicOutcome::DossierUsed), "one response per dossier code");
    assert!(s.token("h2").await.ok().flatten().is_some_and(|t| t.used_at.is_none()), "rolled back");
    let duplicate = s.add_public_response(&response(c, a, "f1"), &with("h2", None)).await;
    assert_eq!(duplicate.ok(), Some(PublicOutcome::Duplicate));
    assert!(s.token("h2").await.ok().flatten().is_some_and(|t| t.used_at.is_none()), "rolled back");
    let plain = s.add_public_response(&response(c, a, "f6"), &PublicLink { today, ..PublicLink::default() }).await;
    assert!(matches!(plain, Ok(PublicOutcome::Stored(_))), "no token, no dossier: {plain:?}");

    let counts = s.response_counts(c).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts.accepted, vec![(a, 2)], "only the two accepted responses are stored");
    let tokens = s.token_counts(c).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tokens.iter().map(|t| (t.unit_id, t.issued, t.used)).collect::<Vec<_>>(), vec![(a, 4, 1)]);
    let stored = s.responses(c, Some(a)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.len(), 2);
}
