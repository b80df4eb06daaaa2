//! `/api/docs`: a plain page listing the API's operations from the same document (no
//! JavaScript bundle): method, path, scope, summary, parameters and the schemas.

use axum::response::Response;
use minijinja::context;

use crate::ctx::Ctx;

/// GET `/api/docs`.
pub async fn page(ctx: Ctx) -> Response {
    let doc = super::openapi::document();
    let mut ops = Vec::new();
    for op in super::operations() {
        let params: Vec<String> = op.query.iter().map(|(n, d)| format!("{n}: {d}")).collect();
        let scope = format!(
            "{}:{}",
            op.area.code(),
            if op.access == cchc_domain::api_token::Access::Read { "read" } else { "write" }
        );
        let request = op.request.map(|f| {
            f(&mut Default::default())["$ref"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_string()
        });
        ops.push(context! { method => op.method, path => op.path, summary => op.summary, scope, params, request });
    }
    let schemas: Vec<(String, String)> = super::openapi::schemas(&doc)
        .into_iter()
        .map(|(k, v)| (k, serde_json::to_string_pretty(&v).unwrap_or_default()))
        .collect();
    ctx.render("api/docs.html", context! { ops, schemas })
}
