//! Reading an assessment's scores: one statement for the assessment, its scores, the evidence
//! files linked to each criterion and the references per criterion ([`scores`]), and the
//! sheet the assessment page shows under one visibility check ([`sheet`]).

use cchc_domain::par::CriterionScore;
use cchc_domain::visibility::Visibility;

use super::par_assess::{parse_mark, readable, Row, COLS};
use super::{json_rows, parse_json_rows, JsonFlag, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model_par::{Assessment, ParSheet, ScoreRecord};

/// A score as [`scores`] reads it: code, self mark, note, appraised mark, reason, whether an
/// explanation is asked, the explanation.
type ScoreRow = (String, Option<String>, String, Option<String>, String, JsonFlag, String);

/// A stored score with the ids of the evidence files linked to its criterion.
fn score_record(row: ScoreRow, evidence: Vec<i64>, linked: usize) -> StoreResult<ScoreRecord> {
    let (code, self_mark, self_note, appraised, reason, explain_requested, explanation) = row;
    Ok(ScoreRecord {
        score: CriterionScore {
            self_mark: parse_mark(self_mark)?,
            self_note,
            evidence,
            linked,
            appraised_mark: parse_mark(appraised)?,
            appraisal_reason: reason,
            explanation,
            code,
        },
        explain_requested: explain_requested.is_set(),
    })
}

/// The assessment with its scores, the evidence files linked to each criterion and the
/// number of references per criterion, each as one JSON value: one statement, one row.
#[derive(sqlx::FromRow)]
struct ScoresRow {
    #[sqlx(flatten)]
    a: Row,
    scores: String,
    files: String,
    refs: String,
}

pub(super) async fn scores(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<Vec<ScoreRecord>> {
    Ok(read_scores(store, id, vis).await?.1)
}

/// [`scores`], [`super::par_evidence::list`] and [`super::par_links::list`] under one
/// visibility check: the files and references are read only when the scores may be.
pub(super) async fn sheet(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<ParSheet> {
    let (a, scores) = read_scores(store, id, vis).await?;
    if !evidence_readable(&a, vis) {
        return Ok(ParSheet { scores, ..ParSheet::default() });
    }
    let (evidence, links) = tokio::try_join!(super::par_evidence::rows(store, id), super::par_links::rows(store, id))?;
    Ok(ParSheet { scores, evidence, links })
}

/// Whether `vis`, which may read `a`, reads its scores and evidence too (a draft's are its
/// unit's own).
pub(super) fn evidence_readable(a: &Assessment, vis: Visibility) -> bool {
    vis.root().is_some() || a.status.is_sent()
}

/// The assessment as `vis` may read it (`NotFound` otherwise) and its scores (none when
/// `vis` may not read them).
async fn read_scores(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<(Assessment, Vec<ScoreRecord>)> {
    let sql = format!(
        "SELECT {COLS}, {} AS scores, {} AS files, {} AS refs FROM par_assessments WHERE id = $1",
        json_rows(
            "code, self_mark, self_note, appraised_mark, appraisal_reason, explain_requested, explanation",
            "FROM par_scores WHERE assessment_id = $1"
        ),
        json_rows(
            "l.evidence_id, l.code",
            "FROM par_evidence_links l JOIN par_evidence e ON e.id = l.evidence_id WHERE e.assessment_id = $1"
        ),
        json_rows(
            "r.code, r.n",
            "FROM (SELECT code, COUNT(*) AS n FROM par_evidence_refs WHERE assessment_id = $1 GROUP BY code) r"
        ),
    );
    let row: Option<ScoresRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&store.read).await?;
    let row = row.ok_or(StoreError::NotFound("bản đánh giá"))?;
    let a = Assessment::try_from(row.a)?;
    if !readable(&a, vis) {
        return Err(StoreError::NotFound("bản đánh giá"));
    }
    if !evidence_readable(&a, vis) {
        return Ok((a, Vec::new())); // a draft's scores are its unit's own
    }
    let mut rows: Vec<ScoreRow> = parse_json_rows("điểm", &row.scores)?;
    rows.sort_by(|x, y| x.0.cmp(&y.0));
    let mut files: Vec<(i64, String)> = parse_json_rows("tài liệu kiểm chứng", &row.files)?;
    files.sort();
    let refs: Vec<(String, i64)> = parse_json_rows("tài liệu tham chiếu", &row.refs)?;
    let scores = rows
        .into_iter()
        .map(|row| {
            let evidence = files.iter().filter(|(_, c)| *c == row.0).map(|(e, _)| *e).collect();
            let linked = refs.iter().find(|(c, _)| *c == row.0).map_or(0, |(_, n)| usize::try_from(*n).unwrap_or(0));
            score_record(row, evidence, linked)
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok((a, scores))
}
