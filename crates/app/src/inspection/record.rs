//! The record of an inspection (checklist answers with notes, the conclusion, the findings
//! with their recommendation, files) and its closing. Each finding's recommendation becomes
//! a remedy the inspected unit tracks, with a due date; the unit is told.

use cchc_domain::inspection::{Answer, Severity};
use cchc_domain::text::clean;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewEvidence;
use cchc_storage::model_inspection::{AnswerRecord, Inspection, InspectionRecord, NewFinding};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// A finding as typed (on the record form or in a row of an outside sheet).
#[derive(Debug, Clone, Default)]
pub struct FindingFields {
    pub severity: String,
    pub area: String,
    pub text: String,
    pub recommendation: String,
    pub due: String,
    /// `có` / `không` (empty: evidence required).
    pub evidence_required: String,
}

/// The parts of a finding every source shares.
#[derive(Debug, Clone)]
pub struct FindingCore {
    pub severity: Severity,
    pub area: String,
    pub text: String,
    pub recommendation: String,
    pub due: NaiveDate,
    pub evidence_required: bool,
}

/// Checks typed finding fields; every problem is listed. The due date may not precede
/// `raised_on`.
pub fn parse_finding(f: &FindingFields, raised_on: NaiveDate) -> Result<FindingCore, Vec<String>> {
    let mut p = Vec::new();
    let severity = Severity::parse(&f.severity);
    if severity.is_none() {
        p.push(format!("mức độ \"{}\" không hợp lệ (Nhẹ, Trung bình, Nghiêm trọng).", clean(&f.severity)));
    }
    let (area, text, recommendation) = (clean(&f.area), clean(&f.text), clean(&f.recommendation));
    if text.is_empty() {
        p.push("thiếu nội dung phát hiện.".into());
    }
    if recommendation.is_empty() {
        p.push("thiếu nội dung kiến nghị khắc phục.".into());
    }
    let due = cchc_domain::registry_file::parse_date(&f.due);
    match due {
        None => p.push(format!("hạn xử lý \"{}\" không phải ngày dd/mm/yyyy.", clean(&f.due))),
        Some(d) if d < raised_on => {
            p.push(format!("hạn xử lý {} trước ngày kiến nghị {}.", d.format("%d/%m/%Y"), raised_on.format("%d/%m/%Y")))
        }
        _ => {}
    }
    let evidence_required = match cchc_domain::text::fold(&f.evidence_required).as_str() {
        "" | "co" | "x" | "1" | "on" => Some(true),
        "khong" | "0" => Some(false),
        _ => None,
    };
    if evidence_required.is_none() {
        p.push(format!(
            "cột cần tài liệu kiểm chứng ghi \"có\" hoặc \"không\", không phải \"{}\".",
            f.evidence_required
        ));
    }
    match (severity, due, evidence_required) {
        (Some(severity), Some(due), Some(evidence_required)) if p.is_empty() => {
            Ok(FindingCore { severity, area, text, recommendation, due, evidence_required })
        }
        _ => Err(p),
    }
}

/// What the team records.
#[derive(Debug, Clone, Default)]
pub struct RecordForm {
    /// (item code, answer code, note) for every checklist item.
    pub answers: Vec<(String, String, String)>,
    pub conclusion: String,
    pub findings: Vec<FindingFields>,
}

/// Records a planned inspection: every checklist item answered, findings checked (all or
/// nothing), stored in one write with the files; the unit is told of the findings.
pub async fn record(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    form: &RecordForm,
    files: Vec<NewEvidence>,
    today: NaiveDate,
) -> Result<Inspection, ServiceError> {
    let i = store.inspection(id, Visibility::Province).await?;
    let checklist = store.checklist(i.checklist_id).await?.checklist;
    let mut e = FieldErrors::default();
    let mut answers = Vec::new();
    for item in &checklist.items {
        let typed = form.answers.iter().find(|(c, _, _)| *c == item.code);
        match typed.and_then(|(_, a, n)| Answer::parse(a).map(|a| (a, clean(n)))) {
            Some((answer, note)) => {
                if answer == Answer::NotMet && note.is_empty() {
                    e.add(&format!("note-{}", item.code), format!("Mục {}: nội dung chưa đạt cần ghi chú.", item.code));
                }
                answers.push(AnswerRecord { item_code: item.code.clone(), answer, note });
            }
            None => e.add(&format!("answer-{}", item.code), format!("Mục {}: chưa chọn kết quả kiểm tra.", item.code)),
        }
    }
    let mut findings = Vec::new();
    for (n, f) in form.findings.iter().enumerate() {
        match parse_finding(f, today) {
            Ok(c) => findings.push(NewFinding {
                inspection_id: Some(id),
                unit_id: i.unit_id,
                source: cchc_domain::inspection::FindingSource::Inspection,
                source_ref: format!("Kiểm tra CCHC năm {}", i.year),
                severity: c.severity,
                area: c.area,
                text: c.text,
                recommendation: c.recommendation,
                due: Some(c.due),
                evidence_required: c.evidence_required,
                raised_on: today,
            }),
            Err(p) => {
                for m in p {
                    e.add(&format!("finding-{}", n + 1), format!("Phát hiện {}: {m}", n + 1));
                }
            }
        }
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let record = InspectionRecord { answers, conclusion: clean(&form.conclusion), recorded_on: today };
    let after = store.record_inspection(actor, id, expected_version, &record, &findings, &files).await?;
    if !findings.is_empty() {
        let body = findings
            .iter()
            .map(|f| {
                format!(
                    "{} (hạn {})",
                    f.recommendation,
                    f.due.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        super::notify_unit(
            store,
            format!("inspection:findings:{id}"),
            i.unit_id,
            today,
            format!("{} kiến nghị sau kiểm tra công tác CCHC cần khắc phục", findings.len()),
            body,
            format!("/inspections/{id}"),
        )
        .await;
    }
    Ok(after)
}

/// Closes an inspection whose every recommendation is resolved or waived.
pub async fn close(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    today: NaiveDate,
) -> Result<Inspection, ServiceError> {
    Ok(store.close_inspection(actor, id, expected_version, today).await?)
}
