//! Paper and interview questionnaires typed into a spreadsheet (one row per questionnaire:
//! `Mã phiếu | Đơn vị | Ngày | <question codes…>`), read by the one table reader, each row
//! checked by the domain. All or nothing, or the good rows with every bad one reported, as
//! the user chooses; repeated questionnaires are reported by row too.

use cchc_domain::sipas::{fingerprint, parse_sheet};
use cchc_domain::text::fold;
use cchc_domain::user::Actor;
use cchc_storage::model_sipas::{Channel, NewResponse};
use cchc_storage::{Store, StoreError};

use crate::accounts::ServiceError;

/// What an import did: rows stored, and the problems by row.
#[derive(Debug, Clone, Default)]
pub struct PaperImport {
    pub stored: usize,
    pub problems: Vec<(u32, String)>,
    /// Nothing was stored because of the problems (all-or-nothing).
    pub refused: bool,
}

/// Imports the coded questionnaires of `bytes` into campaign `id`.
pub async fn import_paper(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    file_name: &str,
    bytes: &[u8],
    all_or_nothing: bool,
) -> Result<PaperImport, ServiceError> {
    let rows = cchc_table::read_rows(bytes, file_name, &cchc_table::Limits::default()).map_err(|e| {
        let mut f = cchc_domain::validation::FieldErrors::default();
        f.add("file", e.to_string());
        ServiceError::Invalid(f)
    })?;
    let rows: Vec<(u32, Vec<String>)> = rows.into_iter().map(|r| (r.line as u32, r.cells)).collect();
    import_rows(store, actor, id, &rows, all_or_nothing).await
}

/// Imports coded questionnaires given as sheet rows (header first: `Mã phiếu | Đơn vị | Ngày |
/// <question codes…>`), each numbered; the file import and the API's paper entry both use it.
pub async fn import_rows(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    rows: &[(u32, Vec<String>)],
    all_or_nothing: bool,
) -> Result<PaperImport, ServiceError> {
    let campaign = store.campaign(id).await?;
    let q = store.questionnaire(campaign.questionnaire_id).await?.questionnaire;
    let units = store.all_units().await?;
    let parsed = parse_sheet(&q, rows);
    let mut out = PaperImport::default();
    for (row, errors) in &parsed.errors {
        out.problems.extend(errors.iter().map(|e| (*row, e.to_string())));
    }
    let mut good = Vec::new();
    for s in parsed.sheets {
        let key = fold(s.unit.trim());
        let unit = campaign
            .units
            .iter()
            .map(|(u, _)| *u)
            .find(|u| units.iter().any(|x| x.id == *u && (fold(&x.code) == key || fold(&x.name) == key)));
        let Some(unit) = unit else {
            out.problems.push((s.row, format!("đơn vị «{}» không thuộc đợt khảo sát", s.unit)));
            continue;
        };
        let fp = fingerprint(&q.code, q.version, unit, s.date, &s.answers);
        good.push((
            s.row,
            NewResponse {
                campaign_id: id,
                unit_id: unit,
                channel: Channel::Paper,
                answers: s.answers,
                fingerprint: fp,
            },
        ));
    }
    if all_or_nothing && !out.problems.is_empty() {
        out.refused = true;
        return Ok(out);
    }
    if all_or_nothing {
        let batch: Vec<NewResponse> = good.iter().map(|(_, r)| r.clone()).collect();
        return match store.add_responses(actor, &batch).await {
            Ok(ids) => Ok(PaperImport { stored: ids.len(), ..out }),
            Err(StoreError::Conflict(m)) => Ok(PaperImport { problems: vec![(0, m)], refused: true, ..out }),
            Err(e) => Err(e.into()),
        };
    }
    for (row, r) in good {
        match store.add_responses(actor, std::slice::from_ref(&r)).await {
            Ok(_) => out.stored += 1,
            Err(StoreError::Conflict(_)) => out.problems.push((row, "phiếu trùng với một phiếu đã nhập".into())),
            Err(e) => return Err(e.into()),
        }
    }
    out.problems.sort_by_key(|(r, _)| *r);
    Ok(out)
}
