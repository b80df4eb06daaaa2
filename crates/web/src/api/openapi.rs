//! The OpenAPI 3.1 document, built from [`super::operations`] and the types' generated
//! schemas, served at `/api/openapi.json`.

use axum::Json;
use serde_json::{json, Map, Value};

use super::schema::Defs;

/// The problem document's schema (RFC 9457 with field errors).
fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": false,
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["pointer", "detail"], "additionalProperties": false,
                "properties": {"pointer": {"type": "string"}, "detail": {"type": "string"}}
            }}
        }
    })
}

/// The whole document.
pub fn document() -> Value {
    let mut defs = Defs::new();
    let mut paths: Map<String, Value> = Map::new();
    let problem = json!({"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}});
    for op in super::operations() {
        let mut params: Vec<Value> = op
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| {
                let ty = if name == "key" { "string" } else { "integer" };
                json!({"name": name, "in": "path", "required": true, "schema": {"type": ty}})
            })
            .collect();
        params.extend(op.query.iter().map(|(name, d)| json!({"name": name, "in": "query", "required": false, "description": d, "schema": {"type": "string"}})));
        let scope = format!(
            "{}:{}",
            op.area.code(),
            match op.access {
                cchc_domain::api_token::Access::Read => "read",
                cchc_domain::api_token::Access::Write => "write",
            }
        );
        let mut responses = Map::new();
        match op.response {
            Some(f) => {
                let schema = f(&mut defs);
                responses.insert(
                    "200".into(),
                    json!({"description": "OK", "content": {"application/json": {"schema": schema}}}),
                );
            }
            None => {
                responses.insert("204".into(), json!({"description": "Đã thực hiện"}));
            }
        }
        responses.insert("default".into(), json!({"description": "Lỗi (RFC 9457)", "content": problem.clone()}));
        let mut operation = json!({
            "summary": op.summary,
            "operationId": format!("{} {}", op.method, op.path),
            "parameters": params,
            "security": [{"token": [scope.clone()]}, {"session": []}],
            "x-scope": scope,
            "responses": responses,
        });
        if let Some(f) = op.request {
            let schema = f(&mut defs);
            operation["requestBody"] = json!({"required": true, "content": {op.content: {"schema": schema}}});
        }
        let entry = paths.entry(op.path.to_string()).or_insert_with(|| json!({}));
        entry[op.method.to_ascii_lowercase()] = operation;
    }
    defs.insert("Problem".into(), problem_schema());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "cchc API",
            "version": "1",
            "description": "Giao diện lập trình của hệ thống theo dõi cải cách hành chính. Xác thực bằng mã truy cập cá nhân (Authorization: Bearer …) hoặc phiên đăng nhập (kèm X-CSRF-Token khi ghi). Lỗi theo RFC 9457; tiếng Anh khi gửi Accept-Language: en.",
        },
        "paths": paths,
        "components": {
            "schemas": defs,
            "securitySchemes": {
                "token": {"type": "http", "scheme": "bearer", "description": "Mã truy cập cá nhân (cchc_…)"},
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::cookies::SESSION},
            }
        }
    })
}

/// GET `/api/openapi.json`.
pub async fn json() -> Json<Value> {
    Json(document())
}

/// The schemas of the document, for validating responses.
pub fn schemas(doc: &Value) -> Defs {
    doc["components"]["schemas"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_api_route_has_a_documented_operation_and_schemas() {
        let routes: BTreeSet<(String, String)> = crate::routes::ROUTES
            .iter()
            .filter(|(_, p, _)| p.starts_with("/api/v1/"))
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        let documented: BTreeSet<(String, String)> =
            super::super::operations().iter().map(|o| (o.method.to_string(), o.path.to_string())).collect();
        assert!(routes.len() >= 10, "{routes:?}");
        assert_eq!(routes, documented, "every /api/v1 route is in the OpenAPI document, and nothing else");
        let doc = document();
        let defs = schemas(&doc);
        for (m, p) in &routes {
            let op = &doc["paths"][p][m.to_ascii_lowercase()];
            assert!(
                op["responses"]["200"]["content"]["application/json"]["schema"].is_object()
                    || op["responses"]["204"].is_object(),
                "{m} {p}"
            );
            if m == "POST" && op["requestBody"].is_object() {
                let content = op["requestBody"]["content"].as_object().cloned().unwrap_or_default();
                assert!(content.len() == 1 && content.values().all(|c| c["schema"]["$ref"].is_string()), "{m} {p}");
            }
        }
        for (name, s) in &defs {
            assert!(s.is_object(), "schema {name} is complete");
        }
    }
}
