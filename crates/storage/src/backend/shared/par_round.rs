//! The marks of a whole PAR round in one query, for results and rankings: one row per
//! assessment the reader may read, its marks aggregated by the database, instead of one row
//! per criterion (70,000 rows for 700 units × 100 criteria, each costing more to move out of
//! the driver than to score).

use std::collections::BTreeMap;

use cchc_domain::visibility::Visibility;

use super::{corrupt, SqlStore};
use crate::error::StoreResult;
use crate::model_par::MarkRecord;

/// Which assessments of round `$1` a reader whose unit is `$2` (0: province-wide) may read the
/// scores of: a unit its own; province-wide readers those sent at least once (never a draft's).
const READABLE: &str = "a.round_id = $1 AND ($2 = 0 OR a.unit_id = $2) AND ($2 <> 0 OR a.status <> 'draft')";

/// Criteria are joined by `;` and a criterion's fields by `|`: neither occurs in a criterion
/// code (a dotted path) nor in a stored mark (`{"points":50}`, `"not_applicable"`). The
/// database aggregates in the order it reads (sorting each group would cost a sort of every
/// mark of the round); [`records`] puts them in code order.
const MARKS: &str =
    "string_agg(s.code || '|' || COALESCE(s.self_mark, '') || '|' || COALESCE(s.appraised_mark, ''), ';')";

/// A stored mark as `par_assess::parse_mark` reads it, without copying the text first.
fn mark(text: &str) -> StoreResult<Option<cchc_domain::par::Mark>> {
    if text.is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text).map(Some).map_err(|_| corrupt("điểm", text))
}

fn records(packed: &str) -> StoreResult<Vec<MarkRecord>> {
    let mut out = packed
        .split(';')
        .map(|one| {
            let mut fields = one.split('|');
            match (fields.next(), fields.next(), fields.next(), fields.next()) {
                (Some(code), Some(own), Some(appraised), None) => {
                    Ok(MarkRecord { code: code.to_string(), self_mark: mark(own)?, appraised_mark: mark(appraised)? })
                }
                _ => Err(corrupt("điểm", one)),
            }
        })
        .collect::<StoreResult<Vec<_>>>()?;
    out.sort_unstable_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

pub(super) async fn round_marks(
    store: &SqlStore,
    round: i64,
    vis: Visibility,
) -> StoreResult<BTreeMap<i64, Vec<MarkRecord>>> {
    // Grouped in the order of the round's (round_id, unit_id) index: no temporary tree.
    let sql = format!(
        "SELECT a.id, {MARKS} FROM par_scores s JOIN par_assessments a ON a.id = s.assessment_id \
         WHERE {READABLE} GROUP BY a.unit_id, a.id"
    );
    let rows: Vec<(i64, Option<String>)> =
        sqlx::query_as(&sql).bind(round).bind(vis.root().unwrap_or(0)).fetch_all(&store.read).await?;
    rows.into_iter().map(|(id, packed)| Ok((id, records(packed.as_deref().unwrap_or_default())?))).collect()
}
