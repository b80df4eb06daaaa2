//! The marks of a whole PAR round in one query, for results and rankings: one row per
//! assessment the reader may read, its marks aggregated by the database, instead of one row
//! per criterion (70,000 rows for 700 units × 100 criteria, each costing more to move out of
//! the driver than to score).

use std::collections::BTreeMap;

use cchc_domain::visibility::Visibility;

use super::par_assess::parse_mark;
use super::{corrupt, SqlStore};
use crate::error::StoreResult;
use crate::model_par::MarkRecord;

/// Which assessments of round `$1` a reader whose unit is `$2` (0: province-wide) may read the
/// scores of: a unit its own; province-wide readers those sent at least once (never a draft's).
const READABLE: &str = "a.round_id = $1 AND ($2 = 0 OR a.unit_id = $2) AND ($2 <> 0 OR a.status <> 'draft')";

/// Criteria are joined by `;` and a criterion's fields by `|`: neither occurs in a criterion
/// code (a dotted path) nor in a stored mark (`{"points":50}`, `"not_applicable"`).
const MARKS: &str = "string_agg(s.code || '|' || COALESCE(s.self_mark, '') || '|' || COALESCE(s.appraised_mark, ''), \
     ';' ORDER BY s.code)";

fn mark(text: &str) -> StoreResult<Option<cchc_domain::par::Mark>> {
    parse_mark(Some(text).filter(|t| !t.is_empty()).map(str::to_string))
}

fn records(packed: &str) -> StoreResult<Vec<MarkRecord>> {
    packed
        .split(';')
        .map(|one| match one.split('|').collect::<Vec<_>>().as_slice() {
            [code, own, appraised] => {
                Ok(MarkRecord { code: (*code).to_string(), self_mark: mark(own)?, appraised_mark: mark(appraised)? })
            }
            _ => Err(corrupt("điểm", one)),
        })
        .collect()
}

pub(super) async fn round_marks(
    store: &SqlStore,
    round: i64,
    vis: Visibility,
) -> StoreResult<BTreeMap<i64, Vec<MarkRecord>>> {
    let sql = format!(
        "SELECT a.id, {MARKS} FROM par_scores s JOIN par_assessments a ON a.id = s.assessment_id \
         WHERE {READABLE} GROUP BY a.id"
    );
    let rows: Vec<(i64, Option<String>)> =
        sqlx::query_as(&sql).bind(round).bind(vis.root().unwrap_or(0)).fetch_all(&store.read).await?;
    rows.into_iter().map(|(id, packed)| Ok((id, records(packed.as_deref().unwrap_or_default())?))).collect()
}
