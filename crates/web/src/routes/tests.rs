use std::collections::BTreeSet;

use super::ROUTES;

/// (method, path) of every `.route(…)` call in [`super::routes`], read from its source file.
fn registered() -> BTreeSet<(String, String)> {
    let src = include_str!("../routes.rs");
    let body = src.split("pub fn routes()").nth(1).unwrap_or_default();
    let body = body.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = BTreeSet::new();
    // A call rustfmt spreads over lines (`.route(\n "…",`) reads like a one-line one.
    for call in body.split(".route(").skip(1) {
        let Some(call) = call.trim_start().strip_prefix('"') else { continue };
        let Some((path, rest)) = call.split_once('"') else { continue };
        let handlers = rest.split("))\n").next().unwrap_or(rest);
        for (token, method) in [("get(", "GET"), ("post(", "POST"), ("put(", "PUT"), ("delete(", "DELETE")] {
            if handlers.contains(token) {
                out.insert((method.to_string(), path.to_string()));
            }
        }
    }
    out
}

#[test]
fn the_router_and_the_access_table_list_the_same_routes() {
    let table: BTreeSet<(String, String)> = ROUTES.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    let router = registered();
    assert!(router.len() > 50, "the parser found the routes: {}", router.len());
    let unlisted: Vec<_> = router.difference(&table).collect();
    let missing: Vec<_> = table.difference(&router).collect();
    assert!(unlisted.is_empty(), "routes without an access row in ROUTES: {unlisted:?}");
    assert!(missing.is_empty(), "ROUTES rows without a route: {missing:?}");
    assert_eq!(table.len(), ROUTES.len(), "no route is listed twice");
}

#[test]
fn every_access_is_a_known_policy() {
    let known = [
        "public",
        "any_user",
        "unit_editor",
        "unit_reader",
        "unit_staff",
        "unit_head",
        "unit_focal",
        "office",
        "appraisers",
        "province_readers",
        "unit_actors",
        "admin",
    ];
    for (m, p, a) in ROUTES {
        assert!(known.contains(a), "{m} {p}: unknown access {a}");
    }
}
