//! Storage cases for the PAR index: criteria sets stored as new versions and frozen by a round;
//! an assessment through the whole review path (self-assessment with evidence → submit →
//! withdraw → submit → appraise → return for explanation → explain → resubmit → accept →
//! approve → locked → revision); who reads what on the way.

use cchc_domain::par::{bands_template, criteria_templates, CriteriaSet, Mark, Points, SetStatus, UnitGroup};
use cchc_domain::review::{ReviewAction, ReviewState};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewEvidence;
use cchc_storage::model_par::{AppraisalScore, MarkRecord, NewRound, SelfScore};
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::units_for_tracking;

fn actor() -> Actor {
    Actor { user_id: None, login: "par".into() }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_else(|| panic!("date"))
}

fn departments() -> CriteriaSet {
    let all = criteria_templates().unwrap_or_else(|e| panic!("{e}"));
    all.into_iter().find(|s| s.group == UnitGroup::new(UnitGroup::DEPARTMENTS)).unwrap_or_else(|| panic!("template"))
}

fn pts(s: &str) -> Mark {
    Mark::Points(Points::parse(s).unwrap_or_else(|e| panic!("{e}")))
}

fn conflict<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Conflict(_)))
}

pub async fn par_sets_version_and_freeze(h: &Harness) {
    let s = h.store();
    let set = departments();
    let v1 = s.save_criteria_set(&actor(), &set).await.unwrap_or_else(|e| panic!("{e}"));
    let v2 = s.save_criteria_set(&actor(), &set).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((v2.set.version, v2.set.code.as_str()), (v1.set.version + 1, set.code.as_str()));
    let (a, _) = units_for_tracking(h).await;
    let round = NewRound {
        year: 2026,
        name: "Chỉ số CCHC năm 2026".into(),
        self_due: d(11, 30),
        appraisal_due: d(12, 15),
        explanation_due: d(12, 20),
        approval_due: d(12, 31),
        units: vec![(a, v1.id)],
    };
    s.create_round(&actor(), &round).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(s.criteria_set(v1.id).await.map(|x| x.set.frozen).unwrap_or_default(), "used by a round");
    assert!(!s.criteria_set(v2.id).await.map(|x| x.set.frozen).unwrap_or(true));
    assert_eq!(s.criteria_sets().await.unwrap_or_default().len(), 2);
}

