//! The classification bands the office keeps decide a round's classes: the version in force
//! for the unit group on the round's day wins over the built-in template, a version taking
//! effect later does not apply yet, and once the council approved a round the bands it was
//! classed by are in use and no new version may reach back over its day.

use cchc_app::par::{band_versions, results, save_bands};
use cchc_app::synthetic::names::Rng;
use cchc_app::synthetic::par::{par_round, self_scores, ParOptions};
use cchc_domain::par::{bands_template, Band, BandSet, Points, SetStatus, UnitGroup};
use cchc_domain::review::ReviewAction;
use cchc_domain::user::Actor;
use cchc_storage::{connect, ConnectOptions, DynStore};
use chrono::NaiveDate;

async fn store() -> (DynStore, std::path::PathBuf) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("cchc-par-bands-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}", dir.join("cchc.db").display());
    (connect(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}")), dir)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// One band "label" from 0: every unit with an index gets it.
fn single(label: &str, from: NaiveDate, groups: Vec<UnitGroup>) -> BandSet {
    let mut b = bands_template().unwrap_or_else(|e| panic!("{e}"));
    b.code = "hatinh".into();
    b.name = format!("Xếp loại {label}");
    b.status = SetStatus::Adopted;
    b.effective_from = from;
    b.groups = groups;
    b.bands = vec![Band { label: label.into(), min: Points::ZERO }];
    b
}

async fn classes(s: &DynStore, round: i64) -> Vec<Option<String>> {
    let r = results(s.as_ref(), round).await.unwrap_or_else(|e| panic!("{e}"));
    r.lines.iter().map(|l| l.result.as_ref().and_then(|x| x.class.clone())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_is_classed_by_the_bands_in_force_on_its_day() {
    let (s, dir) = store().await;
    let opts = ParOptions { units: 6, criteria: 8, areas: 2, year: 2025, seed: 5 };
    let r = par_round(&s, &opts).await.unwrap_or_else(|e| panic!("{e}"));
    let actor = Actor::system();
    let mut rng = Rng::new(3);
    for a in &r.assessments {
        let scores = self_scores(&r.set, &mut rng);
        let mut x = s.save_self_scores(&actor, a.id, a.version, &scores).await.unwrap_or_else(|e| panic!("{e}"));
        for action in [ReviewAction::Submit, ReviewAction::Accept] {
            x = s
                .move_assessment(&actor, x.id, x.version, action, day(2025, 11, 1), None)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let template = classes(&s, r.round.id).await;
    assert!(template.iter().all(|c| c.as_deref().is_some_and(|c| ["Tốt", "Khá", "Trung bình", "Yếu"].contains(&c))));
    let groups = results(s.as_ref(), r.round.id).await.map(|x| x.lines[0].group.clone()).unwrap_or_default();

    // Another group's bands, and bands taking effect after the round's day, change nothing.
    let other = UnitGroup::new(if groups == UnitGroup::COMMUNES { UnitGroup::CENTRAL } else { UnitGroup::COMMUNES });
    save_bands(s.as_ref(), &actor, &single("Khác nhóm", day(2025, 1, 1), vec![other]))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    save_bands(s.as_ref(), &actor, &single("Sau này", day(2025, 12, 21), vec![]))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(classes(&s, r.round.id).await, template, "the template still applies");

    // The office's own bands in force on the round's day (its planned approval, 20/12) apply.
    let own = single("Đạt", day(2025, 6, 1), vec![UnitGroup::new(&groups)]);
    save_bands(s.as_ref(), &actor, &own).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(classes(&s, r.round.id).await.iter().all(|c| c.as_deref() == Some("Đạt")));

    // Approved on 19/12: those bands are in use; nothing may take effect on or before then.
    let round = s.round(r.round.id).await.unwrap_or_else(|e| panic!("{e}"));
    s.approve_round(&actor, round.id, round.version, day(2025, 12, 19)).await.unwrap_or_else(|e| panic!("{e}"));
    let versions = band_versions(s.as_ref()).await.unwrap_or_default();
    let in_use: Vec<&str> = versions.iter().filter(|v| v.in_use).map(|v| v.bands.name.as_str()).collect();
    assert_eq!(in_use, vec!["Xếp loại Đạt"]);
    assert!(versions.iter().any(|v| v.id.is_none() && v.template), "the template is listed, labelled");
    let before = versions.len();
    let late = single("Muộn", day(2025, 12, 19), vec![]);
    let refused = save_bands(s.as_ref(), &actor, &late).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("19/12/2025")));
    assert_eq!(band_versions(s.as_ref()).await.map(|v| v.len()).unwrap_or_default(), before, "nothing stored");
    assert!(classes(&s, r.round.id).await.iter().all(|c| c.as_deref() == Some("Đạt")), "approved classes stay");
    std::fs::remove_dir_all(dir).ok();
}
