//! The public site's pages as rendered for anonymous visitors, kept per app node.
//!
//! A public page shows only published snapshots, so its body depends on nothing but the
//! snapshots' version (see `snapshots_version`), the page and the language. A body is kept
//! with the version it was rendered at and served again, with its `ETag` (a browser that has
//! it gets `304`), while the version holds. The version is read from the database at most
//! once per [`VERSION_TTL`] on this node, and at once after a publication through this node;
//! one made through another node shows here within that time. Logged-in users (whose pages
//! carry their name and menu) and pages with a one-time message are rendered live.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cchc_storage::DynStore;

use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

/// How long this node trusts the version it read last.
const VERSION_TTL: Duration = Duration::from_secs(1);

/// Pages kept at most (a page per current snapshot and language, and the index).
const CAPACITY: usize = 256;

/// Largest body kept (a published table of several thousand rows is served live).
const MAX_BODY: usize = 4 * 1024 * 1024;

struct Page {
    version: String,
    etag: HeaderValue,
    cache_control: HeaderValue,
    content_type: HeaderValue,
    body: Bytes,
}

/// The cache of one node.
#[derive(Default)]
pub struct PublicPages {
    version: Mutex<Option<(Instant, String)>>,
    pages: Mutex<HashMap<(String, Lang), std::sync::Arc<Page>>>,
}

impl PublicPages {
    /// A publication changed through this node: read the version again on the next request.
    pub fn invalidate(&self) {
        *self.version.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    async fn version(&self, store: &DynStore) -> AppResult<String> {
        if let Some((read, v)) = self.version.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            if read.elapsed() < VERSION_TTL {
                return Ok(v.clone());
            }
        }
        let v = store.snapshots_version().await?;
        *self.version.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), v.clone()));
        Ok(v)
    }

    /// The page for this request: the kept body when the visitor is anonymous and the version
    /// holds, otherwise `render`'s (kept for the next visitor when it is an anonymous `200`).
    pub async fn serve<F, Fut>(
        &self,
        store: &DynStore,
        ctx: &Ctx,
        headers: &HeaderMap,
        render: F,
    ) -> AppResult<Response>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<Response>>,
    {
        if ctx.auth.is_some() || ctx.req.flash.is_some() {
            return render().await;
        }
        let version = self.version(store).await?;
        let key = (ctx.req.path.clone(), ctx.req.lang);
        let kept = self.pages.lock().unwrap_or_else(|p| p.into_inner()).get(&key).cloned();
        if let Some(page) = kept.filter(|p| p.version == version) {
            return Ok(answer(&page, headers));
        }
        let r = render().await?;
        if r.status() != StatusCode::OK {
            return Ok(r);
        }
        let (parts, body) = r.into_parts();
        let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
            return Err(crate::error::AppError::Internal("trang công khai quá lớn".into()));
        };
        let tag = format!("\"pub-{version}-{}-{:016x}\"", ctx.req.lang.code(), digest(&body));
        let page = std::sync::Arc::new(Page {
            etag: HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"pub\"")),
            cache_control: parts
                .headers
                .get(header::CACHE_CONTROL)
                .cloned()
                .unwrap_or_else(|| HeaderValue::from_static("public, no-cache")),
            content_type: parts
                .headers
                .get(header::CONTENT_TYPE)
                .cloned()
                .unwrap_or_else(|| HeaderValue::from_static("text/html; charset=utf-8")),
            version,
            body,
        });
        let mut pages = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if pages.len() >= CAPACITY {
            pages.clear();
        }
        pages.insert(key, page.clone());
        drop(pages);
        Ok(answer(&page, headers))
    }
}

/// The kept page, or `304` when the browser has it already.
fn answer(page: &Page, headers: &HeaderMap) -> Response {
    let fresh = headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == page.etag.as_bytes());
    let mut r = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { page.body.clone().into_response() };
    let h = r.headers_mut();
    if !fresh {
        h.insert(header::CONTENT_TYPE, page.content_type.clone());
    }
    h.insert(header::ETAG, page.etag.clone());
    h.insert(header::CACHE_CONTROL, page.cache_control.clone());
    r
}

/// FNV-1a over the body: the ETag tells two renderings apart (a template changed with a new
/// release while the snapshots did not), it need not resist forgery.
fn digest(body: &[u8]) -> u64 {
    body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
