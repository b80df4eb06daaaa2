//! The scores of a whole PAR round in two queries (the scores, then their evidence links), for
//! results and rankings: what `scores` returns for each assessment the reader may see,
//! without a round trip per assessment.

use std::collections::{BTreeMap, HashMap};

use cchc_domain::visibility::Visibility;

use super::par_assess::{score_cols, score_record, ScoreRow};
use super::SqlStore;
use crate::error::StoreResult;
use crate::model_par::ScoreRecord;

/// Which assessments of round `$1` a reader whose unit is `$2` (0: province-wide) may read the
/// scores of: a unit its own; province-wide readers those sent at least once (never a draft's).
const READABLE: &str = "a.round_id = $1 AND ($2 = 0 OR a.unit_id = $2) AND ($2 <> 0 OR a.status <> 'draft')";

pub(super) async fn round_scores(
    store: &SqlStore,
    round: i64,
    vis: Visibility,
) -> StoreResult<BTreeMap<i64, Vec<ScoreRecord>>> {
    let unit = vis.root().unwrap_or(0);
    let sql = format!(
        "SELECT s.assessment_id, {} FROM par_scores s JOIN par_assessments a ON a.id = s.assessment_id \
         WHERE {READABLE} ORDER BY s.assessment_id, s.code",
        score_cols("s.")
    );
    type Row = (i64, String, Option<String>, String, Option<String>, String, bool, String);
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(round).bind(unit).fetch_all(&store.read).await?;
    let sql = format!(
        "SELECT e.assessment_id, l.code, l.evidence_id FROM par_evidence_links l \
         JOIN par_evidence e ON e.id = l.evidence_id JOIN par_assessments a ON a.id = e.assessment_id \
         WHERE {READABLE} ORDER BY l.evidence_id"
    );
    let links: Vec<(i64, String, i64)> = sqlx::query_as(&sql).bind(round).bind(unit).fetch_all(&store.read).await?;
    let mut evidence: HashMap<(i64, String), Vec<i64>> = HashMap::new();
    for (assessment, code, id) in links {
        evidence.entry((assessment, code)).or_default().push(id);
    }
    let mut out: BTreeMap<i64, Vec<ScoreRecord>> = BTreeMap::new();
    for (assessment, code, self_mark, self_note, appraised, reason, explain, explanation) in rows {
        let files = evidence.remove(&(assessment, code.clone())).unwrap_or_default();
        let row: ScoreRow = (code, self_mark, self_note, appraised, reason, explain, explanation);
        out.entry(assessment).or_default().push(score_record(row, files)?);
    }
    Ok(out)
}
