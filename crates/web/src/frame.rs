//! Error pages drawn inside the asking user's frame. An error leaves its handler as a plain
//! page (the handler's error type knows nothing of the session); this layer, which runs
//! inside the session layer, draws it again with the user's header and menu, and after a
//! form post offers the way back to the form, where the browser still holds what was typed.

use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use minijinja::context;

use crate::auth::session::RequestCtx;
use crate::auth::Auth;
use crate::ctx::Ctx;
use crate::render::ErrorPage;

/// Frames error pages for logged-in users, and adds the way back after a failed form post.
/// API responses (problem documents) are left alone.
pub async fn errors(req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let auth = req.extensions().get::<Option<Auth>>().cloned().flatten();
    let rctx = req.extensions().get::<RequestCtx>().cloned();
    let posted = req.method() == Method::POST;
    let back = if posted { same_site_referer(req.headers()) } else { None };
    let res = next.run(req).await;
    let Some(page) = res.extensions().get::<ErrorPage>().cloned() else { return res };
    let Some(rctx) = rctx else { return res };
    if auth.is_none() && back.is_none() {
        return res;
    }
    let ctx = Ctx { auth, req: rctx, unread: None, notice: None };
    let status = res.status();
    let framed = ctx.render(
        "error.html",
        context! {
            status => status.as_u16(), title => page.title, hint => page.hint, detail => page.detail, kept => page.kept, back,
        },
    );
    // The error's own headers stay (Retry-After, cookies); the body and its type are the new page.
    let (mut parts, _) = res.into_parts();
    let (new_parts, body) = framed.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Some(ct) = new_parts.headers.get(header::CONTENT_TYPE) {
        parts.headers.insert(header::CONTENT_TYPE, ct.clone());
    }
    Response::from_parts(parts, body).into_response()
}

/// The path (with query) of the page the form was posted from, when it is one of ours: the
/// referer's origin must be this host. Anything else gives no link.
fn same_site_referer(h: &HeaderMap) -> Option<String> {
    let host = h.get(header::HOST)?.to_str().ok()?;
    let referer = h.get(header::REFERER)?.to_str().ok()?;
    let rest = referer.strip_prefix("http://").or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: &str, referer: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap_or_else(|e| panic!("{e}")));
        h.insert(header::REFERER, HeaderValue::from_str(referer).unwrap_or_else(|e| panic!("{e}")));
        h
    }

    #[test]
    fn only_our_own_pages_are_offered_as_the_way_back() {
        let ours = headers("cchc.example", "https://cchc.example/tasks/7?tab=x");
        assert_eq!(same_site_referer(&ours).as_deref(), Some("/tasks/7?tab=x"));
        assert_eq!(same_site_referer(&headers("cchc.example", "https://evil.example/tasks/7")), None);
        assert_eq!(same_site_referer(&headers("cchc.example", "https://cchc.example.evil/x")), None);
        assert_eq!(same_site_referer(&headers("cchc.example", "https://cchc.example//evil.example")), None);
        assert_eq!(same_site_referer(&headers("cchc.example", "javascript:alert(1)")), None);
    }
}
