//! Storage case for PAR evidence by reference: a unit links one of its own task files or a
//! document number and date to a criterion; another unit's task file is refused; the links are
//! read as the evidence files are (a draft's by its unit only) and close with submission.

use cchc_domain::par::{criteria_templates, UnitGroup};
use cchc_domain::review::ReviewAction;
use cchc_domain::tracking::{TaskProgress, TaskState};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, NewEvidence, NewInstance, NewTaskEvent};
use cchc_storage::model_par::{NewParLink, NewRound};
use cchc_storage::{Store, StoreError};
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::{content_for_tracking, units_for_tracking};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
}

fn instance(unit: i64) -> Vec<NewInstance> {
    vec![NewInstance {
        key: "once".into(),
        label: "Quý II/2026".into(),
        period_start: Some(d(2026, 4, 1)),
        period_end: Some(d(2026, 6, 30)),
        due: Some(d(2026, 6, 30)),
        lead_unit_id: Some(unit),
    }]
}

/// Reports the instance led by `unit` done with file `name`.
async fn report_with_file(s: &dyn Store, actor: &Actor, unit: i64, name: &str) {
    let all = s.list_instances(&InstanceFilter::default()).await.unwrap_or_default();
    let inst = all.into_iter().find(|i| i.lead_unit_id == Some(unit)).unwrap_or_else(|| panic!("instance"));
    let mut p = TaskProgress::new();
    p.state = TaskState::ReportedDone;
    p.percent = Some(100);
    p.reported_done_on = Some(d(2026, 6, 20));
    let ev =
        NewTaskEvent { unit_id: Some(unit), action: "report_done".into(), percent: Some(100), ..Default::default() };
    let file = NewEvidence {
        file_name: name.into(),
        content_type: "application/pdf".into(),
        bytes: format!("%PDF-1.4 {name}").into_bytes(),
        sha256: name.into(),
    };
    s.apply_action(actor, inst.id, inst.version, &p, Some("on_time"), &ev, &[file])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

/// `par_sheet` gives what `scores`, `par_evidence` and `par_links` give to `vis` (or
/// `NotFound` where `scores` does).
pub(crate) async fn assert_sheet(s: &dyn Store, id: i64, vis: Visibility) {
    match s.par_sheet(id, vis).await {
        Ok(sheet) => {
            assert_eq!(sheet.scores, s.scores(id, vis).await.unwrap_or_else(|e| panic!("{e}")), "{vis:?}");
            assert_eq!(sheet.evidence, s.par_evidence(id, vis).await.unwrap_or_else(|e| panic!("{e}")), "{vis:?}");
            assert_eq!(sheet.links, s.par_links(id, vis).await.unwrap_or_else(|e| panic!("{e}")), "{vis:?}");
        }
        Err(StoreError::NotFound(_)) => {
            assert!(matches!(s.scores(id, vis).await, Err(StoreError::NotFound(_))), "{vis:?}");
            assert!(s.par_evidence(id, vis).await.unwrap_or_else(|e| panic!("{e}")).is_empty(), "{vis:?}");
        }
        Err(e) => panic!("{vis:?}: {e}"),
    }
}

pub async fn par_links_are_the_units_own_and_close_with_submission(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "par".into() };
    let (a, b) = units_for_tracking(h).await;
    let c = content_for_tracking("sha-links", a, b);
    s.save_plan(&actor, &c, None, &[instance(a), instance(b)]).await.unwrap_or_else(|e| panic!("{e}"));
    report_with_file(s, &actor, a, "a.pdf").await;
    report_with_file(s, &actor, b, "b.pdf").await;
    let (fa, fb) = (s.unit_task_files(a).await.unwrap_or_default(), s.unit_task_files(b).await.unwrap_or_default());
    assert_eq!((fa.len(), fb.len()), (1, 1));
    assert_eq!((fa[0].file_name.as_str(), fb[0].file_name.as_str()), ("a.pdf", "b.pdf"), "each unit its own");
    assert!(fa[0].task_label.contains("Quý II/2026"), "{}", fa[0].task_label);

    let set = criteria_templates()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|s| s.group == UnitGroup::new(UnitGroup::DEPARTMENTS))
        .unwrap_or_else(|| panic!("template"));
    let code = set.leaves()[0].node.code.clone();
    let stored = s.save_criteria_set(&actor, &set).await.unwrap_or_else(|e| panic!("{e}"));
    let round = NewRound {
        year: 2026,
        name: "2026".into(),
        self_due: d(2026, 11, 30),
        appraisal_due: d(2026, 12, 10),
        explanation_due: d(2026, 12, 15),
        approval_due: d(2026, 12, 20),
        units: vec![(a, stored.id)],
    };
    let r = s.create_round(&actor, &round).await.unwrap_or_else(|e| panic!("{e}"));
    let x = s.assessments(r.id, Visibility::Unit(a)).await.unwrap_or_default().remove(0);

    let foreign = s.add_par_link(&actor, x.id, &code, &NewParLink::TaskFile(fb[0].evidence_id)).await;
    assert!(matches!(foreign, Err(StoreError::Invalid(_))), "another unit's task file: {foreign:?}");
    assert!(s.par_links(x.id, Visibility::Unit(a)).await.unwrap_or_default().is_empty(), "nothing stored");
    let blank = NewParLink::Document { number: " ".into(), date: d(2026, 3, 5), summary: String::new() };
    assert!(matches!(s.add_par_link(&actor, x.id, &code, &blank).await, Err(StoreError::Invalid(_))));

    let own = s
        .add_par_link(&actor, x.id, &code, &NewParLink::TaskFile(fa[0].evidence_id))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(own.task_file.as_ref().map(|f| f.file_name.as_str()), Some("a.pdf"));
    let doc =
        NewParLink::Document {
            number: " 12/KH-UBND ".into(), date: d(2026, 3, 5), summary: "Kế hoạch CCHC".into()
        };
    let doc = s.add_par_link(&actor, x.id, &code, &doc).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.describe(), "Văn bản số 12/KH-UBND ngày 05/03/2026: Kế hoạch CCHC");

    // Read as the evidence files are: a draft's by its unit only.
    assert_eq!(s.par_links(x.id, Visibility::Unit(a)).await.unwrap_or_default().len(), 2);
    for vis in [Visibility::Unit(a), Visibility::Unit(b), Visibility::Province] {
        assert_sheet(s, x.id, vis).await;
    }
    for vis in [Visibility::Unit(b), Visibility::Province] {
        assert!(s.par_links(x.id, vis).await.unwrap_or_default().is_empty(), "{vis:?}");
        assert!(s.par_link_file(x.id, own.id, vis).await.unwrap_or_default().is_none(), "{vis:?}");
    }
    let (_, bytes) =
        s.par_link_file(x.id, own.id, Visibility::Unit(a)).await.unwrap_or_default().unwrap_or_else(|| panic!("file"));
    assert_eq!(bytes, b"%PDF-1.4 a.pdf");
    assert!(
        s.par_link_file(x.id, doc.id, Visibility::Unit(a)).await.unwrap_or_default().is_none(),
        "a document has no file"
    );

    let one = cchc_storage::model_par::SelfScore { code: code.clone(), mark: None, note: String::new() };
    let x = s.save_self_scores(&actor, x.id, x.version, &[one]).await.unwrap_or_else(|e| panic!("{e}"));
    let scored = s.scores(x.id, Visibility::Unit(a)).await.unwrap_or_default();
    assert_eq!(scored.iter().find(|r| r.score.code == code).map(|r| r.score.linked), Some(2), "counted as evidence");
    let x = s
        .move_assessment(&actor, x.id, x.version, ReviewAction::Submit, d(2026, 11, 20), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.par_links(x.id, Visibility::Province).await.unwrap_or_default().len(), 2, "the appraiser reads them");
    for vis in [Visibility::Unit(a), Visibility::Unit(b), Visibility::Province] {
        assert_sheet(s, x.id, vis).await;
    }
    let late = s.add_par_link(&actor, x.id, &code, &NewParLink::TaskFile(fa[0].evidence_id)).await;
    assert!(matches!(late, Err(StoreError::Conflict(_))), "closed once submitted");
    let audit = s.list_audit(&Default::default()).await.unwrap_or_default();
    assert_eq!(audit.iter().filter(|e| e.action == "par.evidence_link").count(), 2);
}
