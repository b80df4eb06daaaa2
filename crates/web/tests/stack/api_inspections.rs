//! Inspections, findings and initiatives through the API: each reader gets what the matching
//! page shows (a unit's token its own unit's, the office every one), every answer conforms to
//! the OpenAPI document, a bad date is a problem document naming the field.

use reqwest::StatusCode;
use serde_json::Value;

use crate::api::{token_for, Api};
use crate::harness::{start, unit_id};

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn inspections_findings_and_initiatives_are_read_as_their_pages_show_them() {
    let s = start().await;
    let sct = unit_id(&s, "HT-SCT").await;
    let stc = unit_id(&s, "HT-STC").await;
    let office = Api::new(&s, &token_for(&s, "vanphong", &["inspections:read"]).await).await;
    let unit = Api::new(&s, &token_for(&s, "taichinh", &["inspections:read"]).await).await;

    // The office reads the year's plan, the recorded inspection with its findings.
    let (st, all) = office.get("/api/v1/inspections").await;
    assert_eq!(st, StatusCode::OK, "{all}");
    let all = items(&all);
    let recorded = all.iter().find(|i| i["unit_id"] == sct).unwrap_or_else(|| panic!("{all:?}"));
    assert_eq!(recorded["state"], "recorded");
    assert_eq!(recorded["leader"], "Trần Văn Hùng");
    let id = recorded["id"].as_i64().unwrap_or_default();
    let (st, detail) = office.get(&format!("/api/v1/inspections/{id}")).await;
    assert_eq!(st, StatusCode::OK);
    let findings = detail["findings"].as_array().cloned().unwrap_or_default();
    assert!(!findings.is_empty(), "{detail}");
    assert!(findings.iter().all(|f| f["inspection_id"] == id && f["state"].is_string()));

    // The follow-up list holds them too, filtered by unit and day; a bad day is refused.
    let (_, of_sct) = office.get(&format!("/api/v1/findings?unit={sct}")).await;
    assert!(items(&of_sct).len() >= findings.len());
    assert!(items(&of_sct).iter().all(|f| f["unit_id"] == sct));
    let (st, p) = office.get("/api/v1/findings?from=31/02/2026").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["pointer"], "/from", "{p}");
    let (_, page) = office.get("/api/v1/findings?limit=1").await;
    assert_eq!(items(&page).len(), 1);
    if items(&of_sct).len() > 1 || items(&office.get("/api/v1/findings").await.1).len() > 1 {
        assert!(page["next_cursor"].is_string(), "{page}");
    }

    // A unit's token: its own unit's only; another unit's inspection is not found.
    let (_, mine) = unit.get("/api/v1/inspections").await;
    assert!(items(&mine).iter().all(|i| i["unit_id"] == stc), "{mine}");
    let (st, _) = unit.get(&format!("/api/v1/inspections/{id}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, f) = unit.get("/api/v1/findings").await;
    assert!(items(&f).iter().all(|x| x["unit_id"] == stc), "{f}");

    // Initiatives: the office sees the recognised one of the industry department; the unit
    // sees only its own unit's, as on its list page.
    let (_, ini) = office.get("/api/v1/initiatives").await;
    assert!(items(&ini).iter().any(|i| i["unit_id"] == sct && i["state"] == "recognised_province"), "{ini}");
    let (_, own) = unit.get("/api/v1/initiatives").await;
    assert!(items(&own).iter().all(|i| i["unit_id"] == stc), "{own}");
}
