//! PAR index downloads: a criteria set in the published layout, a unit's score sheet (self /
//! appraised / final / notes), a round's ranking, and evidence files. Readers are checked as
//! the pages check them.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_app::par::{set_rows, ResultsCache};
use cchc_domain::role::Role;
use cchc_export::{xlsx::to_xlsx, Cell, Column, Table};
use cchc_storage::DynStore;

use super::{download, XLSX};
use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::error::{AppError, AppResult};
use crate::pages::par::{mark_text, reader};

fn xlsx(t: Table, name: &str) -> AppResult<Response> {
    let bytes = to_xlsx(&[t]).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(bytes, XLSX, name))
}

/// GET `/par/sets/{id}/export.xlsx`: the set as provinces publish it (re-imports as is).
pub async fn set_xlsx(_: Require<AnyUser>, State(store): State<DynStore>, Path(id): Path<i64>) -> AppResult<Response> {
    let s = store.criteria_set(id).await?;
    let mut rows = set_rows(&s.set).into_iter();
    let header = rows.next().unwrap_or_default();
    let widths = [8.0, 60.0, 12.0, 50.0, 40.0, 24.0];
    let cols = header.iter().enumerate().map(|(i, h)| Column::new(h, widths.get(i).copied().unwrap_or(20.0))).collect();
    let mut t = Table::new("Bộ tiêu chí", &s.set.name.to_uppercase(), cols);
    t.subtitle.push(format!(
        "Phiên bản {} · hiệu lực từ {} · {}",
        s.set.version,
        s.set.effective_from.format("%d/%m/%Y"),
        s.set.status.label_vi()
    ));
    for r in rows {
        t.push(r.into_iter().map(Cell::Text).collect());
    }
    xlsx(t, &format!("bo-tieu-chi-{}-v{}.xlsx", s.set.code, s.set.version))
}

/// GET `/par/assessments/{id}/export.xlsx`: a unit's score sheet.
pub async fn score_sheet(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (a, round, vis) = reader(&auth, &store, id).await?;
    let set = store.criteria_set(a.set_id).await?.set;
    let scores = store.scores(id, vis).await?;
    let links = store.par_links(id, vis).await?;
    let unit = store.get_unit(a.unit_id).await?;
    let cols = [
        "STT",
        "Tiêu chí",
        "Điểm tối đa",
        "Tự đánh giá",
        "Thẩm định",
        "Điểm cuối cùng",
        "Thuyết minh",
        "Lý do điều chỉnh",
        "Giải trình",
        "Tài liệu kiểm chứng dẫn chiếu",
    ];
    let widths = [8.0, 60.0, 10.0, 12.0, 12.0, 12.0, 40.0, 30.0, 30.0, 40.0];
    let mut t = Table::new(
        "Bảng điểm",
        "BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        cols.iter().zip(widths).map(|(h, w)| Column::new(h, w)).collect(),
    );
    t.subtitle.push(format!("{} · {} · {}", unit.name, round.name, a.status.label_vi()));
    for r in set.walk() {
        let s = scores.iter().find(|s| s.score.code == r.node.code).map(|s| &s.score);
        t.push(vec![
            Cell::Text(r.node.stt.clone().unwrap_or_else(|| r.node.code.clone())),
            Cell::Text(r.node.name.clone()),
            Cell::Text(r.node.max.to_string()),
            Cell::Text(mark_text(s.and_then(|s| s.self_mark))),
            Cell::Text(mark_text(s.and_then(|s| s.appraised_mark))),
            Cell::Text(mark_text(s.and_then(|s| s.final_mark()))),
            Cell::Text(s.map(|s| s.self_note.clone()).unwrap_or_default()),
            Cell::Text(s.map(|s| s.appraisal_reason.clone()).unwrap_or_default()),
            Cell::Text(s.map(|s| s.explanation.clone()).unwrap_or_default()),
            Cell::Text(
                links.iter().filter(|l| l.code == r.node.code).map(|l| l.describe()).collect::<Vec<_>>().join("; "),
            ),
        ]);
    }
    xlsx(t, &format!("bang-diem-{}-{}.xlsx", unit.code, round.year))
}