pub async fn par_assessment_goes_the_whole_way(h: &Harness) {
    let s = h.store();
    let set = departments();
    let leaves: Vec<String> = set.leaves().iter().map(|n| n.node.code.clone()).collect();
    let stored = s.save_criteria_set(&actor(), &set).await.unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = units_for_tracking(h).await;
    let round = NewRound {
        year: 2026,
        name: "2026".into(),
        self_due: d(11, 30),
        appraisal_due: d(12, 15),
        explanation_due: d(12, 20),
        approval_due: d(12, 31),
        units: vec![(a, stored.id), (b, stored.id)],
    };
    let r = s.create_round(&actor(), &round).await.unwrap_or_else(|e| panic!("{e}"));
    let mine = s.assessments(r.id, Visibility::Unit(a)).await.unwrap_or_default();
    assert_eq!(mine.len(), 1, "a unit lists its own assessment only");
    let x = mine[0].clone();
    let (c1, c2) = (leaves[0].clone(), leaves[1].clone());
    let scores = [
        SelfScore { code: c1.clone(), mark: Some(pts("0")), note: "Chưa ban hành".into() },
        SelfScore { code: c2.clone(), mark: Some(pts("0,5")), note: "Bí mật của A".into() },
    ];
    let x = s.save_self_scores(&actor(), x.id, x.version, &scores).await.unwrap_or_else(|e| panic!("{e}"));
    let f = NewEvidence {
        file_name: "kh.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1".to_vec(),
        sha256: "h".into(),
    };
    let ev = s.add_par_evidence(&actor(), x.id, &f, &[c1.clone(), c2.clone()]).await.unwrap_or_else(|e| panic!("{e}"));
    for vis in [Visibility::Unit(a), Visibility::Unit(b), Visibility::Province] {
        crate::par_links::assert_sheet(s, x.id, vis).await;
    }
    // Nobody else reads a draft's scores or files.
    for vis in [Visibility::Unit(b), Visibility::Province] {
        assert!(s.scores(x.id, vis).await.unwrap_or_default().is_empty(), "{vis:?}");
        assert!(s.par_evidence(x.id, vis).await.unwrap_or_default().is_empty(), "{vis:?}");
        assert!(s.par_evidence_file(&ev.token, vis).await.unwrap_or_default().is_none(), "{vis:?}");
    }
    let own = s.scores(x.id, Visibility::Unit(a)).await.unwrap_or_default();
    assert_eq!(own.len(), 2);
    assert_eq!(
        own.iter().find(|r| r.score.code == c1).map(|r| r.score.evidence.clone()),
        Some(vec![ev.id]),
        "one file, two criteria"
    );

    let x = s
        .move_assessment(&actor(), x.id, x.version, ReviewAction::Submit, d(11, 20), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(x.status, ReviewState::Submitted);
    assert!(conflict(s.save_self_scores(&actor(), x.id, x.version, &scores).await), "locked once submitted");
    assert_eq!(s.scores(x.id, Visibility::Province).await.unwrap_or_default().len(), 2, "the office reads it now");
    let x = s
        .move_assessment(&actor(), x.id, x.version, ReviewAction::Withdraw, d(11, 21), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(x.status, ReviewState::Draft, "withdrawn before appraisal");
    let x = s
        .move_assessment(&actor(), x.id, x.version, ReviewAction::Submit, d(11, 22), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let look = [
        AppraisalScore {
            code: c2.clone(), mark: Some(pts("0,25")), reason: "Thiếu văn bản".into(), explain: false
        },
        AppraisalScore { code: c1.clone(), mark: None, reason: String::new(), explain: true },
    ];
    let x = s.save_appraisal(&actor(), x.id, x.version, &look).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(conflict(s.move_assessment(&actor(), x.id, x.version, ReviewAction::Withdraw, d(12, 1), None).await));
    assert!(matches!(
        s.move_assessment(&actor(), x.id, x.version, ReviewAction::Return, d(12, 1), Some(" ")).await,
        Err(StoreError::Invalid(_))
    ));
    let x = s
        .move_assessment(
            &actor(),
            x.id,
            x.version,
            ReviewAction::Return,
            d(12, 2),
            Some("Giải trình tiêu chí 1 trước 20/12/2026"),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(x.status, ReviewState::Returned);
    assert!(
        matches!(
            s.move_assessment(&actor(), x.id, x.version, ReviewAction::Submit, d(12, 3), None).await,
            Err(StoreError::Invalid(_))
        ),
        "every requested criterion needs its explanation"
    );
    assert!(
        matches!(
            s.save_explanations(&actor(), x.id, x.version, &[(c2.clone(), "x".into())]).await,
            Err(StoreError::Invalid(_))
        ),
        "only requested criteria are explained"
    );
    let x = s
        .save_explanations(&actor(), x.id, x.version, &[(c1.clone(), "Đã ban hành ngày 10/3".into())])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Every field of every score reads back as written, in code order; the file with both
    // of its criteria.
    let read = s.scores(x.id, Visibility::Unit(a)).await.unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<&str> = read.iter().map(|r| r.score.code.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "in code order");
    let score = |c: &str| read.iter().find(|r| r.score.code == c).unwrap_or_else(|| panic!("{c}")).clone();
    let (one, two) = (score(&c1), score(&c2));
    assert_eq!((one.score.self_mark, one.score.self_note.as_str()), (Some(pts("0")), "Chưa ban hành"));
    assert_eq!((one.score.appraised_mark, one.explain_requested), (None, true));
    assert_eq!(one.score.explanation, "Đã ban hành ngày 10/3");
    assert_eq!((two.score.self_mark, two.score.self_note.as_str()), (Some(pts("0,5")), "Bí mật của A"));
    assert_eq!((two.score.appraised_mark, two.score.appraisal_reason.as_str()), (Some(pts("0,25")), "Thiếu văn bản"));
    assert!(!two.explain_requested && two.score.explanation.is_empty());
    assert_eq!((one.score.evidence, two.score.evidence), (vec![ev.id], vec![ev.id]));
    let files = s.par_evidence(x.id, Visibility::Unit(a)).await.unwrap_or_else(|e| panic!("{e}"));
    let mut both = vec![c1.clone(), c2.clone()];
    both.sort();
    assert_eq!(files.iter().map(|f| (f.id, f.codes.clone())).collect::<Vec<_>>(), vec![(ev.id, both)]);
    for vis in [Visibility::Unit(a), Visibility::Unit(b), Visibility::Province] {
        crate::par_links::assert_sheet(s, x.id, vis).await;
    }
    let x = s
        .move_assessment(&actor(), x.id, x.version, ReviewAction::Submit, d(12, 5), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let x = s
        .move_assessment(&actor(), x.id, x.version, ReviewAction::Accept, d(12, 6), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(x.status, ReviewState::Accepted);

    let round = s.round(r.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(conflict(s.approve_round(&actor(), r.id, round.version, d(12, 7)).await), "unit B is not appraised yet");
    let y = s.assessments(r.id, Visibility::Unit(b)).await.unwrap_or_default().remove(0);
    let y = s
        .move_assessment(&actor(), y.id, y.version, ReviewAction::Submit, d(11, 25), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.move_assessment(&actor(), y.id, y.version, ReviewAction::Accept, d(12, 6), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let approved = s.approve_round(&actor(), r.id, round.version, d(12, 8)).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(approved.is_approved());
    assert!(conflict(s.save_appraisal(&actor(), x.id, x.version, &look).await), "locked after approval");
    assert!(matches!(s.revise_score(&actor(), x.id, &c2, pts("0,5"), "").await, Err(StoreError::Invalid(_))));
    s.revise_score(&actor(), x.id, &c2, pts("0,5"), "Quyết định điều chỉnh số 5/QĐ")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let after = s.scores(x.id, Visibility::Province).await.unwrap_or_default();
    let c2_final = after.iter().find(|r| r.score.code == c2).and_then(|r| r.score.final_mark());
    assert_eq!(c2_final, Some(pts("0,5")));
}

/// Scores `codes` of assessment `id` (a draft) with `mark`; returns the new version.
async fn fill(h: &Harness, id: i64, codes: &[String], mark: &str) -> i64 {
    let s = h.store();
    let a = s.assessment(id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    let scores: Vec<SelfScore> = codes
        .iter()
        .map(|c| SelfScore { code: c.clone(), mark: Some(pts(mark)), note: format!("ghi chú {c}") })
        .collect();
    s.save_self_scores(&actor(), id, a.version, &scores).await.unwrap_or_else(|e| panic!("{e}")).version
}

pub async fn par_round_marks_are_each_assessments_marks(h: &Harness) {
    let s = h.store();
    let set = departments();
    let leaves: Vec<String> = set.leaves().iter().map(|n| n.node.code.clone()).take(4).collect();
    let stored = s.save_criteria_set(&actor(), &set).await.unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = units_for_tracking(h).await;
    let new_round = |year: i32| NewRound {
        year,
        name: format!("{year}"),
        self_due: d(11, 30),
        appraisal_due: d(12, 15),
        explanation_due: d(12, 20),
        approval_due: d(12, 31),
        units: vec![(a, stored.id), (b, stored.id)],
    };
    let r = s.create_round(&actor(), &new_round(2026)).await.unwrap_or_else(|e| panic!("{e}"));
    let other = s.create_round(&actor(), &new_round(2027)).await.unwrap_or_else(|e| panic!("{e}"));
    let ids = |round: i64, unit| async move {
        s.assessments(round, Visibility::Unit(unit)).await.unwrap_or_default().remove(0).id
    };
    let (x, y, z) = (ids(r.id, a).await, ids(r.id, b).await, ids(other.id, a).await);
    // x: scored with evidence, then submitted; y: a scored draft; z: another round's, submitted.
    fill(h, x, &leaves, "0").await;
    let f = NewEvidence {
        file_name: "a.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF".to_vec(),
        sha256: "h".into(),
    };
    let ev = s.add_par_evidence(&actor(), x, &f, &leaves[..2]).await.unwrap_or_else(|e| panic!("{e}"));
    let v = s.assessment(x, Visibility::Province).await.map(|a| a.version).unwrap_or_default();
    s.move_assessment(&actor(), x, v, ReviewAction::Submit, d(11, 20), None).await.unwrap_or_else(|e| panic!("{e}"));
    fill(h, y, &leaves[..3], "0").await;
    let v = fill(h, z, &leaves, "0").await;
    s.move_assessment(&actor(), z, v, ReviewAction::Submit, d(11, 20), None).await.unwrap_or_else(|e| panic!("{e}"));

    for (vis, want) in [(Visibility::Province, vec![x]), (Visibility::Unit(a), vec![x]), (Visibility::Unit(b), vec![y])]
    {
        let all = s.round_marks(r.id, vis).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(all.keys().copied().collect::<Vec<_>>(), want, "{vis:?}: only what the reader may read");
        for (id, marks) in &all {
            let one: Vec<MarkRecord> = s
                .scores(*id, vis)
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|r| MarkRecord {
                    code: r.score.code,
                    self_mark: r.score.self_mark,
                    appraised_mark: r.score.appraised_mark,
                })
                .collect();
            assert_eq!(marks, &one, "{vis:?}: the marks scores() returns");
        }
    }
    // Appraised marks, "không phát sinh" and unscored criteria come back too.
    let look = [
        AppraisalScore { code: leaves[0].clone(), mark: Some(pts("0,25")), reason: "Thiếu".into(), explain: false },
        AppraisalScore {
            code: leaves[1].clone(),
            mark: Some(Mark::NotApplicable),
            reason: "Không".into(),
            explain: false,
        },
    ];
    let v = s.assessment(x, Visibility::Province).await.map(|a| a.version).unwrap_or_default();
    s.save_appraisal(&actor(), x, v, &look).await.unwrap_or_else(|e| panic!("{e}"));
    let marks = s.round_marks(r.id, Visibility::Province).await.unwrap_or_default().remove(&x).unwrap_or_default();
    assert_eq!(marks.len(), 4);
    let of = |c: &String| marks.iter().find(|m| m.code == *c).map(|m| (m.self_mark, m.appraised_mark));
    assert_eq!(of(&leaves[0]), Some((Some(pts("0")), Some(pts("0,25")))));
    assert_eq!(of(&leaves[1]), Some((Some(pts("0")), Some(Mark::NotApplicable))));
    assert_eq!(of(&leaves[2]), Some((Some(pts("0")), None)));
    assert!(ev.id > 0);
}

pub async fn par_bands_version_and_stay_as_approved(h: &Harness) {
    let s = h.store();
    let mut bands = bands_template().unwrap_or_else(|e| panic!("{e}"));
    bands.effective_from = d(1, 1);
    let v1 = s.save_band_set(&actor(), &bands).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v1.bands.version, 1);
    bands.bands[0].min = Points::whole(85);
    bands.status = SetStatus::Adopted;
    let v2 = s.save_band_set(&actor(), &bands).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((v2.bands.version, v2.bands.bands[0].min), (2, Points::whole(85)), "the next version");
    assert_eq!(s.band_set(v1.id).await.map(|x| x.bands.bands[0].min).ok(), Some(Points::whole(80)), "v1 as it was");
    let listed: Vec<u32> = s.band_sets().await.unwrap_or_default().iter().map(|x| x.bands.version).collect();
    assert_eq!(listed, vec![2, 1], "newest first");
    let (a, _) = units_for_tracking(h).await;
    let set = s.save_criteria_set(&actor(), &departments()).await.unwrap_or_else(|e| panic!("{e}"));
    let round = NewRound {
        year: 2026,
        name: "2026".into(),
        self_due: d(11, 30),
        appraisal_due: d(12, 15),
        explanation_due: d(12, 20),
        approval_due: d(12, 31),
        units: vec![(a, set.id)],
    };
    let r = s.create_round(&actor(), &round).await.unwrap_or_else(|e| panic!("{e}"));
    h.tamper(&format!("UPDATE par_rounds SET approved_on = '2026-12-08' WHERE id = {}", r.id)).await;
    bands.effective_from = d(12, 8);
    assert!(conflict(s.save_band_set(&actor(), &bands).await), "would reclass an approved round");
    assert_eq!(s.band_sets().await.unwrap_or_default().len(), 2, "nothing stored");
    bands.effective_from = d(12, 9);
    let v3 = s.save_band_set(&actor(), &bands).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v3.bands.version, 3);
    assert!(matches!(s.band_set(v3.id + 100).await, Err(StoreError::NotFound(_))));
    let audit = s.list_audit(&Default::default()).await.unwrap_or_default();
    assert_eq!(audit.iter().filter(|e| e.action == "par.bands.save").count(), 3, "each version audited");
}
