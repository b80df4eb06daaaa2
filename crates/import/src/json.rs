//! The JSON of a dry-run import (documented in `docs/import-json.md`) and the Vietnamese
//! one-screen summary the CLI prints.

use serde_json::{json, Value};

use cchc_domain::plan::{AreaScope, Assignment, DocumentKind, ParsedDocument, PlanTask};

fn agency(prefix: &str, a: &Assignment, out: &mut serde_json::Map<String, Value>) {
    out.insert(prefix.to_string(), json!(a.names));
    out.insert(format!("{prefix}_text"), json!(a.text));
    out.insert(format!("{prefix}_unresolved"), json!(a.unresolved));
    out.insert(format!("{prefix}_unit_ids"), json!(a.unit_ids));
    out.insert(format!("{prefix}_external"), json!(a.external));
}

fn task(t: &PlanTask) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("code".into(), json!(t.code));
    m.insert("title".into(), json!(t.title));
    m.insert("area".into(), json!(t.area));
    m.insert("objective".into(), json!(t.objective));
    m.insert("parent".into(), json!(t.parent));
    m.insert("after".into(), json!(t.after));
    m.insert("activities".into(), json!(t.activities));
    m.insert("outputs".into(), json!(t.outputs));
    agency("lead", &t.lead, &mut m);
    agency("coordinating", &t.coordinating, &mut m);
    m.insert("deadline".into(), json!(t.deadline));
    m.insert("milestones".into(), json!(t.milestones));
    m.insert("budget".into(), json!(t.budget));
    m.insert("source".into(), json!(t.source));
    Value::Object(m)
}

/// The import as JSON: `document`, `areas`, `targets`, `tasks`, `warnings`.
pub fn to_json(doc: &ParsedDocument) -> Value {
    let mut document = serde_json::to_value(&doc.document).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut document {
        m.insert("agencies_resolved".into(), json!(doc.agencies_resolved));
    }
    let targets: Vec<Value> = doc
        .targets
        .iter()
        .map(|t| {
            let mut m = serde_json::Map::new();
            m.insert("code".into(), json!(t.code));
            m.insert("area".into(), json!(t.area));
            m.insert("text".into(), json!(t.text));
            m.insert("target_text".into(), json!(t.target_text));
            m.insert("values".into(), json!(t.values));
            agency("monitoring", &t.monitoring, &mut m);
            agency("implementing", &t.implementing, &mut m);
            m.insert("source".into(), json!(t.source));
            Value::Object(m)
        })
        .collect();
    json!({
        "document": document,
        "areas": doc.areas,
        "targets": targets,
        "tasks": doc.tasks.iter().map(task).collect::<Vec<_>>(),
        "warnings": doc.warnings,
    })
}

fn kind_vi(k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::Plan => "Kế hoạch",
        DocumentKind::Decision => "Quyết định",
        DocumentKind::Notice => "Thông báo",
        DocumentKind::Other => "Văn bản",
    }
}

/// A short Vietnamese summary: what the document is and how much was read.
pub fn summary(doc: &ParsedDocument) -> String {
    let d = &doc.document;
    let mut head = kind_vi(d.kind).to_string();
    if let Some(n) = &d.number {
        head.push_str(&format!(" số {n}"));
    }
    if let Some(date) = d.date {
        head.push_str(&format!(" ngày {}", date.format("%d/%m/%Y")));
    }
    if let Some(p) = &d.province {
        head.push_str(&format!(" — {p}"));
    }
    let task_areas = doc.areas.iter().filter(|a| a.scope == AreaScope::Tasks).count();
    let unresolved: usize = doc
        .tasks
        .iter()
        .flat_map(|t| [&t.lead, &t.coordinating])
        .chain(doc.targets.iter().flat_map(|t| [&t.monitoring, &t.implementing]))
        .map(|a| a.unresolved.len())
        .sum();
    let mut lines = vec![head];
    if let Some(t) = &d.title {
        lines.push(format!("Trích yếu: {t}"));
    }
    lines.push(format!(
        "Lĩnh vực: {task_areas}; chỉ tiêu: {}; nhiệm vụ: {}; hoạt động: {}; cảnh báo: {}",
        doc.targets.len(),
        doc.tasks.len(),
        doc.activity_count(),
        doc.warnings.len()
    ));
    if doc.agencies_resolved {
        lines.push(format!("Cụm từ cơ quan chưa nhận diện được: {unresolved}"));
    } else {
        lines.push("Chưa đối chiếu tên cơ quan với danh mục đơn vị.".to_string());
    }
    for w in doc.warnings.iter().take(10) {
        let at = w.source.as_ref().map(|s| format!(" ({})", s.label())).unwrap_or_default();
        lines.push(format!("- {}{at}", w.message));
    }
    if doc.warnings.len() > 10 {
        lines.push(format!("- … và {} cảnh báo khác", doc.warnings.len() - 10));
    }
    lines.join("\n")
}