/// GET `/par/rounds/{id}/ranking.xlsx`: the ranking of every group (published results; the
/// office also before approval).
pub async fn ranking(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    State(cache): State<std::sync::Arc<ResultsCache>>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = cache.results(store.as_ref(), id).await?;
    if !r.round.is_approved() && !auth.is_office() {
        return Err(AppError::NotFound("kết quả"));
    }
    let cols = ["Nhóm", "Xếp hạng", "Cơ quan, đơn vị", "Điểm", "Chỉ số (%)", "Xếp loại", "Tăng/giảm so với năm trước"];
    let widths = [28.0, 10.0, 45.0, 10.0, 12.0, 14.0, 16.0];
    let mut t = Table::new(
        "Xếp hạng",
        "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH",
        cols.iter().zip(widths).map(|(h, w)| Column::new(h, w)).collect(),
    );
    t.subtitle.push(format!(
        "{}{}",
        r.round.name,
        if r.round.is_approved() { "" } else { " (kết quả tạm thời, chưa phê duyệt)" }
    ));
    for (_, label, list) in &r.groups {
        for s in list {
            let rank = match (s.rank, s.tied) {
                (Some(n), true) => format!("{n} (đồng hạng)"),
                (Some(n), false) => n.to_string(),
                (None, _) => String::new(),
            };
            t.push(vec![
                Cell::Text(label.clone()),
                Cell::Text(rank),
                Cell::Text(s.name.clone()),
                Cell::Text(s.points.map(|p| p.to_string()).unwrap_or_default()),
                Cell::Text(s.index.map(|p| p.to_string()).unwrap_or_default()),
                Cell::Text(s.class.clone().unwrap_or_default()),
                Cell::Text(s.change.map(|p| p.to_string()).unwrap_or_default()),
            ]);
        }
    }
    xlsx(t, &format!("xep-hang-chi-so-cchc-{}.xlsx", r.round.year))
}

/// GET `/par/rounds/{id}/report.docx`: the appraisal report in the official format (the office
/// at any time, marked provisional before approval; others once approved).
pub async fn report_docx(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    State(config): State<std::sync::Arc<cchc_app::config::Config>>,
    State(cache): State<std::sync::Arc<ResultsCache>>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = cache.results(store.as_ref(), id).await?;
    if !r.round.is_approved() && !auth.is_office() {
        return Err(AppError::NotFound("kết quả"));
    }
    let issuer = cchc_app::consolidate::Issuer::load(store.as_ref(), &config.org).await?;
    let doc = cchc_app::par::appraisal_report(&r, &issuer, cchc_app::tracking::today());
    let bytes = super::build(move || cchc_export::docx::to_docx(&doc)).await?;
    Ok(download(bytes, super::DOCX, &format!("bao-cao-tham-dinh-chi-so-cchc-{}.docx", r.round.year)))
}

/// GET `/par/assessments/{id}/evidence.zip`: every evidence file of a unit's assessment, in one
/// folder per criterion, to those who may read it.
pub async fn evidence_zip(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (a, round, vis) = reader(&auth, &store, id).await?;
    let unit = store.get_unit(a.unit_id).await?;
    let mut entries = Vec::new();
    for e in store.par_evidence(id, vis).await? {
        let Some((_, bytes)) = store.par_evidence_file(&e.token, vis).await? else { continue };
        for code in &e.codes {
            entries.push((format!("{code}/{}", e.file_name), bytes.clone()));
        }
    }
    // Task files linked by reference go in their criterion's folder too.
    for l in store.par_links(id, vis).await? {
        if let Some((l, bytes)) = store.par_link_file(id, l.id, vis).await? {
            let name = l.task_file.map(|f| f.file_name).unwrap_or_default();
            entries.push((format!("{}/nhiem-vu-{}-{name}", l.code, l.id), bytes));
        }
    }
    if entries.is_empty() {
        return Err(AppError::NotFound("tài liệu kiểm chứng"));
    }
    let bytes = super::build(move || cchc_export::bundle::zip_files(&entries)).await?;
    Ok(download(bytes, "application/zip", &format!("tai-lieu-kiem-chung-{}-{}.zip", unit.code, round.year)))
}

/// GET `/par/evidence/{token}`: an evidence file, to those who may read its assessment.
pub async fn evidence(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    super::check_token(&token, "tệp")?;
    let vis = auth.scope();
    let (f, bytes) = store.par_evidence_file(&token, vis).await?.ok_or(AppError::NotFound("tệp"))?;
    // Appraisers and leaders read as the pages let them.
    if matches!(auth.user.role, Role::Appraiser | Role::Leader) {
        reader(&auth, &store, f.assessment_id).await?;
    }
    Ok(super::stored_file(bytes, &f.file_name, &f.content_type))
}

/// GET `/par/assessments/{id}/links/{link}`: a task's evidence file linked to a criterion, to
/// those who may read the assessment's evidence.
pub async fn linked_file(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path((id, link)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (_, _, vis) = reader(&auth, &store, id).await?;
    let (l, bytes) = store.par_link_file(id, link, vis).await?.ok_or(AppError::NotFound("tệp"))?;
    let f = l.task_file.ok_or(AppError::NotFound("tệp"))?;
    Ok(super::stored_file(bytes, &f.file_name, &f.content_type))
}
