//! Paper questionnaires of a SIPAS campaign posted through the API: the coded answers are laid
//! out as the rows of the paper-entry sheet and go through the sheet import's own app function
//! ([`import_rows`]), so each row meets the same checks as a row of the XLSX file. The caller
//! chooses all-or-nothing (one bad row: nothing stored, 422 naming every bad row) or per row
//! (the good ones stored, each answered accepted or rejected with its reason).
//!
//! [`import_rows`]: cchc_app::sipas::import_rows

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::Json;
use cchc_domain::sipas::sheet_header;
use cchc_domain::text::fold;

use super::auth::{Api, SipasWrite};
use super::json::ApiJson;
use super::problem::{ApiResult, FieldProblem, Problem};
use crate::auth::policy::OfficeOnly;
use crate::state::AppState;

crate::api_type! {
    /// One coded answer: the question's code and the answer as typed in the sheet's cell.
    in PaperAnswerIn { question: String, value: String }
}

crate::api_type! {
    /// One paper questionnaire: its code (mã phiếu), the unit (code or name), the day (dd/mm/yyyy) and its answers.
    in PaperSheetIn { code: String, unit: String, date: String, answers: Vec<PaperAnswerIn> }
}

crate::api_type! {
    /// Paper questionnaires of a campaign; `all_or_nothing`: store none when one is wrong.
    in PaperEntryIn { all_or_nothing: bool, questionnaires: Vec<PaperSheetIn> }
}

crate::api_type! {
    /// What became of one questionnaire (`index` in the request).
    out PaperRowOut { index: usize, code: String, accepted: bool, reason: Option<String> }
}

crate::api_type! {
    /// The questionnaires stored, and each one's answer.
    out PaperEntryOut { stored: usize, rows: Vec<PaperRowOut> }
}

pub const REFUSED: &str = "Không nhập phiếu nào vì có phiếu sai; xem danh sách lỗi theo từng phiếu.";

/// The sheet row of questionnaire `i` (the header is row 1).
fn row_of(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX - 2) + 2
}

/// POST `/api/v1/sipas/campaigns/{id}/paper`.
pub async fn post(
    auth: Api<OfficeOnly, SipasWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PaperEntryIn>,
) -> ApiResult<Json<PaperEntryOut>> {
    let store = state.store.as_ref();
    let campaign = store.campaign(id).await?;
    let q = store.questionnaire(campaign.questionnaire_id).await?.questionnaire;
    let header = sheet_header(&q);
    let column: BTreeMap<String, usize> = header.iter().enumerate().skip(3).map(|(i, c)| (fold(c), i)).collect();
    // Answers naming no question of the campaign's questionnaire, or one twice: the row is wrong.
    let mut problems: BTreeMap<usize, String> = BTreeMap::new();
    let mut rows = vec![(1, header.clone())];
    for (i, s) in b.questionnaires.iter().enumerate() {
        let mut cells = vec![String::new(); header.len()];
        cells[0].clone_from(&s.code);
        cells[1].clone_from(&s.unit);
        cells[2].clone_from(&s.date);
        let mut wrong = Vec::new();
        for a in &s.answers {
            match column.get(&fold(&a.question)) {
                None => wrong.push(format!("câu hỏi «{}» không có trong phiếu của đợt khảo sát", a.question)),
                Some(&c) if !cells[c].is_empty() => {
                    wrong.push(format!("câu hỏi «{}» được trả lời hai lần", a.question))
                }
                Some(&c) => cells[c].clone_from(&a.value),
            }
        }
        if wrong.is_empty() {
            rows.push((row_of(i), cells));
        } else {
            problems.insert(i, wrong.join("; "));
        }
    }
    let refuse = |problems: &BTreeMap<usize, String>, general: Option<String>| {
        let mut p = Problem::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, REFUSED);
        p.errors = problems
            .iter()
            .map(|(i, m)| FieldProblem { pointer: format!("/questionnaires/{i}"), detail: crate::error::capitalize(m) })
            .collect();
        if let Some(m) = general {
            p.errors.push(FieldProblem { pointer: "/questionnaires".into(), detail: crate::error::capitalize(&m) });
        }
        p
    };
    if b.all_or_nothing && !problems.is_empty() {
        return Err(refuse(&problems, None));
    }
    let r = cchc_app::sipas::import_rows(store, &auth.actor(), id, &rows, b.all_or_nothing).await?;
    let mut general = None;
    for (row, m) in r.problems {
        match usize::try_from(row).ok().and_then(|r| r.checked_sub(2)) {
            Some(i) => {
                problems.entry(i).and_modify(|x| *x = format!("{x}; {m}")).or_insert(m);
            }
            None => general = Some(m),
        }
    }
    if r.refused {
        return Err(refuse(&problems, general));
    }
    let rows = b
        .questionnaires
        .iter()
        .enumerate()
        .map(|(i, s)| PaperRowOut {
            index: i,
            code: s.code.clone(),
            accepted: !problems.contains_key(&i),
            reason: problems.get(&i).map(|m| crate::error::capitalize(m)),
        })
        .collect();
    Ok(Json(PaperEntryOut { stored: r.stored, rows }))
}
