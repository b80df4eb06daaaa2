//! Evidence by reference through `link_evidence`: a unit may link its own tasks' files and
//! documents by number and date; another unit's task file, a missing number or date, or a
//! criterion the unit does not score are refused by field, and nothing is stored.

use cchc_app::accounts::ServiceError;
use cchc_app::par::{link_evidence, LinkInput};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::{connect, ConnectOptions, DynStore};
use chrono::NaiveDate;

async fn store() -> (DynStore, std::path::PathBuf) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("cchc-par-links-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}", dir.join("cchc.db").display());
    (connect(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}")), dir)
}

fn fields(r: Result<cchc_storage::model_par::ParLink, ServiceError>) -> Vec<String> {
    match r {
        Err(ServiceError::Invalid(e)) => e.0.into_iter().map(|x| x.field).collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_links_its_own_evidence_only() {
    let (s, dir) = store().await;
    cchc_app::demo::seed(&s, None).await.unwrap_or_else(|e| panic!("{e}"));
    let stc = s.unit_by_code("HT-STC").await.ok().flatten().unwrap_or_else(|| panic!("HT-STC")).id;
    let round = s.rounds().await.unwrap_or_default().remove(0);
    let vis = Visibility::Unit(stc);
    let a = s.assessments(round.id, vis).await.unwrap_or_default().remove(0);
    let set = s.criteria_set(a.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let leaves = set.leaves();
    let code = leaves.iter().find(|r| !r.component.is_external()).map(|r| r.node.code.clone()).unwrap_or_default();
    let external = leaves.iter().find(|r| r.component.is_external()).map(|r| r.node.code.clone());
    let mut foreign = None;
    for u in s.all_units().await.unwrap_or_default().into_iter().filter(|u| u.id != stc) {
        if let Some(f) = s.unit_task_files(u.id).await.unwrap_or_default().into_iter().next() {
            foreign = Some(f.evidence_id);
            break;
        }
    }
    let foreign = foreign.unwrap_or_else(|| panic!("the demo's replayed year has task files"));
    let (actor, aid) = (Actor::system(), a.id);
    let link = |code: String, input: LinkInput| {
        let (s, actor) = (s.clone(), actor.clone());
        async move { link_evidence(s.as_ref(), &actor, aid, vis, &code, input).await }
    };

    assert_eq!(fields(link(code.clone(), LinkInput::TaskFile(Some(foreign))).await), ["link_file"], "another unit's");
    assert_eq!(fields(link(code.clone(), LinkInput::TaskFile(None)).await), ["link_file"]);
    let doc = |number: &str, date| LinkInput::Document { number: number.into(), date, summary: String::new() };
    let day = NaiveDate::from_ymd_opt(2026, 3, 5);
    assert_eq!(fields(link(code.clone(), doc(" ", None)).await), ["link_number", "link_date"]);
    if let Some(ext) = external {
        assert_eq!(fields(link(ext, doc("12/KH-UBND", day)).await), ["link_code"], "not scored by the unit");
    }
    assert!(s.par_links(aid, vis).await.unwrap_or_default().is_empty(), "nothing stored");

    let ok = link(code.clone(), doc("12/KH-UBND", day)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.describe(), "Văn bản số 12/KH-UBND ngày 05/03/2026");
    if let Some(own) = s.unit_task_files(stc).await.unwrap_or_default().first() {
        let l = link(code.clone(), LinkInput::TaskFile(Some(own.evidence_id))).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.task_file.map(|f| f.evidence_id), Some(own.evidence_id));
    }
    let _ = std::fs::remove_dir_all(dir);
}
